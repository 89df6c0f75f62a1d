# heatmap_order.R — the row and column order of a clustered heatmap
# (plot heatmap CORR cluster=yes; stats/hclust.c hclust_cor_order): average
# linkage on 1 - Pearson r between rows, missing values taken as 0, as
#   hclust(as.dist(1 - cor(t(m))), method = "average")$order
# on a small real matrix: the first 15 patients x 20 genes of
# geneexp_1500x100.tsv, with four values made missing.
# Run from the repository root:  Rscript tests/reference/heatmap_order.R
g <- t(as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)))
m <- g[1:15, 1:20]
m[2, 3] <- NA; m[7, 1] <- NA; m[7, 20] <- NA; m[12, 9] <- NA
write.table(format(m, digits = 17), "tests/reference/heatmap_order_matrix.tsv", sep = "\t", quote = FALSE,
            row.names = FALSE, col.names = FALSE)
z <- m
z[is.na(z)] <- 0
rows <- hclust(as.dist(1 - cor(t(z))), method = "average")$order
cols <- hclust(as.dist(1 - cor(z)), method = "average")$order
write.table(data.frame(what = c(rep("rows", length(rows)), rep("cols", length(cols))),
                       position = c(seq_along(rows), seq_along(cols)), item = c(rows, cols)),
            "tests/reference/heatmap_order_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
