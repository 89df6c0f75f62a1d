# screen.R — expected values for stats/groups.c, from R.
# Run from the repository root:  Rscript tests/reference/screen.R
#  - two groups: TP53 status (MC3 GBM MAF, non-synonymous classes, primary
#    tumour samples) of the patients of geneexp_1500x100.tsv; the first 12
#    genes: wilcox.test(exact = FALSE) W and p with the AUC W2/(n1 n2),
#    t.test (Welch) t, df and p; t.test(var.equal = TRUE) (test=student);
#  - four groups: the Verhaak subtype row of verhaak_clanc840_expression.txt;
#    the first 12 genes: kruskal.test and oneway.test(var.equal = TRUE).
ns <- c("Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation")
maf <- read.delim(gzfile("tests/data/mc3_gbm.maf.gz"), stringsAsFactors = FALSE, quote = "")
maf <- maf[substr(maf$Tumor_Sample_Barcode, 14, 15) == "01", ]
pat <- unique(substr(maf$Tumor_Sample_Barcode, 1, 12))
tp53 <- unique(substr(maf$Tumor_Sample_Barcode[maf$Hugo_Symbol == "TP53" & maf$Variant_Classification %in% ns], 1, 12))
g <- t(as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)))
g <- g[rownames(g) %in% pat, ]
grp <- factor(as.integer(rownames(g) %in% tp53))
out <- NULL
for (j in 1:12) {
  x <- g[, j]
  w <- wilcox.test(x ~ grp, exact = FALSE)
  n1 <- sum(grp == "0"); n2 <- sum(grp == "1")
  tt <- t.test(x ~ grp)
  ts <- t.test(x ~ grp, var.equal = TRUE)   # screen test=student
  out <- rbind(out, data.frame(gene = colnames(g)[j], n = length(x), W = unname(w$statistic),
                               p_mwu = format(w$p.value, digits = 17),
                               auc = format((n1 * n2 - unname(w$statistic)) / (n1 * n2), digits = 17),
                               t = format(unname(tt$statistic), digits = 17), df = format(unname(tt$parameter), digits = 17),
                               p_t = format(tt$p.value, digits = 17),
                               t_student = format(unname(ts$statistic), digits = 17),
                               df_student = unname(ts$parameter), p_student = format(ts$p.value, digits = 17)))
}
write.table(out, "tests/reference/screen_two.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
v <- read.delim("tests/data/verhaak_clanc840_expression.txt", check.names = FALSE, stringsAsFactors = FALSE)
sub <- factor(unlist(v[1, -(1:2)]))
e <- v[-1, ]
out <- NULL
for (j in 1:12) {
  x <- as.numeric(unlist(e[j, -(1:2)]))
  kt <- kruskal.test(x, sub)
  ft <- oneway.test(x ~ sub, var.equal = TRUE)
  out <- rbind(out, data.frame(gene = e[j, 1], n = sum(!is.na(x)), H = format(unname(kt$statistic), digits = 17),
                               p_kw = format(kt$p.value, digits = 17), F = format(unname(ft$statistic), digits = 17),
                               p_f = format(ft$p.value, digits = 17)))
}
write.table(out, "tests/reference/screen_groups.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
