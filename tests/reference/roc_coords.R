# roc_coords.R — expected values for stats/roc.c's coords functions
# (roc_best, roc_coords_point, roc_coords_at), from R's pROC coords(), on
# pROC's aSAH data (tests/data/aSAH.tsv) and two small curves written here.
# pROC's "youden" is sensitivity + specificity (J + 1); rgx reports J.
# Run from the repository root:  Rscript tests/reference/roc_coords.R
suppressMessages(library(pROC))
a <- read.delim("tests/data/aSAH.tsv")
ret <- c("threshold", "sensitivity", "specificity", "ppv", "npv", "tp", "fp", "tn", "fn", "youden")
out <- NULL
add <- function(p, what, cb) {
  cb <- as.data.frame(cb)
  for (i in seq_len(nrow(cb)))
    out <<- rbind(out, data.frame(predictor = p, what = what, threshold = format(cb$threshold[i], digits = 17),
                                  se = format(cb$sensitivity[i], digits = 17), sp = format(cb$specificity[i], digits = 17),
                                  ppv = format(cb$ppv[i], digits = 17), npv = format(cb$npv[i], digits = 17),
                                  tp = cb$tp[i], fp = cb$fp[i], tn = cb$tn[i], fn = cb$fn[i],
                                  youden_plus1 = format(cb$youden[i], digits = 17)))
}
for (p in c("s100b", "ndka", "wfns", "age")) {
  r <- roc(a$outcome, a[[p]], levels = c("Good", "Poor"), quiet = TRUE)
  for (m in c("youden", "closest.topleft")) add(p, m, coords(r, "best", best.method = m, ret = ret))
  add(p, "at", coords(r, x = median(a[[p]]), input = "threshold", ret = ret))   # a data value
}
# curves whose best points include the infinite thresholds: every cases
# below every control with direction '<' (AUC 0), and a flat curve
small <- list(reversed = list(y = c(0, 0, 0, 1, 1, 1), x = c(4, 5, 6, 1, 2, 3)),
              flat = list(y = c(0, 1, 0, 1, 0, 1), x = c(1, 1, 2, 2, 3, 3)))
for (p in names(small)) {
  r <- roc(small[[p]]$y, small[[p]]$x, levels = c(0, 1), direction = "<", quiet = TRUE)
  for (m in c("youden", "closest.topleft")) add(p, m, coords(r, "best", best.method = m, ret = ret))
}
write.table(out, "tests/reference/roc_coords.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
