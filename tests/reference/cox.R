# cox.R — expected values for stats/cox.c, from R's survival::coxph.
# Run from the repository root:  Rscript tests/reference/cox.R
#  - R's lung (tests/data/lung.tsv): Surv(time, status) ~ age + sex + ph.ecog,
#    ties = "efron" and "breslow" (complete cases: 227 of 228);
#  - TCGA-GBM: overall survival (CDR, first row per patient) ~ TP53 (MC3) + age.
library(survival)
lung <- read.delim("tests/data/lung.tsv")
ns <- c("Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation")
maf <- read.delim(gzfile("tests/data/mc3_gbm.maf.gz"), stringsAsFactors = FALSE, quote = "")
maf <- maf[substr(maf$Tumor_Sample_Barcode, 14, 15) == "01", ]
tp53 <- unique(substr(maf$Tumor_Sample_Barcode[maf$Hugo_Symbol == "TP53" & maf$Variant_Classification %in% ns], 1, 12))
cdr <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv")
cdr <- cdr[!duplicated(cdr$Tumor_Sample_Barcode_min), ]
gbm <- data.frame(time = cdr$CDR_OS.time, event = cdr$CDR_OS, TP53 = as.integer(cdr$Tumor_Sample_Barcode_min %in% tp53),
                  age = cdr$CDR_age_at_initial_pathologic_diagnosis)
