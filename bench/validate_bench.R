# validate_bench.R — the honest-validation loop radiomics papers run, in R:
# 10 repeats of 5-fold cross-validation, each outer fold choosing lambda by
# a 10-fold cv.glmnet (lasso, binomial, deviance) on its training rows,
# then predicting its held-out rows at lambda.min; the AUC of each fold,
# averaged over the folds of a repeat (fold-size weights), then over the
# repeats — what `validate NAME folds=5 repeats=10` computes.  Outer folds
# are stratified by the outcome, inner folds as cv.glmnet draws them.
# Timed inside R (start-up and reading not counted).
#   Rscript bench/validate_bench.R [bench/data/glmnet_sim.tsv] [seed]
args <- commandArgs(TRUE)
file <- if (length(args) >= 1) args[1] else "bench/data/glmnet_sim.tsv"
seed <- if (length(args) >= 2) as.integer(args[2]) else 1
suppressMessages(library(glmnet))
d <- read.delim(file)
x <- as.matrix(d[, -(1:4)])
y <- d$y
auc <- function(yy, s) {                     # Mann-Whitney, ties half
  r <- rank(s); n1 <- sum(yy == 1); n0 <- sum(yy == 0)
  (sum(r[yy == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}
strat_folds <- function(yy, k) {             # stratified outer folds
  f <- integer(length(yy))
  for (cl in unique(yy)) {
    i <- which(yy == cl)
    f[i] <- sample(rep(seq_len(k), length.out = length(i)))
  }
  f
}
set.seed(seed)
st <- system.time({
  reps <- sapply(1:10, function(r) {
    fo <- strat_folds(y, 5)
    a <- sapply(1:5, function(k) {
      tr <- fo != k
      cv <- cv.glmnet(x[tr, ], y[tr], family = "binomial", nfolds = 10)
      p <- predict(cv, newx = x[!tr, ], s = "lambda.min")
      c(auc(y[!tr], p), sum(!tr))
    })
    sum(a[1, ] * a[2, ]) / sum(a[2, ])
  })
})
t <- st[["elapsed"]]
cpu <- st[["user.self"]] + st[["sys.self"]]
full <- cv.glmnet(x, y, family = "binomial", nfolds = 10)
app <- auc(y, predict(full, newx = x, s = "lambda.min"))
cat(sprintf("validate 5 folds x 10 repeats, cv.glmnet inside: %7.3f s wall, %7.3f s cpu (R); apparent AUC %.4f, validated AUC %.4f (sd over repeats %.4f)\n",
            t, cpu, app, mean(reps), sd(reps)))
