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
# partial correlation (ppcor::pcor.test's formula: residuals of both sides on
# the covariates, Spearman on ranks; t on n - 2 - k df)
pc <- function(x, y, Z, method) {
  ok <- complete.cases(cbind(x, y, Z)); x <- x[ok]; y <- y[ok]; Z <- as.matrix(Z)[ok, , drop = FALSE]
  if (method == "spearman") { x <- rank(x); y <- rank(y); Z <- apply(Z, 2, rank) }
  r <- cor(resid(lm(x ~ Z)), resid(lm(y ~ Z)))
  n <- length(x); k <- ncol(Z); t <- r * sqrt((n - 2 - k) / (1 - r^2))
  c(n = n, r = r, p = 2 * pt(-abs(t), n - 2 - k))
}
prows <- NULL
for (m in c("pearson", "spearman")) {
  a1 <- pc(g[, "CCK"], g[, "RPS4Y2"], g[, "EIF1AY", drop = FALSE], m)
  a2 <- pc(g[, "LTF"], g[, "CDH18"], g[, c("MAL2", "FCGR3A")], m)
  a3 <- pc(cdr$CDR_age_at_initial_pathologic_diagnosis, cdr$CDR_new_tumor_event_dx_days_to, cdr[, c("n_vars_all", "CDR_OS.time")], m)
  for (x in list(list("CCK", "RPS4Y2", "EIF1AY", a1), list("LTF", "CDH18", "MAL2,FCGR3A", a2),
                 list("CDR_age_at_initial_pathologic_diagnosis", "CDR_new_tumor_event_dx_days_to", "n_vars_all,CDR_OS.time", a3)))
    prows <- rbind(prows, data.frame(method = m, x = x[[1]], y = x[[2]], z = x[[3]], n = x[[4]][1],
                                     r = format(x[[4]][2], digits = 17), p = format(x[[4]][3], digits = 17)))
}
write.table(prows, "tests/reference/pcor_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