coefs <- NULL; fits <- NULL
add <- function(set, f) {
  s <- summary(f)
  coefs <<- rbind(coefs, data.frame(set = set, term = names(coef(f)), coef = format(coef(f), digits = 17),
                                    se = format(sqrt(diag(f$var)), digits = 17),
                                    p = format(s$coefficients[, "Pr(>|z|)"], digits = 17)))
  fits <<- rbind(fits, data.frame(set = set, n = f$n, events = f$nevent,
                                  loglik0 = format(f$loglik[1], digits = 17), loglik = format(f$loglik[2], digits = 17),
                                  lr = format(2 * diff(f$loglik), digits = 17), wald = format(f$wald.test, digits = 17),
                                  score = format(f$score, digits = 17)))
}
add("lung_efron", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "efron"))
add("lung_breslow", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "breslow"))
add("gbm_efron", coxph(Surv(time, event) ~ TP53 + age, data = gbm))
add("gbm_breslow", coxph(Surv(time, event) ~ TP53 + age, data = gbm, ties = "breslow"))
write.table(coefs, "tests/reference/cox_coef.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(fits, "tests/reference/cox_fit.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# cox.zph(transform = "km") of the four models: per term and GLOBAL
zph <- NULL
addz <- function(set, f) {
  z <- cox.zph(f)$table
  zph <<- rbind(zph, data.frame(set = set, term = rownames(z), chisq = format(z[, "chisq"], digits = 17),
                                df = z[, "df"], p = format(z[, "p"], digits = 17)))
}
addz("lung_efron", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "efron"))
addz("lung_breslow", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "breslow"))
addz("gbm_efron", coxph(Surv(time, event) ~ TP53 + age, data = gbm))
addz("gbm_breslow", coxph(Surv(time, event) ~ TP53 + age, data = gbm, ties = "breslow"))
write.table(zph, "tests/reference/cox_zph.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# R's veteran: a four-level factor (dummies against the first level) and ties
vet <- read.delim("tests/data/veteran.tsv", stringsAsFactors = TRUE)
vet$celltype <- factor(vet$celltype, levels = sort(levels(vet$celltype)))
fv <- coxph(Surv(time, status) ~ celltype + karno + trt, data = vet)
coefs <- NULL; fits <- NULL
add("veteran_efron", fv)
write.table(coefs, "tests/reference/cox_coef_veteran.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
write.table(fits, "tests/reference/cox_fit_veteran.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# survival at chosen times, as summary(survfit, times = ...)
s <- summary(survfit(Surv(time, status) ~ trt, data = vet), times = c(30, 90, 180, 365))
write.table(data.frame(trt = sub("trt=", "", as.character(s$strata)), time = s$time, n_risk = s$n.risk,
                       surv = format(s$surv, digits = 17), lower = format(s$lower, digits = 17),
                       upper = format(s$upper, digits = 17)),
            "tests/reference/km_times_veteran.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# --- issue 14: aliased terms, strata, robust variance, the km hazard ratio ---
# Aliased (exactly collinear) terms: coxph gives them NA ("not defined because
# of singularities") and fits the rest; near-collinear terms are fitted.
#  - lung_dup: age2, a copy of age; lung_comb: r = age - ph.ecog;
#  - gbm_expr_diff: TCGA-GBM expression (100 patients), diff = CCK - RPS4Y2
#    (a Range = Maximum - Minimum of real non-integer values);
#  - gbm_birth: age at diagnosis and days from birth, near-collinear (r = -0.9995).
# Strata: coxph(... + strata(s)), Efron and Breslow.  Robust: coxph(robust =
# TRUE), and cluster() over the raw CDR rows (10 patients on two rows).
lung$age2 <- lung$age
lung$r <- lung$age - lung$ph.ecog
e <- read.delim("tests/data/geneexp_1500x100.tsv", row.names = 1, check.names = FALSE)
s <- read.delim("tests/data/geneexp_1500x100_survival.tsv")
ge <- merge(s, data.frame(patient = colnames(e), CCK = unlist(e["CCK", ]), RPS4Y2 = unlist(e["RPS4Y2", ])), by = "patient")
ge$diff <- ge$CCK - ge$RPS4Y2
gbm$birth <- cdr$CDR_birth_days_to
gbm$gender <- cdr$CDR_gender
raw <- read.delim("tests/data/mc3_gbm_clinical_cdr.tsv")
raw$female <- as.integer(raw$CDR_gender == "FEMALE")
coefs <- NULL; fits <- NULL; zph <- NULL
add2 <- function(set, f) {
  s <- summary(f)
  rse <- if (is.null(f$naive.var)) NA else sqrt(diag(f$var))
  se <- sqrt(diag(if (is.null(f$naive.var)) f$var else f$naive.var))
  coefs <<- rbind(coefs, data.frame(set = set, term = names(coef(f)), coef = format(coef(f), digits = 17),
                                    se = ifelse(is.na(coef(f)), NA, format(se, digits = 17)),
                                    robust_se = ifelse(is.na(coef(f)), NA, format(rse, digits = 17)),
                                    p = format(s$coefficients[, "Pr(>|z|)"], digits = 17)))
  fits <<- rbind(fits, data.frame(set = set, n = f$n, events = f$nevent, df = sum(!is.na(coef(f))),
                                  loglik0 = format(f$loglik[1], digits = 17), loglik = format(f$loglik[2], digits = 17),
                                  lr = format(2 * diff(f$loglik), digits = 17), wald = format(f$wald.test, digits = 17),
                                  score = format(f$score, digits = 17),
                                  rscore = if (is.null(f$rscore)) NA else format(f$rscore, digits = 17)))
  z <- cox.zph(f)$table
  zph <<- rbind(zph, data.frame(set = set, term = rownames(z), chisq = format(z[, "chisq"], digits = 17),
                                df = z[, "df"], p = format(z[, "p"], digits = 17)))
}
add2("lung_dup", coxph(Surv(time, status) ~ age + sex + age2, data = lung))
add2("lung_comb", coxph(Surv(time, status) ~ age + ph.ecog + r + sex, data = lung))
add2("gbm_expr_diff", coxph(Surv(OS_days, OS_event) ~ CCK + RPS4Y2 + diff, data = ge))
add2("gbm_birth", coxph(Surv(time, event) ~ age + birth, data = gbm))
add2("lung_strata_efron", coxph(Surv(time, status) ~ age + sex + strata(ph.ecog), data = lung))
add2("lung_strata_breslow", coxph(Surv(time, status) ~ age + sex + strata(ph.ecog), data = lung, ties = "breslow"))
add2("gbm_strata", coxph(Surv(time, event) ~ TP53 + age + strata(gender), data = gbm))
add2("lung_robust", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, robust = TRUE))
add2("lung_robust_dup", coxph(Surv(time, status) ~ age + sex + age2, data = lung, robust = TRUE))
add2("lung_strata_robust_breslow", coxph(Surv(time, status) ~ age + sex + strata(ph.ecog), data = lung,
                                          ties = "breslow", robust = TRUE))
add2("cdr_cluster", coxph(Surv(CDR_OS.time, CDR_OS) ~ CDR_age_at_initial_pathologic_diagnosis + female, data = raw,
                          cluster = Tumor_Sample_Barcode_min))
write.table(coefs, "tests/reference/cox_more_coef.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
write.table(fits, "tests/reference/cox_more_fit.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
write.table(zph, "tests/reference/cox_more_zph.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
# the hazard ratio km prints for two groups: coxph(Surv ~ group) and, with
# strata=, coxph(Surv ~ group + strata(s)); 95% Wald limits
hr <- NULL
addhr <- function(set, f) {
  ci <- exp(confint(f))[1, ]
  hr <<- rbind(hr, data.frame(set = set, hr = format(exp(coef(f))[1], digits = 17),
                              lower = format(ci[1], digits = 17), upper = format(ci[2], digits = 17)))
}
addhr("gbm_tp53", coxph(Surv(time, event) ~ TP53, data = gbm))
addhr("gbm_tp53_by_gender", coxph(Surv(time, event) ~ TP53 + strata(gender), data = gbm))
addhr("lung_sex_by_ecog", coxph(Surv(time, status) ~ sex + strata(ph.ecog), data = lung))
write.table(hr, "tests/reference/cox_hr.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
