# genesets.R — expected values for stats/gsva.c and stats/enrich.c (score,
# enrich), from R's GSVA 1.46 (Debian r-bioc-gsva) and base R.  Run from the
# repository root:  Rscript tests/reference/genesets.R
#
# Data: the real TCGA-GBM expression of tests/data/geneexp_1500x100.tsv
# (1,500 genes x 100 patients) and the MSigDB Hallmark sets
# (tests/data/h.all.v2024.1.Hs.symbols.gmt, CC BY 4.0; see SOURCES.md).
# Writes:
#   genesets_ssgsea.tsv         gsva(method = "ssgsea"), defaults (tau = 0.25, ssgsea.norm = TRUE),
#                               min.sz = 5, max.sz = 500: one row per set, one column per patient
#   genesets_ssgsea_raw.tsv     the same with ssgsea.norm = FALSE and tau = 0.5
#   genesets_gsva.tsv           gsva(method = "gsva", kcdf = "Gaussian"), mx.diff = TRUE, abs.ranking = FALSE
#   genesets_gsva_maxdev.tsv    the same with mx.diff = FALSE
#   genesets_gsva_abs.tsv       the same with abs.ranking = TRUE (mx.diff = TRUE)
#   genesets_gsva_poisson.tsv   kcdf = "Poisson" on counts floor(2^(x + 8)) of the same matrix
#   genesets_zscore.tsv         method = "zscore"
#   genesets_plage.tsv          method = "plage" (the SVD's sign, arbitrary: compare up to sign)
#   genesets_phyper.tsv         phyper(k - 1, M, N - M, n, lower.tail = FALSE) on a grid (17 digits)
#   genesets_ora.tsv            over-representation of a gene list in the Hallmark sets, the universe
#                               being the 1,500 genes: size, overlap, p, BH q
#   genesets_gsea_stats.tsv     the ranked list: gene, Spearman r of the gene with OS_days
#   genesets_gsea.tsv           per set: size, ES (Subramanian 2005, weight p = 1, a direct
#                               implementation below), and a gene-set permutation p and NES from
#                               10,000 permutations (R's RNG; compared within Monte-Carlo error)
suppressMessages(library(GSVA))
fmt <- function(x) sprintf("%.17g", x)
g <- as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE))
read_gmt <- function(path) {
    f <- strsplit(readLines(path), "\t")
    setNames(lapply(f, function(x) unique(x[-(1:2)])), vapply(f, `[`, "", 1))
}
sets <- read_gmt("tests/data/h.all.v2024.1.Hs.symbols.gmt")

put <- function(es, file) {
    d <- data.frame(set = rownames(es), matrix(fmt(es), nrow(es), dimnames = dimnames(es)), check.names = FALSE)
    write.table(d, file.path("tests/reference", file), sep = "\t", quote = FALSE, row.names = FALSE)
}
run <- function(m, ...) gsva(g, sets, method = m, min.sz = 5, max.sz = 500, verbose = FALSE, ...)
put(run("ssgsea"), "genesets_ssgsea.tsv")
put(run("ssgsea", ssgsea.norm = FALSE, tau = 0.5), "genesets_ssgsea_raw.tsv")
put(run("gsva", kcdf = "Gaussian"), "genesets_gsva.tsv")
put(run("gsva", kcdf = "Gaussian", mx.diff = FALSE), "genesets_gsva_maxdev.tsv")
put(run("gsva", kcdf = "Gaussian", abs.ranking = TRUE), "genesets_gsva_abs.tsv")
counts <- floor(2^(g + 8))
put(gsva(counts, sets, method = "gsva", kcdf = "Poisson", min.sz = 5, max.sz = 500, verbose = FALSE),
    "genesets_gsva_poisson.tsv")
put(run("zscore"), "genesets_zscore.tsv")
put(run("plage"), "genesets_plage.tsv")

