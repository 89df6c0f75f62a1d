# consensus_km_pam.R — ConsensusClusterPlus with clusterAlg = "km" (k-means,
# Euclidean, as CCP always uses for km) and "pam" (k-medoids on Pearson
# distance) on the same ALL matrix as consensus.R (run that first), and
# cluster::pam on a small distance matrix for the exact PAM test.
# Run from the repository root:  Rscript tests/reference/consensus_km_pam.R
suppressMessages({ library(ConsensusClusterPlus); library(cluster) })
m <- read.delim("tests/reference/ccp_all_matrix.tsv", check.names = FALSE)
d <- as.matrix(m[, -1]); rownames(d) <- m$gene
for (alg in c("km", "pam")) {
  res <- ConsensusClusterPlus(d, maxK = 6, reps = 1000, pItem = 0.8, pFeature = 1, clusterAlg = alg,
                              distance = if (alg == "km") "euclidean" else "pearson", seed = 1262118388.71279,
                              plot = NULL)
  cls <- data.frame(sample = colnames(d))
  pac <- NULL
  for (k in 2:6) {
    cls[[paste0("k", k)]] <- res[[k]]$consensusClass
    cm <- res[[k]]$consensusMatrix
    v <- cm[lower.tri(cm)]
    pac <- rbind(pac, data.frame(k = k, pac = mean(v > 0.1 & v < 0.9)))
  }
  write.table(cls, sprintf("tests/reference/ccp_all_%s_classes.tsv", alg), sep = "\t", quote = FALSE, row.names = FALSE)
  write.table(pac, sprintf("tests/reference/ccp_all_%s_pac.tsv", alg), sep = "\t", quote = FALSE, row.names = FALSE)
}
# exact PAM: 40 points of R's iris (rows 1, 4, 7, ...), Euclidean on the 4 measurements
x <- as.matrix(iris[seq(1, 150, by = 4)[1:38], 1:4])
dm <- as.matrix(dist(x))
write.table(dm, "tests/reference/pam_dist.tsv", sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
out <- NULL
for (k in 2:5) {
  p <- pam(dm, k, diss = TRUE)
  out <- rbind(out, data.frame(k = k, objective = sum(apply(dm[, p$id.med, drop = FALSE], 1, min)),
                               medoids = paste(sort(p$id.med), collapse = ","),
                               clustering = paste(p$clustering, collapse = ",")))
}
write.table(out, "tests/reference/pam_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# k-means: the same 38 points; the best total within-cluster sum of squares
# over many starts (the global optimum for data this small)
write.table(x, "tests/reference/kmeans_points.tsv", sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
set.seed(1)
km <- sapply(2:5, function(k) kmeans(x, k, nstart = 500, iter.max = 100)$tot.withinss)
write.table(data.frame(k = 2:5, tot_withinss = sprintf("%.15g", km)), "tests/reference/kmeans_expected.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)
