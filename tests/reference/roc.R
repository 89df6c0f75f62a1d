# roc.R — expected values for stats/roc.c, from R's pROC, on pROC's aSAH
# data (tests/data/aSAH.tsv, written from pROC::aSAH).
# Run from the repository root:  Rscript tests/reference/roc.R
suppressMessages(library(pROC))
a <- read.delim("tests/data/aSAH.tsv")
a$outcome <- factor(a$outcome, levels = c("Good", "Poor"))
preds <- c("s100b", "ndka", "wfns", "age")
res <- NULL; curves <- NULL; best <- NULL
for (p in preds) {
  r <- roc(a$outcome, a[[p]], levels = c("Good", "Poor"), quiet = TRUE)   # direction auto
  ci <- ci.auc(r, method = "delong")
  pa <- auc(r, partial.auc = c(1, 0.8), partial.auc.focus = "specificity")
  pc <- auc(r, partial.auc = c(1, 0.8), partial.auc.focus = "specificity", partial.auc.correct = TRUE)
  res <- rbind(res, data.frame(predictor = p, direction = r$direction, auc = format(as.numeric(auc(r)), digits = 17),
                               lo = format(ci[1], digits = 17), hi = format(ci[3], digits = 17),
                               pauc = format(as.numeric(pa), digits = 17), pauc_mcclish = format(as.numeric(pc), digits = 17)))
  curves <- rbind(curves, data.frame(predictor = p, threshold = r$thresholds, se = r$sensitivities, sp = r$specificities))
  for (m in c("youden", "closest.topleft")) {
    cb <- coords(r, "best", best.method = m, ret = c("threshold", "sensitivity", "specificity"))
    best <- rbind(best, data.frame(predictor = p, method = m, threshold = cb$threshold, se = cb$sensitivity, sp = cb$specificity))
  }
}
write.table(res, "tests/reference/roc_auc.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(curves, "tests/reference/roc_curves.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(best, "tests/reference/roc_best.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
r1 <- roc(a$outcome, a$s100b, levels = c("Good", "Poor"), quiet = TRUE)
tests <- NULL
for (p in c("ndka", "wfns")) {
  r2 <- roc(a$outcome, a[[p]], levels = c("Good", "Poor"), quiet = TRUE)
  t <- roc.test(r1, r2, method = "delong")
  tests <- rbind(tests, data.frame(kind = "paired", a = "s100b", b = p, stat = format(unname(t$statistic), digits = 17),
                                   p = format(t$p.value, digits = 17)))
}
m <- a$gender == "Male"
rm <- roc(a$outcome[m], a$s100b[m], levels = c("Good", "Poor"), quiet = TRUE)
rf <- roc(a$outcome[!m], a$s100b[!m], levels = c("Good", "Poor"), quiet = TRUE)
t <- roc.test(rm, rf, method = "delong")
tests <- rbind(tests, data.frame(kind = "unpaired", a = "male", b = "female", stat = format(unname(t$statistic), digits = 17),
                                 p = format(t$p.value, digits = 17)))
write.table(tests, "tests/reference/roc_tests.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
set.seed(1)
cb <- ci.auc(r1, method = "bootstrap", boot.n = 2000)
write.table(data.frame(lo = cb[1], hi = cb[3]), "tests/reference/roc_boot.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# paired bootstrap tests (roc.test(method = "bootstrap")); rgx's D must fall
# within Monte-Carlo error (different random streams)
bt <- NULL
for (p in c("ndka", "wfns")) {
  r2 <- roc(a$outcome, a[[p]], levels = c("Good", "Poor"), quiet = TRUE)
  set.seed(1)
  t <- roc.test(r1, r2, method = "bootstrap", boot.n = 2000, progress = "none")
  bt <- rbind(bt, data.frame(a = "s100b", b = p, D = format(unname(t$statistic), digits = 17), p = format(t$p.value, digits = 17)))
}
write.table(bt, "tests/reference/roc_boot_tests.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
