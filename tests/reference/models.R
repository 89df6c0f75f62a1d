# models.R — expected values for the predictive-model core (issue 16):
# stats/logistic.c (R's glm, family = binomial), stats/glmnet.c and
# stats/glmnet_cv.c (glmnet 4.1 and cv.glmnet), stats/concordance.c
# (survival::concordance) and stats/calibration.c.
# Run from the repository root:  Rscript tests/reference/models.R
# (R 4.2, glmnet 4.1-6, survival 3.5).  Writes tests/reference/models_*.tsv.
#
# Data (tests/data/SOURCES.md, "Predictive-model test data"):
#  - arita2018.csv.gz: 168 grade II/III gliomas, 683 MRI features (z-scored
#    over the whole set by radMLBench), Target = IDH status (1: 111, 0: 57);
#  - nsclc_captk_features.csv + nsclc_clinical.csv: 206 NSCLC patients, the 94 CaPTk
#    CT features that are numeric in every row (8 columns hold "#NAME?" in
#    row R01-159 and are left out), overall survival (days, event; 41 events);
#  - lung.tsv, veteran.tsv: R's survival data sets.
options(warn = 1)
suppressMessages({library(glmnet); library(survival); library(pROC)})
stopifnot(packageVersion("glmnet") >= "4.1", packageVersion("glmnet") < "4.2")
f17 <- function(v) ifelse(is.na(v), "NA", formatC(v, digits = 17, format = "g"))
out <- function(d, name) write.table(d, file.path("tests/reference", name), sep = "\t", quote = FALSE,
                                     row.names = FALSE, na = "NA")

arita <- read.csv(gzfile("tests/data/arita2018.csv.gz"), check.names = FALSE)
ax <- as.matrix(arita[, 1:683])
ay <- arita$Target
cap <- read.csv("tests/data/nsclc_captk_features.csv", check.names = FALSE, fileEncoding = "UTF-8-BOM")
cli <- read.csv("tests/data/nsclc_clinical.csv", check.names = FALSE)
names(cli)[1] <- "id"
num <- sapply(cap[, -1], is.numeric)
nx <- as.matrix(cap[, -1][, num])
stopifnot(ncol(nx) == 94)
ncl <- cli[match(cap[[1]], cli$id), ]
stopifnot(all(ncl$id == cap[[1]]), !anyNA(ncl$days), !anyNA(ncl$event))
ntime <- ncl$days; nevent <- ncl$event
lung <- read.delim("tests/data/lung.tsv")
vet <- read.delim("tests/data/veteran.tsv")

## 1. glm(family = binomial) -------------------------------------------------
glm_coef <- NULL; glm_fit <- NULL
add_glm <- function(set, f) {
  s <- summary(f)
  cf <- coef(f)                                     # NA for aliased terms
  se <- z <- p <- rep(NA, length(cf))
  ok <- !is.na(cf)
  se[ok] <- s$coefficients[, 2]; z[ok] <- s$coefficients[, 3]; p[ok] <- s$coefficients[, 4]
  ci <- suppressMessages(confint.default(f))        # Wald intervals (NA rows for aliased)
  glm_coef <<- rbind(glm_coef, data.frame(set = set, term = names(cf), coef = f17(cf), se = f17(se), z = f17(z),
                                          p = f17(p), or = f17(exp(cf)), or_low = f17(exp(ci[, 1])),
                                          or_high = f17(exp(ci[, 2]))))
  eps <- 10 * .Machine$double.eps
  glm_fit <<- rbind(glm_fit, data.frame(set = set, n = length(f$y), rank = f$rank, iter = f$iter,
                                        converged = as.integer(f$converged),
                                        fitted01 = as.integer(any(f$fitted.values > 1 - eps | f$fitted.values < eps)),
                                        deviance = f17(f$deviance), null_deviance = f17(f$null.deviance),
                                        aic = f17(f$aic), df_residual = f$df.residual))
}
w <- function(expr) withCallingHandlers(expr, warning = function(w) invokeRestart("muffleWarning"))
a5 <- c("surface2volumeratio", "T2_Min", "Gp02_med", "T2E_Max", "IDHmt_med")
d <- data.frame(y = ay, ax[, a5], check.names = FALSE)
add_glm("arita5", glm(y ~ ., family = binomial, data = d))
# aliased: T1Gd_core_Max is an exact copy of T1Gd_Max in this file (269
# columns duplicate an earlier one)
stopifnot(all(ax[, "T1Gd_Max"] == ax[, "T1Gd_core_Max"]))
d <- data.frame(y = ay, ax[, c("T1Gd_Max", "T1Gd_core_Max", "T2_Min")], check.names = FALSE)
add_glm("arita_alias", glm(y ~ ., family = binomial, data = d))
# quasi-complete separation: Harvard_49 (a lesion-location indicator) is
# non-zero for one patient only, IDH-mutant
d <- data.frame(y = ay, ax[, c("Harvard_49", "T2_Min", "Gp02_med")], check.names = FALSE)
add_glm("arita_quasi", w(glm(y ~ ., family = binomial, data = d)))
# complete separation by x1 + x2 > 9.5, by neither alone
toy <- data.frame(x1 = c(1, 2, 3, 4, 5, 6, 7, 8), x2 = c(8, 1, 6, 3, 5, 2, 7, 4), y = c(0, 0, 0, 0, 1, 0, 1, 1))
add_glm("toy_complete", w(glm(y ~ x1 + x2, family = binomial, data = toy)))
# veteran: death within 100 days ~ all four cell-type dummies (the dummy trap:
# with the intercept the last one is aliased) + karno
vv <- data.frame(y = as.integer(vet$time <= 100 & vet$status == 1),
                 adeno = as.integer(vet$celltype == "adeno"), large = as.integer(vet$celltype == "large"),
                 smallcell = as.integer(vet$celltype == "smallcell"), squamous = as.integer(vet$celltype == "squamous"),
                 karno = vet$karno)
