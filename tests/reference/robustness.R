# robustness.R — expected values for the feature-robustness core:
# stats/icc.c, ccc.c, combat.c, pca.c, redundancy.c, scalecheck.c.
# Run from the repository root:  Rscript tests/reference/robustness.R
# Needs psych (2.2.9), lme4, epiR (2.0.57), sva (3.46), caret (6.0-93).
# Real data only (tests/data/SOURCES.md):
#   qin_prostate_t2_retest.csv  test–retest prostate MRI (PyRadiomics), 15 patients × structures × 2 exams
#   nsclc_captk_features.csv, nsclc_ct_parameters.csv, nsclc_clinical.csv   NSCLC CT features, scanners
# Writes (tests/reference/):
#   robust_icc.tsv        psych::ICC per feature and type; method anova (lmer = FALSE) and lmer (the default;
#                         lmer_ok = 0: lme4 warned, or stopped short of the REML optimum)
#   robust_ccc.tsv        epiR::epi.ccc of exam 1 vs exam 2 per feature
#   robust_combat_runs.tsv, robust_combat_summary.tsv, robust_combat_values.tsv   sva::ComBat
#   robust_pca.tsv        prcomp, signs normalised (largest |loading| positive)
#   robust_nzv.tsv        caret::nearZeroVar(saveMetrics = TRUE)
#   robust_reduce.tsv     the greedy redundancy rule (an independent R version) and caret::findCorrelation
#   robust_scale.tsv      the scale check
#   robust_qf.tsv         qf(q, d1, d2, lower.tail = FALSE) on a grid
# With the argument `timings`, also prints R's timings of sva::ComBat (1,000 × 500, 5 batches) and
# prcomp (500 × 1,000).
suppressPackageStartupMessages({
    library(psych); library(lme4); library(epiR); library(sva); library(caret)
})
out <- function(d, f) write.table(d, file.path("tests/reference", f), sep = "\t", quote = FALSE, row.names = FALSE)
fmt <- function(x, digits = 16) ifelse(is.na(x), "NA", sprintf("%.*g", digits, x))

## ---------------------------------------------------------------- ICC, CCC
q <- read.table("tests/data/qin_prostate_t2_retest.csv", sep = ";", header = TRUE, check.names = FALSE,
                stringsAsFactors = FALSE)
