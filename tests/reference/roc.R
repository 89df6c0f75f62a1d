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
# TCGA: TP53 status (MC3, non-synonymous, primary tumours) predicted by the
# expression of the first 6 genes of geneexp_1500x100.tsv (44 patients)
ns <- c("Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation")
maf <- read.delim(gzfile("tests/data/mc3_gbm.maf.gz"), stringsAsFactors = FALSE, quote = "")
maf <- maf[substr(maf$Tumor_Sample_Barcode, 14, 15) == "01", ]
pat <- unique(substr(maf$Tumor_Sample_Barcode, 1, 12))
tp53 <- unique(substr(maf$Tumor_Sample_Barcode[maf$Hugo_Symbol == "TP53" & maf$Variant_Classification %in% ns], 1, 12))
g <- t(as.matrix(read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)))
g <- g[rownames(g) %in% pat, ]
status <- as.integer(rownames(g) %in% tp53)
tc <- NULL
for (j in 1:6) {
  r <- roc(status, g[, j], levels = c(0, 1), quiet = TRUE)
  ci <- ci.auc(r)
  tc <- rbind(tc, data.frame(gene = colnames(g)[j], direction = r$direction, auc = format(as.numeric(auc(r)), digits = 17),
                             lo = format(ci[1], digits = 17), hi = format(ci[3], digits = 17)))
}
write.table(tc, "tests/reference/roc_tcga.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
