# cutpoint.R — expected values for stats/cutpoint.c, from R's maxstat
# (maxstat.test(smethod = "LogRank", pmethod = "Lau92"), what survminer's
# surv_cutpoint runs).  Run from the repository root:
#   Rscript tests/reference/cutpoint.R
library(survival); library(maxstat)
lung <- read.delim("tests/data/lung.tsv")
lung$event <- lung$status - 1
cdr <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv")
cdr <- cdr[!duplicated(cdr$Tumor_Sample_Barcode_min), ]
gbm <- data.frame(time = cdr$CDR_OS.time, event = cdr$CDR_OS, age = cdr$CDR_age_at_initial_pathologic_diagnosis,
                  nvars = cdr$n_vars_all)
out <- NULL
run <- function(set, d, var, minprop) {
  d <- d[!is.na(d[[var]]), ]
  f <- as.formula(paste("Surv(time, event) ~", var))
  m <- maxstat.test(f, data = d, smethod = "LogRank", pmethod = "Lau92", minprop = minprop, maxprop = 1 - minprop)
  out <<- rbind(out, data.frame(set = set, var = var, minprop = minprop, cut = unname(m$estimate),
                                stat = format(unname(m$statistic), digits = 17), p = format(m$p.value, digits = 17)))
}
run("lung", lung, "age", 0.1)
run("lung", lung, "ph.ecog", 0.1)
run("gbm", gbm, "age", 0.1)
run("gbm", gbm, "age", 0.2)
run("gbm", gbm, "nvars", 0.1)
# R's own coding of lung (status 1 = censored, 2 = dead), as Surv reads it:
# the same cutpoints, statistics and p as event = status - 1 above
lung_status <- lung; lung_status$event <- lung_status$status
run("lung_status", lung_status, "age", 0.1)
run("lung_status", lung_status, "ph.ecog", 0.1)
write.table(out, "tests/reference/cutpoint_expected.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