patient <- sub("_.*", "", q$study)
date <- as.numeric(sub("^[^_]*_([^_]*)_.*", "\\1", q$study))
subject <- paste(patient, q$segmentedStructure)
exam <- ave(date, subject, FUN = function(v) rank(v))   # 1st, 2nd exam of each subject
stopifnot(!anyDuplicated(paste(subject, exam)))
qfeat <- names(q)[-(1:2)]
subjects <- sort(unique(subject))
icc_rows <- list(); ccc_rows <- list()
for (f in qfeat) {
    w <- matrix(NA_real_, length(subjects), 2, dimnames = list(subjects, NULL))
    w[cbind(match(subject, subjects), exam)] <- q[[f]]
    m <- w[complete.cases(w), ]
    a <- suppressMessages(ICC(m, lmer = FALSE))$results
    conv <- TRUE
    lf <- withCallingHandlers(suppressMessages(ICC(m, lmer = TRUE)),
                              warning = function(wn) { conv <<- FALSE; invokeRestart("muffleWarning") })
    l <- lf$results
    # lme4 may also stop short of the REML optimum without a warning: where every ANOVA variance
    # component is positive they are the REML estimates; compare the REML criterion there
    ms <- suppressMessages(ICC(m, lmer = FALSE))$stats["MS", ]
    vid <- (ms[1] - ms[3]) / 2; vj <- (ms[2] - ms[3]) / nrow(m)
    if (conv && vid > 0 && vj > 0) {
        mod <- lf$summary
        dev <- lmer(values ~ 1 + (1 | id) + (1 | items), data = mod@frame, devFunOnly = TRUE)
        th <- getME(mod, "theta")
        th_a <- sqrt(c(vid, vj)[match(sub("\\..*", "", names(th)), c("id", "items"))] / ms[3])
        if (dev(th_a) < dev(th) - 1e-7) conv <- FALSE
    }
    for (meth in c("anova", "lmer")) {
        r <- if (meth == "anova") a else l
        icc_rows[[length(icc_rows) + 1]] <- data.frame(feature = f, method = meth, lmer_ok = as.integer(conv),
            type = r$type, icc = fmt(r$ICC), F = fmt(r$F), df1 = fmt(r$df1), df2 = fmt(r$df2), p = fmt(r$p),
            lower = fmt(r[["lower bound"]]), upper = fmt(r[["upper bound"]]),
            n_subjects = nrow(m), n_incomplete = nrow(w) - nrow(m))
    }
    cc <- epi.ccc(w[, 1], w[, 2], ci = "z-transform", conf.level = 0.95)
    ca <- epi.ccc(w[, 1], w[, 2], ci = "asymptotic", conf.level = 0.95)
    ccc_rows[[length(ccc_rows) + 1]] <- data.frame(feature = f, n = sum(complete.cases(w)), n_missing = cc$nmissing,
        ccc = fmt(cc$rho.c$est), lower = fmt(cc$rho.c$lower), upper = fmt(cc$rho.c$upper),
        lower_asym = fmt(ca$rho.c$lower), upper_asym = fmt(ca$rho.c$upper),
        s_shift = fmt(cc$s.shift), l_shift = fmt(cc$l.shift), C_b = fmt(cc$C.b),
        ba_mean = fmt(cc$sblalt$est), ba_sd = fmt(cc$sblalt$delta.sd),
        ba_lower = fmt(cc$sblalt$lower), ba_upper = fmt(cc$sblalt$upper))
}
# k = 4 raters: Shrout & Fleiss's own example (1979, Table 2: 6 targets × 4 judges), as in ?psych::ICC
sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7), ncol = 4, byrow = TRUE)
for (meth in c("anova", "lmer")) {
    ok <- 1
    r <- withCallingHandlers(suppressMessages(ICC(sf, lmer = meth == "lmer"))$results,
                             warning = function(wn) { ok <<- 0; invokeRestart("muffleWarning") })
    icc_rows[[length(icc_rows) + 1]] <- data.frame(feature = "shrout_fleiss_1979", method = meth, lmer_ok = ok,
        type = r$type, icc = fmt(r$ICC), F = fmt(r$F), df1 = fmt(r$df1), df2 = fmt(r$df2), p = fmt(r$p),
        lower = fmt(r[["lower bound"]]), upper = fmt(r[["upper bound"]]), n_subjects = 6, n_incomplete = 0)
}
out(do.call(rbind, icc_rows), "robust_icc.tsv")
out(do.call(rbind, ccc_rows), "robust_ccc.tsv")
# the F quantiles behind the bounds (fractional and small df as ICC2's Satterthwaite df gives)
qg <- expand.grid(q = c(0.025, 0.5, 1e-6), d1 = c(0.6, 1, 3.7, 47, 1000), d2 = c(0.8, 2, 15.3, 48, 5000))
qg$x <- fmt(qf(qg$q, qg$d1, qg$d2, lower.tail = FALSE))
out(qg, "robust_qf.tsv")
# psych::ICC(missing = TRUE, lmer = FALSE) on a matrix with an incomplete row stops with an error;
# with lmer = TRUE it keeps the incomplete rows' single values (rgx, like the anova rows above, uses
# only the complete subjects):
invisible(capture.output(type = "message", e <- try(suppressMessages(ICC(w, lmer = FALSE)), silent = TRUE)))
stopifnot(inherits(e, "try-error"))

## ---------------------------------------------------------------- ComBat
x <- read.csv("tests/data/nsclc_captk_features.csv", check.names = FALSE, fileEncoding = "UTF-8-BOM",
              na.strings = "#NAME?")
ct <- read.csv("tests/data/nsclc_ct_parameters.csv", colClasses = "character")
ct$id <- ifelse(nchar(ct$clc) > 7, substr(ct$clc, 1, nchar(ct$clc) - 1), ct$clc)   # R01-001L -> R01-001
cl <- read.csv("tests/data/nsclc_clinical.csv", na.strings = c("nan", ""), check.names = FALSE)
names(cl)[1] <- "id"
feat <- names(x)[-1]
d <- merge(x, ct[, c("id", "Manufacturer", "KernelResolution")], by.x = "SubjectID", by.y = "id", sort = FALSE)
d <- merge(d, cl[, c("id", "sex", "smoking", "days")], by.x = "SubjectID", by.y = "id", sort = FALSE)
d <- d[order(d$SubjectID), ]
complete <- complete.cases(d[, feat])
three <- d$Manufacturer %in% c("GE MEDICAL SYSTEMS", "SIEMENS", "Philips")
runs <- list(
    par        = list(rows = three & complete, batch = "Manufacturer"),
    nonpar     = list(rows = three & complete, batch = "Manufacturer", par = FALSE),
    meanonly   = list(rows = three & complete, batch = "Manufacturer", mean.only = TRUE),
    cov        = list(rows = three & complete, batch = "Manufacturer", cov = TRUE),
    ref        = list(rows = three & complete, batch = "Manufacturer", ref = "SIEMENS"),
    nonpar_ref = list(rows = three & complete, batch = "Manufacturer", par = FALSE, ref = "GE MEDICAL SYSTEMS"),
    na         = list(rows = three, batch = "Manufacturer"),
    single     = list(rows = d$Manufacturer != "0" & complete, batch = "Manufacturer"),
    zerovar    = list(rows = d$Manufacturer != "TOSHIBA" & complete, batch = "mk"))
