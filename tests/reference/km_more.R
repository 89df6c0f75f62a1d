# km_more.R — (1) summary(survfit, times =) before a curve's first event
# (fix2, D7): at time 0, and at a time before a group's first step, the
# survival is 1 with limits 1-1 for every conf.type (survival adds the point
# (0, 1) with lower = upper = 1); after censorings only (S still 1),
# conf.type "log" and "plain" give 1-1 and "log-log" NA.  Checked by
# tests/unit/test_survival.c (km_at) to 1e-9.
# (2) km's hazard ratio of two groups at level= (fix2, D7): coxph's
# exp(coef) with summary(fit, conf.int = level), plain and within strata
# (km_hr_level.tsv; test_survival.c, km_compare, to 1e-9).
# Run from the repository root:  Rscript tests/reference/km_more.R
library(survival)
lung <- read.delim("tests/data/lung.tsv")
small <- data.frame(time = c(1, 2, 3, 4, 5, 6), status = c(0, 0, 1, 1, 0, 1), sex = 1)
out <- NULL
for (d in c("lung", "small")) {
  x <- get(d)
  for (ct in c("log", "log-log", "plain")) {
    s <- summary(survfit(Surv(time, status) ~ sex, data = x, conf.type = ct), times = c(0, 1.5, 5, 100), extend = FALSE)
    g <- if (is.null(s$strata)) rep("1", length(s$time)) else sub("sex=", "", as.character(s$strata))
    out <- rbind(out, data.frame(data = d, conf = ct, sex = g, time = s$time, n_risk = s$n.risk,
                                 surv = sprintf("%.17g", s$surv), lower = sprintf("%.17g", s$lower),
                                 upper = sprintf("%.17g", s$upper)))
  }
}
write.table(out, "tests/reference/km_times0.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
hr <- NULL
for (lv in c(0.8, 0.9, 0.99)) {
  for (st in c("none", "ph.ecog")) {
    f <- if (st == "none") coxph(Surv(time, status) ~ sex, data = lung) else
      coxph(Surv(time, status) ~ sex + strata(ph.ecog), data = lung)
    ci <- summary(f, conf.int = lv)$conf.int
    hr <- rbind(hr, data.frame(level = lv, strata = st, hr = sprintf("%.17g", ci[1, 1]), hr_low = sprintf("%.17g", ci[1, 3]),
                               hr_high = sprintf("%.17g", ci[1, 4])))
  }
}
write.table(hr, "tests/reference/km_hr_level.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
