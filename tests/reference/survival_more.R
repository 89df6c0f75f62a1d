# survival_more.R — expected values for the statistics km and cox took out
# of their handlers (issue 15): split= cuts, the log-rank test over many
# groups, and the Wald columns of a Cox fit.
# Run from the repository root:  Rscript tests/reference/survival_more.R
# Data: R's lung (tests/data/lung.tsv, status 2 = dead).
library(survival)
lung <- read.delim("tests/data/lung.tsv")
# km split=: the cuts of quantile(type = 7) of the non-missing values, and
# the group sizes of findInterval(x, cuts, left.open = TRUE) (0 = at or
# below the first cut)
cuts <- NULL
for (col in c("age", "ph.ecog", "time"))
  for (how in c("median", "tertiles", "quartiles")) {
    pr <- switch(how, median = 0.5, tertiles = c(1, 2) / 3, quartiles = c(0.25, 0.5, 0.75))
    x <- lung[[col]]
    q <- unname(quantile(x, pr, na.rm = TRUE, type = 7))
    g <- findInterval(x[!is.na(x)], q, left.open = TRUE)
    cnt <- tabulate(g + 1, nbins = length(q) + 1)
    cuts <- rbind(cuts, data.frame(column = col, how = how, cut = format(q, digits = 17), group = seq_along(q) - 1,
                                   below = cnt[seq_along(q)], above = cnt[length(q) + 1]))
  }
write.table(cuts, "tests/reference/km_split.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# the log-rank and Peto-Peto tests over 70 groups (row number modulo 70):
# survdiff keeps every group (69 df)
lung$g70 <- (seq_len(nrow(lung)) - 1) %% 70
many <- NULL
for (rho in c(0, 1)) {
  s <- survdiff(Surv(time, status) ~ g70, data = lung, rho = rho)
  df <- sum(s$exp > 0) - 1
  many <- rbind(many, data.frame(set = "lung_g70", rho = rho, chisq = format(s$chisq, digits = 17), df = df,
                                 p = format(pchisq(s$chisq, df, lower.tail = FALSE), digits = 17)))
}
write.table(many, "tests/reference/logrank_many.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
# the Wald columns of summary(coxph) and exp(confint(fit)): z, p and the
# hazard ratio's 95% limits, on the robust se when robust; NA for an
# aliased term
lung$age2 <- lung$age
wald <- NULL
addw <- function(set, f) {
  s <- summary(f)$coefficients
  ci <- exp(confint(f))
  wald <<- rbind(wald, data.frame(set = set, term = names(coef(f)), z = format(s[, "z"], digits = 17),
                                  p = format(s[, "Pr(>|z|)"], digits = 17), lower = format(ci[, 1], digits = 17),
                                  upper = format(ci[, 2], digits = 17)))
}
addw("lung_efron", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung))
addw("lung_robust", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, robust = TRUE))
addw("lung_dup", coxph(Surv(time, status) ~ age + sex + age2, data = lung))
write.table(wald, "tests/reference/cox_wald.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
