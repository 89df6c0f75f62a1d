# assoc.R — expected values for stats/contingency.c, from R.
# Run from the repository root:  Rscript tests/reference/assoc.R
#  - 2 x 2: mutation status (MC3 GBM, non-synonymous, primary tumours, 390
#    patients) of gene pairs: chisq.test (Yates) and fisher.test (exact);
#  - 4 x 2: Verhaak subtype x TP53 status on the 45 patients in both files:
#    chisq.test, and fisher.test's exact p (rgx's Monte-Carlo p must fall
#    within its Monte-Carlo error of it).
ns <- c("Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation")
maf <- read.delim(gzfile("tests/data/mc3_gbm.maf.gz"), stringsAsFactors = FALSE, quote = "")
maf <- maf[substr(maf$Tumor_Sample_Barcode, 14, 15) == "01", ]
maf$patient <- substr(maf$Tumor_Sample_Barcode, 1, 12)
pat <- sort(unique(maf$patient))
status <- function(gene) as.integer(pat %in% maf$patient[maf$Hugo_Symbol == gene & maf$Variant_Classification %in% ns])
pairs <- list(c("PTEN", "TP53"), c("EGFR", "PTEN"), c("TP53", "NF1"), c("IDH1", "TP53"), c("EGFR", "TTN"))
out <- NULL
for (pr in pairs) {
  a <- status(pr[1]); b <- status(pr[2])
  tab <- table(factor(a, 0:1), factor(b, 0:1))
  ch <- chisq.test(tab); fi <- fisher.test(tab)
  out <- rbind(out, data.frame(a = pr[1], b = pr[2], n00 = tab[1, 1], n01 = tab[1, 2], n10 = tab[2, 1], n11 = tab[2, 2],
                               chisq = format(unname(ch$statistic), digits = 17), p_chisq = format(ch$p.value, digits = 17),
                               p_fisher = format(fi$p.value, digits = 17)))
}
write.table(out, "tests/reference/assoc_2x2.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
v <- read.delim("tests/data/verhaak_clanc840_expression.txt", check.names = FALSE, stringsAsFactors = FALSE)
sub <- unlist(v[1, -(1:2)])
vp <- substr(names(sub), 1, 12)
keep <- vp %in% pat
tp53 <- as.integer(vp[keep] %in% maf$patient[maf$Hugo_Symbol == "TP53" & maf$Variant_Classification %in% ns])
tab <- table(sub[keep], tp53)
ch <- suppressWarnings(chisq.test(tab))
fi <- fisher.test(tab)
write.table(data.frame(subtype = rownames(tab), wt = tab[, 1], mut = tab[, 2]), "tests/reference/assoc_table.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)
write.table(data.frame(chisq = format(unname(ch$statistic), digits = 17), df = unname(ch$parameter),
                       p_chisq = format(ch$p.value, digits = 17), p_fisher_exact = format(fi$p.value, digits = 17)),
            "tests/reference/assoc_rxc.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# fisher.test's conditional MLE odds ratio and its 95% interval (issue 14):
# the 2 x 2 tables above and small ones with a zero cell.  fisher.test
# finds them with uniroot's default tolerance (about 1e-4); the same
# function with uniroot(tol = 1e-15) gives them precisely (or, or_low,
# or_high: rgx must match to 1e-6); R's own default values are kept too
# (or_r, low_r, high_r: within 1e-3 relative).
ft <- fisher.test
body(ft) <- parse(text = gsub("uniroot(", "uniroot(tol = 1e-15, ", paste(deparse(body(fisher.test)), collapse = "\n"),
                              fixed = TRUE))[[1]]
tabs <- lapply(seq_len(nrow(out)), function(i) matrix(c(out$n00[i], out$n10[i], out$n01[i], out$n11[i]), 2))
tabs <- c(tabs, list(matrix(c(3, 1, 1, 3), 2), matrix(c(0, 5, 4, 2), 2), matrix(c(7, 0, 2, 3), 2), matrix(c(10, 2, 3, 15), 2),
                     matrix(c(1, 9, 8, 2), 2), matrix(c(2, 2, 2, 2), 2)))
orr <- NULL
for (tb in tabs) {
  a <- ft(tb); b <- fisher.test(tb)
  orr <- rbind(orr, data.frame(n00 = tb[1, 1], n01 = tb[1, 2], n10 = tb[2, 1], n11 = tb[2, 2],
                               or = format(unname(a$estimate), digits = 17), or_low = format(a$conf.int[1], digits = 17),
                               or_high = format(a$conf.int[2], digits = 17), or_r = format(unname(b$estimate), digits = 17),
                               low_r = format(b$conf.int[1], digits = 17), high_r = format(b$conf.int[2], digits = 17)))
}
write.table(orr, "tests/reference/assoc_or.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# Levels no patient has together with a value of the other variable (fix2):
# a level seen only where the other variable is missing (a left join) gives
# table() an empty row or column; dropped, the table is 2 x 2 and
# test=auto is fisher.test's exact test on it.
dropped <- NULL
for (f in c("tests/data/assoc_dropped_col.csv", "tests/data/assoc_dropped_row.csv")) {
  d <- read.csv(f, stringsAsFactors = FALSE)
  d <- d[!is.na(d$grp) & !is.na(d$v), ]
  tb <- table(d$grp, d$v)
  tb <- tb[rowSums(tb) > 0, colSums(tb) > 0, drop = FALSE]
  fi <- fisher.test(tb)
  fp <- ft(tb)   # fisher.test solved precisely (above): its interval to 1e-6
  dropped <- rbind(dropped, data.frame(file = basename(f), n = sum(tb), nrow = nrow(tb), ncol = ncol(tb),
                                       p_fisher = format(fi$p.value, digits = 17),
                                       or_low = format(fp$conf.int[1], digits = 17)))
}
write.table(dropped, "tests/reference/assoc_dropped.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