add_glm("veteran_dummies", glm(y ~ ., family = binomial, data = vv))
out(glm_coef, "models_glm_coef.tsv")
out(glm_fit, "models_glm_fit.tsv")

## 2. glmnet paths -------------------------------------------------------------
# glmnet 4.1-6 fits right-censored Cox models with its Fortran coxnet, which
# sorts the times with an unstable quicksort and relies on adding 100 * eps
# to censored times to put them after events tied at the same time; from
# 256 days on that addition is lost to rounding, and a censored subject that
# happens to sort before a tied event is left out of that event's risk set
# (so glmnet's answer depends on the row order).  rgx uses the standard risk
# set, as coxph does.  The Cox references are therefore made by glmnet on
# times where each censored subject tied with an event is moved half a day
# later: with whole-day times that leaves the standard (Breslow) likelihood
# unchanged and removes the ambiguity; rgx gets the unmodified times.
# check_ties confirms, on every data set and fold used, that glmnet's
# deviance then equals the standard Breslow deviance of the original times.
nudge <- function(time, event) {
  stopifnot(all(time == round(time)))
  m <- event == 0 & time %in% time[event == 1]
  time + 0.5 * m
}
breslow_dev <- function(time, event, eta) {
  ll <- 0
  for (t in unique(time[event == 1])) {
    d <- time == t & event == 1
    ll <- ll + sum(eta[d]) - sum(d) * log(sum(exp(eta[time >= t])))
  }
  dk <- table(time[event == 1])
  2 * (-sum(dk * log(dk)) - ll)
}
check_ties <- function(time, event, what) {
  set.seed(7)
  eta <- rnorm(length(time))
  g <- glmnet:::coxnet.deviance(pred = eta, y = cbind(time = nudge(time, event), status = event))
  s <- breslow_dev(time, event, eta)
  if (abs(g - s) > 1e-10 * abs(s)) stop(what, ": glmnet's Cox deviance ", g, " is not the standard Breslow ", s)
}

