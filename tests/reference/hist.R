# hist.R — expected classes of `plot hist` (Sturges + pretty, right-closed),
# from R's hist().  Run from the repository root:  Rscript tests/reference/hist.R
# The figure in tests/plots/figures.rgx is of the CDR overall survival time,
# one row per patient (the first row of each, as load clinical keeps).
d <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv")
h <- hist(d$CDR_OS.time[!duplicated(d$Tumor_Sample_Barcode_min)], plot = FALSE)
write.table(data.frame(mid = h$mids, count = h$counts), "tests/reference/hist_expected.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
