# hclust.R — expected merges, heights, orders and cutree labels of R's
# hclust on a small real matrix: Euclidean distances between the first 12
# patients of geneexp_1500x100.tsv over its first 50 genes.
# Run from the repository root:  Rscript tests/reference/hclust.R
g <- t(as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)))
x <- g[1:12, 1:50]
d <- dist(x)
write.table(as.matrix(d), "tests/reference/hclust_dist.tsv", sep = "\t", quote = FALSE, row.names = FALSE,
            col.names = FALSE)
out <- NULL; items <- NULL
for (m in c("average", "complete", "single", "ward.D2")) {
  h <- hclust(d, method = m)
  out <- rbind(out, data.frame(method = m, step = 1:11, m1 = h$merge[, 1], m2 = h$merge[, 2],
                               height = format(h$height, digits = 17)))
  items <- rbind(items, data.frame(method = m, item = 1:12, order = h$order, k3 = cutree(h, 3), k4 = cutree(h, 4)))
}
write.table(out, "tests/reference/hclust_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(items, "tests/reference/hclust_items.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
