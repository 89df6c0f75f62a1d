# corrmap.R — expected values for stats/corrmap.c (tests/unit/test_corrmap.c):
# a correlation map as cor.test pair by pair, p.adjust over the family and
# the pairs kept, in rgx's order.  Run from the repository root:
#   Rscript tests/reference/corrmap.R
# Data: tests/data/geneexp_1500x100.tsv (100 patients), genes by position;
# in case "na" the X genes 3 and 7 lose the patients seq(k, 100, by = 11)
# (k = 3, 7), so those pairs use fewer patients.
# Each case: X genes, Y genes (or X with itself: the pairs i < j), method,
# p.adjust method, which pairs are kept (q < F or p < F, or all), top N.
# p as cor.test's default (exact = NULL): Spearman exact (AS 89) when
# neither side has ties, and rgx's documented tail rule (stats/corr.h,
# COR_EDGEWORTH_TAIL): where that exact p is below 1e-6 and below the t
# approximation's p, the t approximation's p.  Kendall: n >= 50, the
# normal approximation.
# Writes corrmap_expected.tsv (case x y n r p q, the kept pairs, strongest
# first: smaller p, then larger |r|, then map order) and
# corrmap_counts.tsv (case family tested nominal sig: pairs, with a
# correlation, at p < 0.05, at q < 0.05).
g <- t(as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)))
gna <- g
for (k in c(3, 7)) gna[seq(k, 100, by = 11), k] <- NA
pval <- function(x, y, method) {
  ok <- !is.na(x) & !is.na(y); x <- x[ok]; y <- y[ok]
  ct <- suppressWarnings(cor.test(x, y, method = method))
  p <- ct$p.value
  exact <- method == "spearman" && !any(duplicated(x)) && !any(duplicated(y)) && length(x) <= 1290
  if (exact && length(x) > 9 && p < 1e-6) {
    pt <- suppressWarnings(cor.test(x, y, method = method, exact = FALSE))$p.value
    if (p < pt) p <- pt
  }
  c(n = length(x), r = unname(ct$estimate), p = p)
}
cases <- list(
  list(name = "sp_bh_q05", x = 1:12, y = 13:42, m = "spearman", adj = "BH", keep = "q", lim = 0.05, top = 0, d = g),
  list(name = "sp_bh_all", x = 1:12, y = 13:42, m = "spearman", adj = "BH", keep = "all", lim = Inf, top = 0, d = g),
  list(name = "pe_by_p01", x = 1:12, y = 13:42, m = "pearson", adj = "BY", keep = "p", lim = 0.01, top = 0, d = g),
  list(name = "sp_holm_self", x = 1:20, y = NULL, m = "spearman", adj = "holm", keep = "q", lim = 0.1, top = 0, d = g),
  list(name = "sp_bh_na", x = 1:12, y = 13:42, m = "spearman", adj = "BH", keep = "q", lim = 0.05, top = 0, d = gna),
  list(name = "ke_hochberg_p05", x = 1:5, y = 13:22, m = "kendall", adj = "hochberg", keep = "p", lim = 0.05, top = 0, d = g),
  list(name = "sp_hommel_q2", x = 1:6, y = 13:32, m = "spearman", adj = "hommel", keep = "q", lim = 0.2, top = 0, d = g),
  list(name = "pe_bonf_top7", x = 1:12, y = 13:42, m = "pearson", adj = "bonferroni", keep = "q", lim = 0.5, top = 7, d = g))
out <- NULL; counts <- NULL
for (cs in cases) {
  d <- cs$d; self <- is.null(cs$y); ys <- if (self) cs$x else cs$y
  rows <- NULL; k <- 0
  for (i in seq_along(cs$x)) for (j in seq_along(ys)) {
    k <- k + 1
    if (self && j <= i) next
    v <- pval(d[, cs$x[i]], d[, ys[j]], cs$m)
    rows <- rbind(rows, data.frame(x = colnames(d)[cs$x[i]], y = colnames(d)[ys[j]], n = v[["n"]], r = v[["r"]], p = v[["p"]], k = k))
  }
  rows$q <- p.adjust(rows$p, cs$adj)
  counts <- rbind(counts, data.frame(case = cs$name, family = nrow(rows), tested = sum(!is.na(rows$r)),
                                     nominal = sum(rows$p < 0.05, na.rm = TRUE), sig = sum(rows$q < 0.05, na.rm = TRUE)))
  if (cs$keep == "q") rows <- rows[rows$q < cs$lim, ]
  if (cs$keep == "p") rows <- rows[rows$p < cs$lim, ]
  rows <- rows[order(rows$p, -abs(rows$r), rows$k), ]
  if (cs$top > 0) rows <- head(rows, cs$top)
  out <- rbind(out, data.frame(case = cs$name, x = rows$x, y = rows$y, n = rows$n, r = format(rows$r, digits = 17, trim = TRUE),
                               p = format(rows$p, digits = 17, trim = TRUE), q = format(rows$q, digits = 17, trim = TRUE)))
}
write.table(out, "tests/reference/corrmap_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(counts, "tests/reference/corrmap_counts.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
