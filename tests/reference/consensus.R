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
