# cutpoint_perm.R — the permutation p of the maximally selected log-rank
# statistic, from R's maxstat.test(smethod = "LogRank", pmethod = "condMC",
# B = 100000): the Monte-Carlo estimate hits / B of the conditional
# permutation p over the complete cases, for stats/cutpoint.c's
# cutpoint_perm_p (tests/unit/test_cutpoint.c compares within the two
# estimates' Monte-Carlo error).  Run from the repository root:
#   Rscript tests/reference/cutpoint_perm.R
# Sets: lung (event = status - 1) age and ph.ecog (one missing); lung_na:
# age with missing values injected (age at rows seq(5, 228, by = 7), time
# at rows seq(3, 228, by = 13)); gbm: MC3 GBM (first row per patient)
# n_vars_all.
suppressMessages({library(survival); library(maxstat)})
lung <- read.delim("tests/data/lung.tsv")
lung$event <- lung$status - 1
lung_na <- lung
lung_na$age[seq(5, 228, by = 7)] <- NA
lung_na$time[seq(3, 228, by = 13)] <- NA
cdr <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv")
cdr <- cdr[!duplicated(cdr$Tumor_Sample_Barcode_min), ]
gbm <- data.frame(time = cdr$CDR_OS.time, event = cdr$CDR_OS, nvars = cdr$n_vars_all)
B <- 100000
out <- NULL
run <- function(set, d, var, minprop) {
  d <- d[complete.cases(d[, c("time", "event", var)]), ]
  set.seed(1)
  m <- maxstat.test(as.formula(paste("Surv(time, event) ~", var)), data = d, smethod = "LogRank", pmethod = "condMC",
                    B = B, minprop = minprop, maxprop = 1 - minprop)
  out <<- rbind(out, data.frame(set = set, var = var, minprop = minprop, n = nrow(d),
                                stat = format(unname(m$statistic), digits = 17), p = m$p.value, B = B))
}
run("lung", lung, "age", 0.1)
run("lung", lung, "ph.ecog", 0.1)
run("lung_na", lung_na, "age", 0.1)
run("gbm", gbm, "nvars", 0.2)
write.table(out, "tests/reference/cutpoint_perm.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
