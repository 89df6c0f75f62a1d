# consensus.R — ConsensusClusterPlus on Bioconductor's ALL data, set up as in
# the CCP vignette: the 500 genes of largest MAD, median-centred; hc with
# Pearson distance, reps = 1000, pItem = 0.8, pFeature = 1, k = 2..6.
# Writes the matrix rgx reads (tests/reference/ccp_all_matrix.tsv, genes x
# samples) and CCP's classes and PAC (ccp_all_classes.tsv, ccp_all_pac.tsv).
# Run from the repository root:  Rscript tests/reference/consensus.R
suppressMessages({ library(ALL); library(ConsensusClusterPlus) })
data(ALL)
d <- exprs(ALL)
mads <- apply(d, 1, mad)
d <- d[rev(order(mads))[1:500], ]
d <- sweep(d, 1, apply(d, 1, median, na.rm = TRUE))
write.table(data.frame(gene = rownames(d), d, check.names = FALSE), "tests/reference/ccp_all_matrix.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)
res <- ConsensusClusterPlus(d, maxK = 6, reps = 1000, pItem = 0.8, pFeature = 1, clusterAlg = "hc",
                            distance = "pearson", seed = 1262118388.71279, plot = NULL)
cls <- data.frame(sample = colnames(d))
pac <- NULL
for (k in 2:6) {
  cls[[paste0("k", k)]] <- res[[k]]$consensusClass
  m <- res[[k]]$consensusMatrix
  v <- m[lower.tri(m)]
  pac <- rbind(pac, data.frame(k = k, pac = mean(v > 0.1 & v < 0.9)))
}
write.table(cls, "tests/reference/ccp_all_classes.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(pac, "tests/reference/ccp_all_pac.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# The CDF area and delta exactly as CCP's CDF() computes them (issue 14: all
# 100 histogram bins): CCP's own CDF() is traced to capture areaK and deltaK
# together with the consensus matrices it was given, on a small simulated
# matrix (40 features x 30 samples, two planted groups; reps = 50, k = 2..5).
# Writes ccp_cdf_values.tsv (k and the lower-triangle consensus values) and
# ccp_cdf_area.tsv (k area delta); tests/unit/test_consensus.c bins the
# values with rgx's code and checks area and delta to 1e-12.
set.seed(3)
d <- matrix(rnorm(40 * 30), 40, 30)
d[1:20, 1:10] <- d[1:20, 1:10] + 1.5
d[21:40, 11:20] <- d[21:40, 11:20] + 1.5
colnames(d) <- sprintf("S%02d", 1:30)
got <- new.env()
trace(ConsensusClusterPlus:::CDF, print = FALSE, where = asNamespace("ConsensusClusterPlus"),
      exit = quote({ assign("areaK", areaK, envir = got); assign("deltaK", deltaK, envir = got); assign("ml", ml, envir = got) }))
pdf(NULL)
res <- ConsensusClusterPlus(d, maxK = 5, reps = 50, pItem = 0.8, pFeature = 1, clusterAlg = "hc",
                            distance = "pearson", seed = 7, plot = NULL)
invisible(dev.off())
untrace(ConsensusClusterPlus:::CDF, where = asNamespace("ConsensusClusterPlus"))
vals <- NULL
for (k in 2:5) {
  m <- got$ml[[k]]
  vals <- rbind(vals, data.frame(k = k, value = format(m[lower.tri(m)], digits = 17)))
}
write.table(vals, "tests/reference/ccp_cdf_values.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(data.frame(k = 2:5, area = format(got$areaK, digits = 17), delta = format(got$deltaK, digits = 17)),
            "tests/reference/ccp_cdf_area.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
