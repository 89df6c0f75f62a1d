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