# the hypergeometric upper tail, P(X >= k)
grid <- expand.grid(k = c(0, 1, 2, 5, 10, 30, 60), M = c(5, 50, 200), n = c(10, 100, 400), N = c(1500, 20000))
grid <- grid[grid$k <= pmin(grid$M, grid$n), ]
grid$p <- phyper(grid$k - 1, grid$M, grid$N - grid$M, grid$n, lower.tail = FALSE)
write.table(data.frame(grid[, c("k", "M", "n", "N")], p = fmt(grid$p)), "tests/reference/genesets_phyper.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)

# over-representation: the 100 genes of largest variance against the Hallmark
# sets, universe = the genes of the matrix, sets of 5..500 genes in it
universe <- rownames(g)
query <- names(sort(apply(g, 1, var), decreasing = TRUE))[1:100]
ora <- do.call(rbind, lapply(names(sets), function(s) {
    S <- intersect(sets[[s]], universe)
    if (length(S) < 5 || length(S) > 500) return(NULL)
    k <- length(intersect(S, query))
    data.frame(set = s, size = length(S), overlap = k,
               p = phyper(k - 1, length(S), length(universe) - length(S), length(query), lower.tail = FALSE))
}))
ora$q <- p.adjust(ora$p, "BH")
ora$p <- fmt(ora$p)
ora$q <- fmt(ora$q)
write.table(ora, "tests/reference/genesets_ora.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
writeLines(query, "tests/reference/genesets_ora_query.txt")

# preranked GSEA: genes ranked by their Spearman r with overall survival
os <- read.delim("tests/data/geneexp_1500x100_survival.tsv")
os <- os[match(colnames(g), os[[1]]), ]
r <- apply(g, 1, function(x) cor(x, os$OS_days, method = "spearman"))
ord <- order(-r, names(r))            # decreasing r, ties by gene name
r <- r[ord]
write.table(data.frame(gene = names(r), r = fmt(r)), "tests/reference/genesets_gsea_stats.tsv", sep = "\t",
            quote = FALSE, row.names = FALSE)
# Subramanian et al. 2005, weight p = 1: hits step up by |r_j| / N_R, misses
# down by 1 / (N - N_H); ES is the largest deviation from zero (fgsea's rule
# for a tie between the two: 0)
es_of <- function(hit) {
    w <- abs(r) * hit
    d <- cumsum(w / sum(w)) - cumsum((!hit) / sum(!hit))
    mx <- max(d); mn <- min(d)
    if (mx > -mn) mx else if (mx < -mn) mn else 0
}
genes <- names(r)
tested <- Filter(function(s) { k <- sum(genes %in% sets[[s]]); k >= 5 && k <= 500 }, names(sets))
es <- vapply(tested, function(s) es_of(genes %in% sets[[s]]), 0)
size <- vapply(tested, function(s) sum(genes %in% sets[[s]]), 0)
# gene-set permutation: random sets of the same size; p and NES as fgsea's
# simple method (p = (1 + #null as extreme, same sign) / (1 + #null of that sign))
set.seed(1)
nperm <- 10000
null <- lapply(sort(unique(size)), function(k) vapply(seq_len(nperm), function(i) {
    hit <- logical(length(genes)); hit[sample.int(length(genes), k)] <- TRUE; es_of(hit) }, 0))
names(null) <- sort(unique(size))
res <- do.call(rbind, lapply(tested, function(s) {
    z <- null[[as.character(size[[s]])]]
    e <- es[[s]]
    if (e >= 0) { p <- (1 + sum(z >= e)) / (1 + sum(z >= 0)); nes <- e / mean(z[z >= 0]) }
    else { p <- (1 + sum(z <= e)) / (1 + sum(z <= 0)); nes <- e / abs(mean(z[z <= 0])) }
    data.frame(set = s, size = size[[s]], es = fmt(e), nes = fmt(nes), p = fmt(p))
}))
write.table(res, "tests/reference/genesets_gsea.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