path_sum <- NULL; path_beta <- NULL
# steps: the steps whose coefficients are written (every non-zero one)
add_path <- function(set, f, steps = seq_along(f$lambda)) {
  b <- as.matrix(f$beta)
  a0 <- if (is.null(f$a0)) rep(0, ncol(b)) else f$a0
  path_sum <<- rbind(path_sum, data.frame(set = set, step = seq_along(f$lambda), lambda = f17(f$lambda),
                                          a0 = f17(a0), df = f$df, dev_ratio = f17(f$dev.ratio),
                                          nulldev = f17(f$nulldev), jerr = f$jerr, npasses = f$npasses,
                                          beta_stored = as.integer(seq_along(f$lambda) %in% steps)))
  for (k in steps) {
    j <- which(b[, k] != 0)
    if (length(j)) path_beta <<- rbind(path_beta, data.frame(set = set, step = k, j = j, beta = f17(b[j, k])))
  }
}
some <- function(f) unique(pmin(c(1, 2, 10, 25, 50, 75, length(f$lambda)), length(f$lambda)))
# binomial on the Arita cohort (n = 168 < p = 683: lambda.min.ratio = 0.01).
# 269 of the 683 columns repeat an earlier column exactly; for the lasso
# that makes the split between the copies a tie that rounding decides
# (|x_kᵀr| equals lambda exactly in exact arithmetic), so the lasso is
# compared coefficient by coefficient on the 414 distinct columns, and on
# all 683 by its lambdas and deviance ratios only.
axu <- ax[, !duplicated(t(ax))]
stopifnot(ncol(axu) == 414)
fa1 <- glmnet(axu, ay, family = "binomial")
add_path("arita_lasso", fa1)
add_path("arita683_lasso", glmnet(ax, ay, family = "binomial"), integer(0))
# nearer the optimum: thresh = 1e-11 (69,000 passes instead of 2,800)
fat <- glmnet(axu, ay, family = "binomial", thresh = 1e-11)
add_path("arita_lasso_tight", fat, some(fat))
fa0 <- glmnet(ax, ay, family = "binomial", alpha = 0)
add_path("arita_ridge", fa0, some(fa0))
fa5 <- glmnet(ax, ay, family = "binomial", alpha = 0.5)
add_path("arita_enet", fa5, some(fa5))
# the first 40 features only (p < n: lambda.min.ratio = 1e-4), standardize = FALSE
fa40 <- glmnet(ax[, 1:40], ay, family = "binomial", standardize = FALSE)
add_path("arita40_nostd", fa40, some(fa40))
# Cox on NSCLC CaPTk features (n = 206 > p = 94: lambda.min.ratio = 1e-4)
ny <- cbind(time = nudge(ntime, nevent), status = nevent)
check_ties(ntime, nevent, "nsclc")
# (on all 94 features glmnet's default path runs out of passes, maxit =
# 100,000, at step 86 and returns the 85 before it with a warning: 3 s; the
# same with maxit = 10,000 stops at step 51 and is what the test repeats)
fnm <- w(glmnet(nx, ny, family = "cox", maxit = 10000))
stopifnot(fnm$jerr == -51)
add_path("nsclc_lasso_maxit", fnm)
# the first 30 features (intensity and histogram statistics), where glmnet converges
add_path("nsclc30_lasso", glmnet(nx[, 1:30], ny, family = "cox"))
fne <- glmnet(nx[, 1:30], ny, family = "cox", alpha = 0.5)
add_path("nsclc30_enet", fne, some(fne))
# Cox on veteran: karno, diagtime, age, prior, trt and three cell-type dummies
vx <- cbind(karno = vet$karno, diagtime = vet$diagtime, age = vet$age, prior = vet$prior, trt = vet$trt,
            large = as.integer(vet$celltype == "large"), smallcell = as.integer(vet$celltype == "smallcell"),
            squamous = as.integer(vet$celltype == "squamous"))
vy <- cbind(time = nudge(vet$time, vet$status), status = vet$status)
check_ties(vet$time, vet$status, "veteran")
add_path("veteran_lasso", glmnet(vx, vy, family = "cox"))
add_path("veteran_ridge", glmnet(vx, vy, family = "cox", alpha = 0))
# lung (age, sex, ph.ecog; 227 complete rows): 13 censored times tie an
# event time, 11 of them from 256 days on, so glmnet on the raw times
# differs (deviance 0.01 off on this order); the reference is the nudged one
lc <- lung[complete.cases(lung), ]
lt <- lc$time; le <- lc$status - 1
check_ties(lt, le, "lung")
lx <- cbind(age = lc$age, sex = lc$sex, ph.ecog = lc$ph.ecog)
add_path("lung_lasso", glmnet(lx, cbind(time = nudge(lt, le), status = le), family = "cox"))
out(path_sum, "models_glmnet_path.tsv")
out(path_beta, "models_glmnet_beta.tsv")

## 3. cv.glmnet with a fixed foldid ---------------------------------------------
set.seed(16)
fold_arita <- sample(rep(1:10, length.out = nrow(ax)))
set.seed(61)
fold_nsclc <- sample(rep(1:10, length.out = nrow(nx)))
out(rbind(data.frame(set = "arita", row = seq_along(fold_arita), fold = fold_arita),
          data.frame(set = "nsclc", row = seq_along(fold_nsclc), fold = fold_nsclc)), "models_foldid.tsv")
