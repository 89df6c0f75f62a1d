# hash_header.R — what R's read.csv / read.delim (comment.char = "", their
# default) make of files whose first lines start with '#' (review C1), for
# tests/unit/test_hash_header.c.  Run from the repository root:
#   Rscript tests/reference/hash_header.R
# agree = yes: rgx reads the same rows, columns and first name (rgx keeps
# '#' in the name, R's check.names makes it "X.id"; the unit test compares
# R's name with make.names applied to rgx's).  agree = no: rgx deliberately
# reads the '#' lines as comments (a MAF's "#version 2.4", a "# text"
# line, cBioPortal's four '#' lines above the real header) and says how
# many it skipped; R reads the first '#' line as the header and shifts or
# loses the columns.
files <- list(
  list("hash_header.csv", "yes"),
  list("hash_header_text.csv", "yes"),
  list("hash_header_rownames.csv", "yes"),
  list("hash_comment_blank.csv", "no"),
  list("hash_comment_names.tsv", "no"),
  list("hash_comment_version.tsv", "no"),
  list("hash_comment_cbio.tsv", "no"))
out <- NULL
for (f in files) {
  path <- file.path("tests/data/review", f[[1]])
  rd <- if (grepl("\\.tsv$", path)) read.delim else read.csv
  d <- tryCatch(suppressWarnings(rd(path, stringsAsFactors = FALSE)), error = function(e) NULL)
  out <- rbind(out, data.frame(file = f[[1]],
                               rows = if (is.null(d)) NA else nrow(d),
                               cols = if (is.null(d)) NA else ncol(d),
                               first = if (is.null(d)) NA else names(d)[1],
                               agree = f[[2]]))
}
write.table(out, "tests/reference/hash_header.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
