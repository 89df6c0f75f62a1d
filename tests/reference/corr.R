# corr.R — expected values for stats/corr.c and stats/padjust.c, from R.
# Run from the repository root:  Rscript tests/reference/corr.R
#  - geneexp_1500x100.tsv (complete data): the first 8 genes with the next 6,
#    cor.test(exact = FALSE) for pearson, spearman and kendall;
#  - mc3_gbm_clinical_cdr.tsv (missing values and ties): age and n_vars_all
#    with OS and PFI times, death days and new-tumour days (with NAs), complete pairs per test;
#  - p.adjust of the 48 Spearman p-values by BH, BY, holm and bonferroni.
g <- t(as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)))
cdr <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv", na.strings = c("", "NA", "[Not Available]"))
rows <- NULL
add <- function(set, x, y, X, Y) {
  for (m in c("pearson", "spearman", "kendall")) {
    ok <- !is.na(X) & !is.na(Y)
    ct <- suppressWarnings(cor.test(X, Y, method = m, exact = FALSE))
    rows <<- rbind(rows, data.frame(set = set, method = m, x = x, y = y, n = sum(ok),
                                    r = format(unname(ct$estimate), digits = 17),
                                    p = format(ct$p.value, digits = 17)))
  }
}
for (i in 1:8) for (j in 9:14) add("genes", colnames(g)[i], colnames(g)[j], g[, i], g[, j])
for (x in c("CDR_age_at_initial_pathologic_diagnosis", "n_vars_all"))
  for (y in c("CDR_OS.time", "CDR_PFI.time", "CDR_death_days_to", "CDR_new_tumor_event_dx_days_to")) add("cdr", x, y, cdr[[x]], cdr[[y]])
write.table(rows, "tests/reference/corr_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
sp <- as.numeric(rows$p[rows$set == "genes" & rows$method == "spearman"])
adj <- data.frame(p = format(sp, digits = 17))
for (m in c("BH", "BY", "holm", "bonferroni")) adj[[m]] <- format(p.adjust(sp, m), digits = 17)
write.table(adj, "tests/reference/padjust_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
