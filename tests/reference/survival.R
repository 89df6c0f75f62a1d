# survival.R — expected values for stats/survival.c (Kaplan–Meier and the
# log-rank test), from R's survival package.
# Run from the repository root:  Rscript tests/reference/survival.R
# Data: R's lung (tests/data/lung.tsv, written from survival::lung; status
# 2 = dead), and TCGA-GBM overall survival (CDR, first row per patient) by
# TP53 status (MC3, non-synonymous, primary tumours).
library(survival)
lung <- read.delim("tests/data/lung.tsv")
ns <- c("Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation")
maf <- read.delim(gzfile("tests/data/mc3_gbm.maf.gz"), stringsAsFactors = FALSE, quote = "")
maf <- maf[substr(maf$Tumor_Sample_Barcode, 14, 15) == "01", ]
tp53 <- unique(substr(maf$Tumor_Sample_Barcode[maf$Hugo_Symbol == "TP53" & maf$Variant_Classification %in% ns], 1, 12))
cdr <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv")
cdr <- cdr[!duplicated(cdr$Tumor_Sample_Barcode_min), ]
gbm <- data.frame(time = cdr$CDR_OS.time, event = cdr$CDR_OS, TP53 = as.integer(cdr$Tumor_Sample_Barcode_min %in% tp53))
curves <- NULL; medians <- NULL
fitall <- function(set, d, grp) {
  for (ct in c("log", "log-log", "plain")) {
    f <- survfit(Surv(time, event) ~ g, data = data.frame(time = d$time, event = d$event, g = grp), conf.type = ct)
    s <- summary(f, censored = TRUE)
    lv <- sub("^g=", "", as.character(s$strata))
    curves <<- rbind(curves, data.frame(set = set, conf = ct, group = lv, time = s$time, n_risk = s$n.risk,
                                        n_event = s$n.event, surv = format(s$surv, digits = 17),
                                        se = format(s$std.err, digits = 17), lower = format(s$lower, digits = 17),
                                        upper = format(s$upper, digits = 17)))
    q <- quantile(f, 0.5)
    medians <<- rbind(medians, data.frame(set = set, conf = ct, group = sub("^g=", "", rownames(q$quantile)),
                                          median = q$quantile[, 1], lower = q$lower[, 1], upper = q$upper[, 1]))
  }
}
fitall("lung_sex", data.frame(time = lung$time, event = lung$status - 1), lung$sex)
fitall("gbm_tp53", gbm, gbm$TP53)
write.table(curves, "tests/reference/km_curves.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
write.table(medians, "tests/reference/km_medians.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
lr <- NULL
for (rho in c(0, 1)) {
  a <- survdiff(Surv(time, status) ~ sex, data = lung, rho = rho)
  b <- survdiff(Surv(time, event) ~ TP53, data = gbm, rho = rho)
  e <- survdiff(Surv(time, status) ~ ph.ecog, data = lung, rho = rho)
  for (x in list(list("lung_sex", a), list("gbm_tp53", b), list("lung_ecog", e)))
    lr <- rbind(lr, data.frame(set = x[[1]], rho = rho, chisq = format(x[[2]]$chisq, digits = 17),
                               df = length(x[[2]]$n) - 1, p = format(pchisq(x[[2]]$chisq, length(x[[2]]$n) - 1,
                                                                               lower.tail = FALSE), digits = 17)))
}
write.table(lr, "tests/reference/logrank.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# stratified: lung sex within ECOG score; GBM TP53 within gender
gbm$gender <- cdr$CDR_gender
st <- NULL
for (rho in c(0, 1)) {
  a <- survdiff(Surv(time, status) ~ sex + strata(ph.ecog), data = lung, rho = rho)
  b <- survdiff(Surv(time, event) ~ TP53 + strata(gender), data = gbm, rho = rho)
  for (x in list(list("lung_sex_by_ecog", a), list("gbm_tp53_by_gender", b)))
    st <- rbind(st, data.frame(set = x[[1]], rho = rho, chisq = format(x[[2]]$chisq, digits = 17),
                               p = format(pchisq(x[[2]]$chisq, 1, lower.tail = FALSE), digits = 17)))
}
write.table(st, "tests/reference/logrank_strata.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
