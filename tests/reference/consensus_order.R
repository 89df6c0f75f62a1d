# consensus_order.R — the patient order of `plot consensus`: as
# ConsensusClusterPlus draws its consensus matrix, the leaf order of
# hclust(as.dist(1 - M), finalLinkage = "average") (heatmap() with
# Colv = as.dendrogram(hc) keeps order.dendrogram(hc) = hc$order).  The
# input is the k = 3 consensus matrix of tests/plots/figures.rgx (cc.m3,
# saved by rgx); tests/shell/plots.sh checks that rgx still makes it and
# that consensus.dat is M[order, order].
# Run from the repository root:  Rscript tests/reference/consensus_order.R
M <- as.matrix(read.delim("tests/reference/consensus_order_m3.tsv", row.names = 1, check.names = FALSE))
hc <- hclust(as.dist(1 - M), method = "average")
write.table(data.frame(id = rownames(M)[hc$order]), "tests/reference/consensus_order_expected.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
