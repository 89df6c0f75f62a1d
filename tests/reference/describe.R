# describe.R — expected values for `describe` (stats/describe.c), from R.
# Run from the repository root:  Rscript tests/reference/describe.R
# Writes tests/reference/describe_expected.tsv: file, column, n, missing,
# mean, sd, min, q1, median, q3, max (quantile type 7, as summary()).
na <- c("", "NA", "NaN", "[Not Available]", "[Not Applicable]", "[Unknown]", "[Discrepancy]")
files <- c("tests/data/mc3_gbm_clinical_cdr.tsv", "tests/data/geneexp_1500x100_survival.tsv")
out <- NULL
for (f in files) {
  d <- read.delim(f, na.strings = na, check.names = FALSE, stringsAsFactors = FALSE)
  for (col in names(d)) {
    x <- d[[col]]
    if (!is.numeric(x)) next
    y <- x[!is.na(x)]
    q <- quantile(y, c(0, .25, .5, .75, 1), type = 7, names = FALSE)
    out <- rbind(out, data.frame(file = basename(f), column = col, n = length(y),
                                 missing = sum(is.na(x)), mean = mean(y), sd = sd(y),
                                 min = q[1], q1 = q[2], median = q[3], q3 = q[4], max = q[5]))
  }
}
write.table(format(out, digits = 17), "tests/reference/describe_expected.tsv", sep = "\t",
            quote = FALSE, row.names = FALSE)
