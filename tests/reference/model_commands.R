# model_commands.R — expected values for the predictive-model COMMANDS
# (issue 16): what `model logistic`, `model cox`, `concordance`,
# `screen … by TIME EVENT` and the calibration figures must print, computed
# by R on the same data, so that tests/shell/model_parity.sh can check the
# numbers rgx stores (saved at full precision) against them.
# Run from the repository root:  Rscript tests/reference/model_commands.R
# (R 4.2, glmnet 4.1-6, survival 3.5).  Writes tests/reference/model_cmd_*.tsv
# and the fold files tests/data/arita_folds.csv and nsclc_folds.csv (the
# fold ids of models.R, keyed by patient, so that rgx's foldid= uses R's).
options(warn = 1)
suppressMessages({library(glmnet); library(survival)})
stopifnot(packageVersion("glmnet") >= "4.1", packageVersion("glmnet") < "4.2")
f17 <- function(v) ifelse(is.na(v), "NA", formatC(v, digits = 17, format = "g"))
out <- function(d, name) write.table(d, file.path("tests/reference", name), sep = "\t", quote = FALSE,
                                     row.names = FALSE, na = "NA")
w <- function(expr) withCallingHandlers(expr, warning = function(w) invokeRestart("muffleWarning"))
auc <- function(y, s) { r <- rank(s); n1 <- sum(y == 1); n0 <- sum(y == 0); (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0) }

arita <- read.csv(gzfile("tests/data/arita2018.csv.gz"), check.names = FALSE)
ax <- as.matrix(arita[, 1:683]); ay <- arita$Target
axu <- ax[, !duplicated(t(ax))]
fid <- read.delim("tests/reference/models_foldid.tsv")
fold_arita <- fid$fold[fid$set == "arita"]
fold_nsclc <- fid$fold[fid$set == "nsclc"]
write.csv(data.frame(ID = arita$ID, fold = fold_arita), "tests/data/arita_folds.csv", row.names = FALSE, quote = FALSE)

coefs <- NULL; fits <- NULL
add_coef <- function(set, term, coef, se = NA, z = NA, p = NA, ratio = exp(coef), low = NA, high = NA)
  coefs <<- rbind(coefs, data.frame(set = set, term = term, coef = f17(coef), se = f17(se), z = f17(z), p = f17(p),
                                    ratio = f17(ratio), low = f17(low), high = f17(high)))
add_fit <- function(set, n, events, df, lambda, deviance, disc, lambda_min = NA, lambda_1se = NA)
  fits <<- rbind(fits, data.frame(set = set, n = n, events = events, df = df, lambda = f17(lambda),
                                  lambda_min = f17(lambda_min), lambda_1se = f17(lambda_1se),
                                  deviance = f17(deviance), disc = f17(disc)))

## 1. model logistic, penalty=none: glm(family = binomial) -----------------------
a5 <- c("surface2volumeratio", "T2_Min", "Gp02_med", "T2E_Max", "IDHmt_med")
g <- glm(Target ~ ., family = binomial, data = data.frame(Target = ay, ax[, a5], check.names = FALSE))
s <- summary(g)$coefficients
ci <- suppressMessages(confint.default(g))
add_coef("arita5", rownames(s), s[, 1], s[, 2], s[, 3], s[, 4], exp(s[, 1]), exp(ci[, 1]), exp(ci[, 2]))
add_fit("arita5", length(g$y), sum(g$y), g$rank - 1, NA, g$deviance, auc(ay, predict(g)))

## 2. model logistic, penalty=lasso, foldid = models.R's folds: cv.glmnet ---------
cv <- cv.glmnet(axu, ay, family = "binomial", foldid = fold_arita)
b <- coef(cv, s = "lambda.min")
nz <- which(b[, 1] != 0)
add_coef("arita_lasso", rownames(b)[nz], b[nz, 1])
lp <- as.numeric(predict(cv, newx = axu, s = "lambda.min"))
pr <- plogis(lp)
add_fit("arita_lasso", nrow(axu), sum(ay), length(nz) - 1, cv$lambda.min,
        -2 * sum(ay * log(pr) + (1 - ay) * log(1 - pr)), auc(ay, lp), cv$lambda.min, cv$lambda.1se)
cvs <- cv.glmnet(axu, ay, family = "binomial", foldid = fold_arita, type.measure = "auc")
b <- coef(cvs, s = "lambda.1se")
nz <- which(b[, 1] != 0)
add_coef("arita_lasso_auc_1se", rownames(b)[nz], b[nz, 1])
add_fit("arita_lasso_auc_1se", nrow(axu), sum(ay), length(nz) - 1, cvs$lambda.1se, NA,
        auc(ay, as.numeric(predict(cvs, newx = axu, s = "lambda.1se"))), cvs$lambda.min, cvs$lambda.1se)

