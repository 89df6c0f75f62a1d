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
# Trust (issue 14): a 1/2 outcome (pROC's default levels: 2 = the cases),
# two predictors with different missing values (roc.test pairs the shared
# patients), coords at a data value (>= for '<', <= for '>'), McClish's
# correction of a curve below the diagonal (NA), an all-missing predictor.
# Writes tests/data/trust_roc.tsv and tests/reference/roc_trust.tsv (key value).
set.seed(14)
n <- 60
status <- ifelse(runif(n) < 0.4, 2, 1)
p1 <- round(rnorm(n) + 0.9 * (status == 2), 1)
p2 <- round(rnorm(n) + 0.5 * (status == 2), 1)
p1[c(3, 7, 11)] <- NA
p2[c(7, 20, 33, 45)] <- NA
low <- -p1
d <- data.frame(id = sprintf("P%02d", 1:n), status = status, p1 = p1, p2 = p2, low = low, none = NA,
                geno = ifelse(status == 2, "mutant", "wildtype"))
write.table(d, "tests/data/trust_roc.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
kv <- NULL
put <- function(k, v) kv <<- rbind(kv, data.frame(key = k, value = format(as.numeric(v), digits = 17)))
r1 <- roc(status, p1, quiet = TRUE)   # default levels c(1, 2): 2 the cases
r2 <- roc(status, p2, quiet = TRUE)
rl <- roc(status, low, quiet = TRUE)
put("cases_level", r1$levels[2])
rg <- roc(d$geno, p1, quiet = TRUE)   # default levels: "mutant" "wildtype", so wildtype the cases
put("geno_auc", auc(rg)); put("geno_dir", ifelse(rg$direction == "<", 1, -1))
put("auc_p1", auc(r1)); put("dir_p1", ifelse(r1$direction == "<", 1, -1))
put("auc_p2", auc(r2)); put("dir_p2", ifelse(r2$direction == "<", 1, -1))
put("dir_low", ifelse(rl$direction == "<", 1, -1))
t <- roc.test(r1, r2, method = "delong")
put("compare_z", t$statistic); put("compare_p", t$p.value)
put("compare_auc1", t$estimate[1]); put("compare_auc2", t$estimate[2])
put("compare_n", sum(!is.na(p1) & !is.na(p2)))
x <- median(p1, na.rm = TRUE)   # a data value: 0.1
for (w in list(list("p1", r1, x), list("low", rl, -x))) {
  cb <- coords(w[[2]], x = w[[3]], input = "threshold", ret = c("threshold", "sensitivity", "specificity", "tp", "fp", "tn", "fn"))
  for (k in names(cb)) put(paste0("at_", w[[1]], "_", k), cb[[k]])
}
rf <- roc(status, low, direction = "<", quiet = TRUE)
put("pauc_low_forced", auc(rf, partial.auc = c(1, 0.8), partial.auc.focus = "specificity"))
put("mcclish_low_forced", suppressWarnings(auc(rf, partial.auc = c(1, 0.8), partial.auc.focus = "specificity",
                                               partial.auc.correct = TRUE)))
write.table(kv, "tests/reference/roc_trust.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