for (k in 1:10) check_ties(ntime[fold_nsclc != k], nevent[fold_nsclc != k], paste("nsclc fold", k))
cv_path <- NULL; cv_opt <- NULL
add_cv <- function(set, cv) {
  cv_path <<- rbind(cv_path, data.frame(set = set, step = seq_along(cv$lambda), lambda = f17(cv$lambda),
                                        cvm = f17(cv$cvm), cvsd = f17(cv$cvsd), cvup = f17(cv$cvup),
                                        cvlo = f17(cv$cvlo), nzero = cv$nzero))
  cv_opt <<- rbind(cv_opt, data.frame(set = set, lambda_min = f17(cv$lambda.min), lambda_1se = f17(cv$lambda.1se),
                                      index_min = cv$index[1], index_1se = cv$index[2]))
}
# the lasso on the 414 distinct Arita columns (see above), the elastic net
# on all 683
add_cv("arita_lasso_deviance", cv.glmnet(axu, ay, family = "binomial", foldid = fold_arita))
add_cv("arita_lasso_auc", cv.glmnet(axu, ay, family = "binomial", foldid = fold_arita, type.measure = "auc"))
add_cv("arita_enet_deviance", cv.glmnet(ax, ay, family = "binomial", alpha = 0.5, foldid = fold_arita))
# Cox: the first 30 CaPTk features (intensity and histogram statistics).
# On all 94 every fold runs out of passes (maxit) like the full path, the
# late steps are far from converged and rounding decides where each fold
# stops (rgx agrees to 4e-5 there, exactly before step 55; it also takes
# cv.glmnet 24 s), so the unit test uses these 30, where glmnet converges.
add_cv("nsclc30_lasso_deviance", cv.glmnet(nx[, 1:30], ny, family = "cox", foldid = fold_nsclc))
out(cv_path, "models_cv.tsv")
out(cv_opt, "models_cv_opt.tsv")

## 4. concordance ---------------------------------------------------------------
conc <- NULL
add_conc <- function(set, f, reverse) {
  ct <- f$count
  conc <<- rbind(conc, data.frame(set = set, reverse = as.integer(reverse), concordant = f17(ct[["concordant"]]),
                                  discordant = f17(ct[["discordant"]]), tied_x = f17(ct[["tied.x"]]),
                                  tied_y = f17(ct[["tied.y"]]), tied_xy = f17(ct[["tied.xy"]]),
                                  c = f17(f$concordance), se = f17(sqrt(f$var))))
}
for (rev in c(FALSE, TRUE)) {
  add_conc("lung_age", concordance(Surv(time, status) ~ age, data = lung, reverse = rev), rev)
  add_conc("lung_ecog", concordance(Surv(time, status) ~ ph.ecog, data = lung, reverse = rev), rev)
  add_conc("veteran_karno", concordance(Surv(time, status) ~ karno, data = vet, reverse = rev), rev)
}
# a Cox model's linear predictor: coxph reports the same C (reverse = TRUE)
cf <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
lp <- predict(cf, type = "lp")
lcc <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
add_conc("lung_coxph_lp", concordance(Surv(lcc$time, lcc$status) ~ lp, reverse = TRUE), TRUE)
stopifnot(abs(cf$concordance[["concordance"]] - conc$c[nrow(conc)] |> as.numeric()) < 1e-12)
add_conc("nsclc_volume", concordance(Surv(ntime, nevent) ~ nx[, "T1_ED_Morphologic_PhysicalSize"], reverse = TRUE), TRUE)
# uncensored binary outcome: C equals the Mann-Whitney AUC (pROC, direction <)
xa <- ax[, "surface2volumeratio"]
fc <- concordance(ay ~ xa)
add_conc("arita_binary", fc, FALSE)
r <- roc(ay, xa, levels = c(0, 1), direction = "<", quiet = TRUE)
stopifnot(abs(as.numeric(auc(r)) - fc$concordance) < 1e-12)
out(conc, "models_concordance.tsv")

## 5. calibration -------------------------------------------------------------
# logistic: a fixed score lp = 0.5 * T2_Min - 0.3 * surface2volumeratio + 0.4
lpa <- 0.5 * ax[, "T2_Min"] - 0.3 * ax[, "surface2volumeratio"] + 0.4
pa <- plogis(lpa)
gs <- glm(ay ~ lpa, family = binomial)
gi <- glm(ay ~ offset(lpa), family = binomial)
# Cox: lp = 0.02 * age - 0.4 * sex + 0.3 * ph.ecog on lung (ties = "efron", coxph's default)
lpl <- 0.02 * lcc$age - 0.4 * lcc$sex + 0.3 * lcc$ph.ecog
cs <- coxph(Surv(lcc$time, lcc$status) ~ lpl)
out(data.frame(set = c("arita_logistic", "lung_cox"),
               slope = f17(c(coef(gs)[2], coef(cs))), slope_se = f17(c(sqrt(vcov(gs)[2, 2]), sqrt(vcov(cs)[1, 1]))),
               intercept = f17(c(coef(gi)[1], NA)), intercept_se = f17(c(sqrt(vcov(gi)[1, 1]), NA)),
               brier = f17(c(mean((ay - pa)^2), NA))), "models_calibration.tsv")
