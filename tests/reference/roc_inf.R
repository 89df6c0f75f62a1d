# roc_inf.R — pROC 1.18 and infinite predictor values (fix2, A4): roc()
# refuses them ("Infinite values(s) in predictor, cannot build a valid ROC
# curve. NaN returned instead.", a warning, the value NaN); rgx refuses
# them too (roc_fit returns -3, the roc command is an error).  On the
# patients with finite values the curve is an ordinary one: its AUC and
# Youden point.  Run from the repository root:  Rscript tests/reference/roc_inf.R
suppressMessages(library(pROC))
d <- read.csv("tests/data/roc_infinite.csv")
msg <- NA_character_
v <- withCallingHandlers(roc(d$y, d$x, levels = c(0, 1), quiet = TRUE),
                         warning = function(w) { msg <<- conditionMessage(w); invokeRestart("muffleWarning") })
stopifnot(is.numeric(v), is.nan(v), grepl("Infinite values", msg))
f <- d[is.finite(d$x), ]
r <- roc(f$y, f$x, levels = c(0, 1), quiet = TRUE)
b <- coords(r, "best", ret = c("threshold", "sensitivity", "specificity"))
out <- data.frame(what = c("pROC_all", "finite"), n = c(nrow(d), nrow(f)),
                  auc = c(format(v, digits = 17), format(as.numeric(auc(r)), digits = 17)),
                  direction = c(NA, r$direction), best_threshold = c(NA, format(b$threshold[1], digits = 17)),
                  warning = c(msg, NA))
write.table(out, "tests/reference/roc_inf.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