d$mk <- paste(d$Manufacturer, d$KernelResolution)
vfeat <- c(2, 6, 31, 48, 63, 92)   # features written in full (48, 63: missing in R01-159; 31: constant in a zerovar batch)
run_rows <- list(); sum_rows <- list(); val_rows <- list()
for (rn in names(runs)) {
    R <- runs[[rn]]
    s <- d[R$rows, ]
    dat <- t(as.matrix(s[, feat]))
    colnames(dat) <- s$SubjectID
    b <- s[[R$batch]]
    mod <- if (isTRUE(R$cov)) model.matrix(~ factor(sex) + factor(smoking) + days, data = s) else NULL
    adj <- suppressMessages(capture.output(a <- ComBat(dat, b, mod = mod, par.prior = is.null(R$par),
                                                       mean.only = isTRUE(R$mean.only), ref.batch = R$ref)))
    skipped <- which(apply(a == dat | (is.na(a) & is.na(dat)), 1, all))
    run_rows[[rn]] <- data.frame(run = rn, n = ncol(dat), batches = length(unique(b)),
                                 skipped = if (length(skipped)) paste(skipped, collapse = ",") else "-")
    for (lev in sort(unique(b))) {
        v <- a[, b == lev, drop = FALSE]
        sum_rows[[length(sum_rows) + 1]] <- data.frame(run = rn, feature = seq_along(feat), batch = lev,
            n = ncol(v), mean = fmt(rowMeans(v, na.rm = TRUE), 12),
            sd = fmt(if (ncol(v) > 1) apply(v, 1, sd, na.rm = TRUE) else NA, 12))
    }
    vv <- data.frame(run = rn, sample = s$SubjectID, batch = b)
    for (j in vfeat) vv[[paste0("f", j)]] <- fmt(a[j, ], 12)
    val_rows[[rn]] <- vv
}
out(do.call(rbind, run_rows), "robust_combat_runs.tsv")
out(do.call(rbind, sum_rows), "robust_combat_summary.tsv")
out(do.call(rbind, val_rows), "robust_combat_values.tsv")

## ---------------------------------------------------------------- PCA
signfix <- function(p) {   # the largest |loading| (first within 1e-9 of it) positive
    for (k in seq_len(ncol(p$rotation))) {
        v <- p$rotation[, k]
        j <- which(abs(v) >= max(abs(v)) * (1 - 1e-9))[1]
        if (v[j] < 0) { p$rotation[, k] <- -v; p$x[, k] <- -p$x[, k] }
    }
    p
}
X <- as.matrix(d[three & complete, feat])
pca_rows <- list()
for (pr in list(list("scaled", X, TRUE), list("unscaled", X, FALSE), list("wide", X[1:60, ], TRUE))) {
    p <- signfix(prcomp(pr[[2]], center = TRUE, scale. = pr[[3]]))
    K <- 4
    prop <- p$sdev^2 / sum(p$sdev^2)
    pca_rows[[length(pca_rows) + 1]] <- rbind(
        data.frame(run = pr[[1]], what = "sdev", i = seq_along(p$sdev), k = 0, value = fmt(p$sdev)),
        data.frame(run = pr[[1]], what = "prop", i = seq_along(prop), k = 0, value = fmt(prop)),
        data.frame(run = pr[[1]], what = "rotation", i = rep(seq_len(nrow(p$rotation)), K), k = rep(1:K, each = nrow(p$rotation)),
                   value = fmt(as.vector(p$rotation[, 1:K]), 13)),
        data.frame(run = pr[[1]], what = "score", i = rep(seq_len(nrow(p$x)), K), k = rep(1:K, each = nrow(p$x)),
                   value = fmt(as.vector(p$x[, 1:K]), 13)))
}
out(do.call(rbind, pca_rows), "robust_pca.tsv")

## ---------------------------------------------------------------- near-zero variance
nz1 <- nearZeroVar(x[, -1], saveMetrics = TRUE)
cl2 <- cl[, -1]
nz2 <- nearZeroVar(cl2, saveMetrics = TRUE)
out(rbind(data.frame(table = "captk", column = rownames(nz1), nz1),
          data.frame(table = "clinical", column = rownames(nz2), nz2)), "robust_nzv.tsv")