## 3. model cox, penalty=lasso on 30 NSCLC CaPTk features (models.R's nudge) --------
cap <- read.csv("tests/data/nsclc_captk_features.csv", check.names = FALSE, fileEncoding = "UTF-8-BOM")
cli <- read.csv("tests/data/nsclc_clinical.csv", check.names = FALSE)
names(cli)[1] <- "id"
num <- sapply(cap[, -1], is.numeric)
nx <- as.matrix(cap[, -1][, num])[, 1:30]
ncl <- cli[match(cap[[1]], cli$id), ]
write.csv(data.frame(SubjectID = cap[[1]], fold = fold_nsclc), "tests/data/nsclc_folds.csv", row.names = FALSE,
          quote = FALSE)
nudge <- function(time, event) time + 0.5 * (event == 0 & time %in% time[event == 1])
cc <- cv.glmnet(nx, cbind(time = nudge(ncl$days, ncl$event), status = ncl$event), family = "cox", foldid = fold_nsclc)
b <- coef(cc, s = "lambda.min")
nz <- which(b[, 1] != 0)
add_coef("nsclc30_lasso", rownames(b)[nz], b[nz, 1])
lp <- as.numeric(nx %*% b[, 1])
add_fit("nsclc30_lasso", nrow(nx), sum(ncl$event), length(nz), cc$lambda.min, NA,
        concordance(Surv(ncl$days, ncl$event) ~ lp, reverse = TRUE)$concordance, cc$lambda.min, cc$lambda.1se)
cat(colnames(nx), sep = ",", file = "tests/reference/model_cmd_nsclc30.txt")
cat("\n", file = "tests/reference/model_cmd_nsclc30.txt", append = TRUE)

## 4. model cox, penalty=none: coxph on veteran (celltype dummies against adeno) ------
vet <- read.delim("tests/data/veteran.tsv")
cf <- coxph(Surv(time, status) ~ celltype + karno + trt, data = vet)
s <- summary(cf)$coefficients
ci <- exp(confint(cf))
add_coef("veteran", sub("celltype", "celltype=", rownames(s)), s[, 1], s[, 3], s[, 4], s[, 5], s[, 2], ci[, 1], ci[, 2])
add_fit("veteran", cf$n, cf$nevent, length(coef(cf)), NA, NA, cf$concordance[["concordance"]])
out(coefs, "model_cmd_coef.tsv")
out(fits, "model_cmd_fit.tsv")

## 5. screen FEATURES by TIME EVENT: coxph per feature (veteran) ---------------------
lung <- read.delim("tests/data/lung.tsv")
feats <- c("trt", "karno", "diagtime", "age", "prior")
scr <- do.call(rbind, lapply(feats, function(f) {
  d <- vet[!is.na(vet[[f]]), ]
  m <- coxph(Surv(d$time, d$status) ~ d[[f]])
  s <- summary(m)$coefficients
  sdv <- sd(d[[f]])
  data.frame(feature = f, n = m$n, events = m$nevent, coef = f17(s[1, 1]), hr_sd = f17(exp(s[1, 1] * sdv)),
             low = f17(exp((s[1, 1] - qnorm(0.975) * s[1, 3]) * sdv)),
             high = f17(exp((s[1, 1] + qnorm(0.975) * s[1, 3]) * sdv)), z = f17(s[1, 4]), p = s[1, 5])
}))
scr$q <- f17(p.adjust(scr$p, "BH"))
scr$p <- f17(scr$p)
out(scr, "model_cmd_screen.tsv")

## 6. concordance TIME EVENT PREDICTOR on lung (both directions) -------------------------
conc <- do.call(rbind, lapply(c(TRUE, FALSE), function(rev) do.call(rbind, lapply(c("age", "ph.ecog", "sex"), function(f) {
  k <- concordance(Surv(time, status) ~ lung[[f]], data = lung, reverse = rev)
  data.frame(predictor = f, reverse = as.integer(!rev), n = k$n, c_index = f17(k$concordance), se = f17(sqrt(k$var)),
             concordant = k$count[["concordant"]], discordant = k$count[["discordant"]], tied_x = k$count[["tied.x"]])
}))))
out(conc, "model_cmd_concordance.tsv")

## 7. calibration deciles (binom.test intervals) and net benefit ----------------------
p <- plogis(0.5 * ax[, "T2_Min"] - 0.3 * ax[, "surface2volumeratio"] + 0.4)
o <- order(p, seq_along(p))
g <- integer(length(p)); m <- length(p)
for (k in 0:9) g[o[(floor(k * m / 10) + 1):floor((k + 1) * m / 10)]] <- k + 1
bins <- do.call(rbind, lapply(1:10, function(k) {
  i <- g == k; e <- sum(ay[i]); n <- sum(i)
  ci <- binom.test(e, n)$conf.int
  data.frame(group = k, n = n, events = e, pred = f17(mean(p[i])), obs = f17(e / n), lo = f17(ci[1]), hi = f17(ci[2]))
}))
out(bins, "model_cmd_calbins.tsv")
pt <- c(0.05, 0.2, 0.5, 0.65, 0.8)
nb <- sapply(pt, function(t) mean(p >= t & ay == 1) - mean(p >= t & ay == 0) * t / (1 - t))
out(data.frame(pt = pt, nb_model = f17(nb), nb_all = f17(mean(ay) - (1 - mean(ay)) * pt / (1 - pt))),
    "model_cmd_decision.tsv")
