# gsva.R — R's side of make bench's gene-set scoring: GSVA 1.46 on the
# expression matrix FILE (genes x samples) and the Hallmark sets, timed
# inside R (reading not timed), the scores written beside rgx's for the
# comparison.  Rscript bench/gsva.R EXPR.tsv SETS.gmt OUTDIR
# Prints: ssgsea_seconds gsva_seconds
a <- commandArgs(TRUE)
suppressMessages(library(GSVA))
x <- as.matrix(read.delim(a[1], row.names = 1, check.names = FALSE))
f <- strsplit(readLines(a[2]), "\t")
sets <- setNames(lapply(f, function(v) unique(v[-(1:2)])), vapply(f, `[`, "", 1))
put <- function(es, file)
    write.table(data.frame(set = rownames(es), matrix(sprintf("%.17g", es), nrow(es), dimnames = dimnames(es)),
                           check.names = FALSE), file.path(a[3], file), sep = "\t", quote = FALSE, row.names = FALSE)
t1 <- system.time(s1 <- gsva(x, sets, method = "ssgsea", min.sz = 5, max.sz = 500, verbose = FALSE))[["elapsed"]]
t2 <- system.time(s2 <- gsva(x, sets, method = "gsva", kcdf = "Gaussian", min.sz = 5, max.sz = 500,
                             verbose = FALSE))[["elapsed"]]
put(s1, "gsva_ssgsea_R.tsv")
put(s2, "gsva_gsva_R.tsv")
cat(t1, t2, "\n")