## ---------------------------------------------------------------- redundancy
# The rule of stats/redundancy.c, written out independently: features by
# priority (high first, ties by column order); keep one unless |r| > cut with
# an already kept one; a dropped one's representative is the kept feature of
# largest |r| (ties: the higher priority).
greedy <- function(r, prio, cut) {
    ord <- order(-prio, seq_along(prio))
    kept <- integer(0)
    for (f in ord) if (!any(abs(r[f, kept]) > cut)) kept <- c(kept, f)
    rep <- rep_r <- numeric(ncol(r))
    for (f in seq_len(ncol(r))) {
        if (f %in% kept) { rep[f] <- f; rep_r[f] <- 1; next }
        a <- abs(r[f, kept]); j <- which(a == max(a))[1]
        rep[f] <- kept[j]; rep_r[f] <- r[f, kept[j]]
    }
    list(kept = seq_len(ncol(r)) %in% kept, rep = rep, rep_r = rep_r)
}
red_rows <- list()
reds <- list(list("captk_spearman", X, "spearman", apply(X, 2, var), 0.9),
             list("captk_pearson", X, "pearson", apply(X, 2, var), 0.95))
# QIN: all 102 scans, priority = ICC(2,1) from the anova rows above
qi <- do.call(rbind, icc_rows)
qi <- qi[qi$method == "anova" & qi$type == "ICC2", ]
QX <- as.matrix(q[, qfeat])
reds[[3]] <- list("qin_spearman_icc", QX, "spearman", as.numeric(qi$icc[match(qfeat, qi$feature)]), 0.9)
for (rd in reds) {
    r <- cor(rd[[2]], method = rd[[3]])
    g <- greedy(r, rd[[4]], rd[[5]])
    ce <- seq_len(ncol(r)) %in% findCorrelation(r, cutoff = rd[[5]], exact = TRUE)
    cf <- seq_len(ncol(r)) %in% findCorrelation(r, cutoff = rd[[5]], exact = FALSE)
    # a caret-dropped feature left without any kept feature above the cut
    orphan <- sapply(seq_len(ncol(r)), function(f) ce[f] && !any(abs(r[f, !ce]) > rd[[5]]))
    red_rows[[rd[[1]]]] <- data.frame(run = rd[[1]], cut = rd[[5]], feature = colnames(r), priority = fmt(rd[[4]]),
        kept = as.integer(g$kept), rep = g$rep, rep_r = fmt(g$rep_r), caret_exact_drop = as.integer(ce),
        caret_fast_drop = as.integer(cf), caret_orphan = as.integer(orphan))
    cat(sprintf("%s: greedy keeps %d of %d; caret exact keeps %d (%d dropped without a kept representative), fast keeps %d\n",
                rd[[1]], sum(g$kept), ncol(r), sum(!ce), sum(orphan), sum(!cf)))
}
out(do.call(rbind, red_rows), "robust_reduce.tsv")

## ---------------------------------------------------------------- scale check
sc_rows <- list()
for (sc in list(list("captk", X), list("qin", QX))) {
    s <- apply(sc[[2]], 2, sd)
    o <- order(-s, seq_along(s))
    share <- cumsum(s[o]^2) / sum(s^2)
    ndom <- which(share >= 0.9)[1]
    sc_rows[[sc[[1]]]] <- data.frame(table = sc[[1]], ratio = fmt(max(s) / min(s)), largest = which.max(s),
        smallest = which.min(s), dominant = paste(o[1:ndom], collapse = ","), share = fmt(share[ndom]))
}
out(do.call(rbind, sc_rows), "robust_scale.tsv")

## ---------------------------------------------------------------- R's timings (printed, not compared)
if (!"timings" %in% commandArgs(TRUE)) quit(save = "no")   # Rscript tests/reference/robustness.R timings
set.seed(17)
nb <- 5; ns <- 500; nf <- 1000
bt <- rep(1:nb, length.out = ns)
sim <- matrix(rnorm(nf * ns), nf, ns) + outer(rnorm(nf, 5), rep(1, ns)) +
       outer(rnorm(nf), bt / 2) * matrix(rep(1 + bt / 5, each = nf), nf)
t_par <- system.time(invisible(capture.output(suppressMessages(ComBat(sim, bt)))))[["elapsed"]]
t_np <- system.time(invisible(capture.output(suppressMessages(ComBat(sim, bt, par.prior = FALSE)))))[["elapsed"]]
Y <- matrix(rnorm(500 * 1000), 500, 1000)
t_pca <- system.time(prcomp(Y, center = TRUE, scale. = TRUE))[["elapsed"]]
cat(sprintf("R timings: ComBat 1000 x 500, 5 batches: parametric %.2f s, non-parametric %.2f s; prcomp 500 x 1000: %.2f s\n",
            t_par, t_np, t_pca))
