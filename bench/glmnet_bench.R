# glmnet_bench.R — R's glmnet on bench/glmnet_bench's data (same numbers,
# same fold ids): one lasso path and cv.glmnet, binomial and Cox; best of
# `reps` runs, timed inside R (start-up and reading not counted).
#   Rscript bench/glmnet_bench.R [bench/data/glmnet_sim.tsv] [reps]
args <- commandArgs(TRUE)
file <- if (length(args) >= 1) args[1] else "bench/data/glmnet_sim.tsv"
reps <- if (length(args) >= 2) as.integer(args[2]) else 3
suppressMessages(library(glmnet))
d <- read.delim(file)
x <- as.matrix(d[, -(1:4)])
best <- function(f) min(replicate(reps, system.time(f())[["elapsed"]]))
sy <- cbind(time = d$time, status = d$event)
fb <- glmnet(x, d$y, family = "binomial"); fc <- glmnet(x, sy, family = "cox")
cb <- cv.glmnet(x, d$y, family = "binomial", foldid = d$fold)
cc <- cv.glmnet(x, sy, family = "cox", foldid = d$fold)
cat(sprintf("%-8s lasso path %7.3f s (%d lambdas)   10-fold cv %7.3f s  lambda.min at step %d\n", "binomial",
            best(function() glmnet(x, d$y, family = "binomial")), length(fb$lambda),
            best(function() cv.glmnet(x, d$y, family = "binomial", foldid = d$fold)), cb$index[1]))
cat(sprintf("%-8s lasso path %7.3f s (%d lambdas)   10-fold cv %7.3f s  lambda.min at step %d\n", "cox",
            best(function() glmnet(x, sy, family = "cox")), length(fc$lambda),
            best(function() cv.glmnet(x, sy, family = "cox", foldid = d$fold)), cc$index[1]))
