# transform.R — expected values for stats/transform.c and select topvar=,
# from R.  Run from the repository root:  Rscript tests/reference/transform.R
# Writes:
#   transform_genes.tsv : gene, var, mad of the first 40 genes of geneexp_1500x100.tsv
#   transform_top.tsv   : the top 10 genes by var() and by mad(), in order
#   transform_rank.tsv  : rank(ties = "average", na.last = "keep") and scale() of
#                         CDR_age_at_initial_pathologic_diagnosis (many ties)
g <- as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE))
v <- apply(g, 1, var)
m <- apply(g, 1, mad)
genes <- rownames(g)[1:40]
write.table(data.frame(gene = genes, var = format(v[genes], digits = 17), mad = format(m[genes], digits = 17)),
            "tests/reference/transform_genes.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(data.frame(rank = 1:10, by_var = names(sort(v, decreasing = TRUE))[1:10],
                       by_mad = names(sort(m, decreasing = TRUE))[1:10]),
            "tests/reference/transform_top.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
cdr <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv", na.strings = c("", "NA", "[Not Available]"))
age <- cdr$CDR_age_at_initial_pathologic_diagnosis
write.table(data.frame(age = age, rank = rank(age, ties.method = "average", na.last = "keep"),
                       z = format(as.vector(scale(age)), digits = 17)),
            "tests/reference/transform_rank.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
