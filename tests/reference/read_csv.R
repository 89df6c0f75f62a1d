# read_csv.R — what R's read.csv makes of the hostile quoting and line-end
# files of issue 14 (tests/hostile), for tests/unit/test_load.c.
# Run from the repository root:  Rscript tests/reference/read_csv.R
# agree = yes: rgx reads the same rows and values; agree = no: rgx
# deliberately differs and warns at the point of use (a quote inside an
# unquoted field: R opens a quoted field there and loses rows with only an
# "incomplete final line" warning; a separator ending every data row: R
# takes the first column as row names and shifts every column name).
files <- list(
  list("stray_quote.csv", "dx", "yes"),
  list("quote_then_digit.csv", "x", "yes"),
  list("quote_mid_field.csv", "x", "no"),
  list("quote_inside_field.csv", "dx", "no"),
  list("trailing_sep_rows.csv", "x", "no"),
  list("cr_only.csv", "x", "yes"),
  list("cr_last_lf.csv", "x", "yes"),
  list("cr_last_crlf.csv", "x", "yes"))
out <- NULL
for (f in files) {
  d <- suppressWarnings(read.csv(file.path("tests/hostile", f[[1]]), stringsAsFactors = FALSE))
  out <- rbind(out, data.frame(file = f[[1]], rows = nrow(d), col = f[[2]],
                               first = as.character(d[[f[[2]]]][1]), agree = f[[3]]))
}
write.table(out, "tests/reference/read_csv.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
