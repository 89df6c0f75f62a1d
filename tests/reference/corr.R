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
for (m in c("BH", "BY", "holm", "bonferroni", "hochberg", "hommel")) adj[[m]] <- format(p.adjust(sp, m), digits = 17)
write.table(adj, "tests/reference/padjust_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# ties and missing values (NA stays NA, the family is the non-missing
# p-values), for every method; and families of 1, 2 and 3
set.seed(99)
pt <- c(round(runif(30)^2, 2), NA, 0.01, 0.01, NA, 1, 0)
tie <- data.frame(set = "ties", p = pt)
for (k in 1:3) tie <- rbind(tie, data.frame(set = paste0("n", k), p = c(0.01, 0.04, 0.03)[1:k]))
for (m in c("BH", "BY", "holm", "bonferroni", "hochberg", "hommel"))
  tie[[m]] <- format(unlist(lapply(split(tie$p, factor(tie$set, unique(tie$set))), p.adjust, method = m)), digits = 17)
write.table(tie, "tests/reference/padjust_ties.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
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
# cor.test's default exact p (exact = NULL: Spearman by AS 89 for n <= 1290,
# Kendall exact for n < 50, both only without ties; with ties the
# approximation and a warning).  Samples of several sizes and strengths,
# with and without ties; writes the data (corr_exact_data.tsv: set x y)
# and, per set, n and the estimate with the default p and exact = FALSE's p
# (corr_exact.tsv); tests/unit/test_corr.c checks them (1e-9).
set.seed(1407)
dat <- NULL; ex <- NULL; s <- 0
mk <- function(n, rho, ties = FALSE) {
  x <- rnorm(n); y <- rho * x + sqrt(1 - rho^2) * rnorm(n)
  if (ties) { x <- round(x, 0); y <- round(y, 1) }
  list(x = x, y = y)
}
cases <- list(c(4, .9), c(5, .2), c(6, -.7), c(7, .5), c(8, .95), c(9, .3), c(9, -.99), c(10, .5), c(12, -.4),
              c(20, .3), c(30, .6), c(49, .2), c(50, .2), c(100, .3), c(100, .15), c(500, .1), c(1290, .05), c(1291, .05))
for (cs in cases) for (ties in c(FALSE, TRUE)) {
  n <- cs[1]; if (ties && n > 100) next
  d <- mk(n, cs[2], ties); s <- s + 1
  dat <- rbind(dat, data.frame(set = s, x = format(d$x, digits = 17), y = format(d$y, digits = 17)))
  for (m in c("spearman", "kendall")) {
    a <- suppressWarnings(cor.test(d$x, d$y, method = m))
    b <- suppressWarnings(cor.test(d$x, d$y, method = m, exact = FALSE))
    ex <- rbind(ex, data.frame(set = s, method = m, n = n, ties = as.integer(length(unique(d$x)) < n || length(unique(d$y)) < n),
                               r = format(unname(a$estimate), digits = 17), p = format(a$p.value, digits = 17),
                               p_approx = format(b$p.value, digits = 17)))
  }
}
write.table(dat, "tests/reference/corr_exact_data.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(ex, "tests/reference/corr_exact.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# Trust (issue 14) session data, tests/data/trust_corr.tsv: 40 patients;
# b follows a (r about 0.5); four4 has only 4 values, nearly collinear with
# a (r near 1, weak evidence); two2 has 2 values; grp has a level with a
# terminal escape sequence; g01 is 0/1.  tests/sessions/trust_roc_tests.rgx
# shows the ranking by p, the NA for fewer than 3 pairs, the exact p note,
# and the sanitised group names.
set.seed(2024)
n <- 40
a <- rnorm(n); b <- 0.5 * a + rnorm(n) * 0.85
four4 <- rep(NA, n); four4[1:4] <- a[1:4] * 2 + c(0.01, -0.02, 0.015, 0)
two2 <- rep(NA, n); two2[5:6] <- c(1, 2)
grp <- ifelse(a + rnorm(n) > 0, "high", "low\033[2J\033[31m")
g01 <- as.integer(b > 0)
write.table(data.frame(id = sprintf("T%02d", 1:n), a = round(a, 6), b = round(b, 6), four4 = round(four4, 6), two2 = two2,
                       grp = grp, g01 = g01), "tests/data/trust_corr.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
d <- read.delim("tests/data/trust_corr.tsv")
for (y in c("b", "four4")) {
  ct <- cor.test(d$a, d[[y]], method = "spearman"); cat(sprintf("# spearman a-%s: rho %.6g p %.6g\n", y, ct$estimate, ct$p.value))
}
cat(sprintf("# student t a by g01: t %.6g p %.6g\n", t.test(a ~ g01, d, var.equal = TRUE)$statistic, t.test(a ~ g01, d, var.equal = TRUE)$p.value))
