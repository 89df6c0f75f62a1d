#!/bin/sh
# Benchmarks (make bench): rgx against R on the same files.  Prints our
# time, R's time (when Rscript is installed) and the ratio, and rgx's peak
# memory against the 8 bytes a value of the numbers themselves.
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p bench/data
D=bench/data
[ -s $D/wide.csv ] || bench/gen comma 500 1000 1 >$D/wide.csv
[ -s $D/tall.tsv ] || bench/gen tab 20000 500 2 >$D/tall.tsv
have_r=0
command -v Rscript >/dev/null 2>&1 && have_r=1

# R's time is measured inside R (system.time), so its start-up is not counted.
rtime() {   # expr
    Rscript -e "cat(system.time($1)[['elapsed']])" 2>/dev/null
}

line() {   # label ours_s ours_mb values r_s
    awk -v l="$1" -v s="$2" -v mb="$3" -v n="$4" -v r="$5" 'BEGIN {
        data = n * 8 / 1048576
        printf "%-34s rgx %7.3f s  peak %6.1f MB (%.2f x the %.1f MB of numbers)", l, s, mb, mb / data, data
        if (r != "") printf "   R %7.3f s   R/rgx %5.1f x", r, r / s
        printf "\n" }'
}

echo "== load table ($(du -h $D/wide.csv | cut -f1) 500 x 1,000 CSV; $(du -h $D/tall.tsv | cut -f1) 20,000 x 500 TSV)"
set -- $(python3 bench/measure.py ./rgx -q -e "load table $D/wide.csv") ; ws=$1; wm=$2
set -- $(python3 bench/measure.py ./rgx -q -e "load table $D/tall.tsv") ; ts=$1; tm=$2
wr=""; tr=""
if [ $have_r = 1 ]; then
    wr=$(rtime "read.csv('$D/wide.csv')")
    tr=$(rtime "read.delim('$D/tall.tsv')")
fi
line "load table 500 x 1,000 CSV" "$ws" "$wm" 500000 "$wr"
line "load table 20,000 x 500 TSV" "$ts" "$tm" 10000000 "$tr"

# The same TSV read as an expression matrix (20,000 genes x 500 samples),
# transposed to 500 x 20,000: against read.delim + t().  Target: >= 10x.
set -- $(python3 bench/measure.py ./rgx -q -e "load expression $D/tall.tsv") ; es=$1; em=$2
er=""
[ $have_r = 1 ] && er=$(rtime "t(as.matrix(read.delim('$D/tall.tsv', row.names = 1)))")
line "load expression 20,000 x 500" "$es" "$em" 10000000 "$er"
[ $have_r = 1 ] || echo "(R is not installed: apt-get install r-base-core to compare)"

# A 1,000,000-line MAF: the real MC3 GBM variants repeated with the sample
# barcodes renamed (so patients and genes stay realistic).  Target: < 2 s.
if [ ! -s $D/big.maf ]; then
    zcat tests/data/mc3_gbm.maf.gz | awk -F'\t' -v OFS='\t' '
        NR == 1 { print; next }
        { line[++n] = $0 }
        END {
            for (k = 0; total < 1000000; k++)
                for (i = 1; i <= n && total < 1000000; i++) {
                    split(line[i], f, "\t")
                    f[9] = sprintf("TCGA-%02d-%s", k, substr(f[9], 9))
                    s = f[1]; for (j = 2; j <= 22; j++) s = s "\t" f[j]
                    print s; total++
                }
        }' >$D/big.maf
fi
set -- $(python3 bench/measure.py ./rgx -q -e "load mutations $D/big.maf min=5") ; ms=$1; mm=$2
awk -v s="$ms" -v mb="$mm" 'BEGIN { printf "%-34s rgx %7.3f s  peak %6.1f MB   (target: under 2 s)\n", "load mutations 1,000,000-line MAF", s, mb }'

# The MC3 pan-cancer shape: 3,600,000 variant lines over 10,000 samples
# (bench/gen_maf.py: real GBM lines, so the real genes and their
# distribution; a skewed burden), min=1: 10,000 x 14,073 0/1 genes, a byte
# each (compact columns).  Targets: <= 5 s, <= 600 MB.  Then a correlation
# of 20 expression columns with every mutation column (turned into doubles
# for the command, 8 bytes a value, freed after it), and its peak.
[ -s $D/mc3big.maf ] || python3 bench/gen_maf.py 3600000 10000 1 >$D/mc3big.maf
set -- $(python3 bench/measure.py ./rgx -q -e "load mutations $D/mc3big.maf min=1") ; ms=$1; mm=$2
awk -v s="$ms" -v mb="$mm" 'BEGIN { printf "%-34s rgx %7.3f s  peak %6.1f MB   (target: <= 5 s, <= 600 MB)\n", "load mutations MC3 3.6 M lines", s, mb }'
if [ ! -s $D/mc3expr.tsv ]; then
    awk -F'\t' 'NR > 1 { id = substr($9, 1, 12); if (!seen[id]++) ids[++n] = id }
        END { srand(1); printf "gene"; for (i = 1; i <= n; i++) printf "\t%s-01A", ids[i]; printf "\n"
              for (g = 1; g <= 20; g++) { printf "X%02d", g; for (i = 1; i <= n; i++) printf "\t%.4f", rand() * 10; printf "\n" } }' \
        $D/mc3big.maf >$D/mc3expr.tsv
fi
set -- $(python3 bench/measure.py ./rgx -q -e "load mutations $D/mc3big.maf min=1 as mut; load expression $D/mc3expr.tsv as ex; join mut ex as j; corr ex.* with mut.* in j keep=q<0.05") ; cs=$1; cm=$2
awk -v s="$cs" -v mb="$cm" 'BEGIN { printf "%-34s rgx %7.3f s  peak %6.1f MB (loading included)\n", "corr 20 expr x every MC3 gene", s, mb }'

# Survival, n = 100,000 with three covariates: Kaplan-Meier by a 3-level
# group + log-rank + Cox (Efron).  R: survfit + survdiff + coxph on the same
# file (reading not timed).  Target: no slower than R, aiming for 3x.
[ -s $D/surv100k.csv ] || ./rgx -q -o $D -e 'simulate cohort as sim n=100000 features=3 genes=1 seed=1; select sim clin.*,rad.* as surv; save surv to surv100k.csv' >/dev/null
SV="load table $D/surv100k.csv as s; km time event by cluster in s; cox time event ~ original_shape_MeshVolume,original_firstorder_Mean,original_glcm_Contrast in s"
set -- $(python3 bench/measure.py ./rgx -q -e "$SV") ; vs=$1; vm=$2
vr=""
if [ $have_r = 1 ] && Rscript -e 'library(survival)' >/dev/null 2>&1; then
    vr=$(Rscript -e "suppressMessages(library(survival)); d <- read.csv('$D/surv100k.csv'); cat(system.time({survfit(Surv(time, event) ~ cluster, d); survdiff(Surv(time, event) ~ cluster, d); coxph(Surv(time, event) ~ original_shape_MeshVolume + original_firstorder_Mean + original_glcm_Contrast, d)})[['elapsed']])" 2>/dev/null)
fi
awk -v l="km + log-rank + cox, n = 100,000" -v s="$vs" -v mb="$vm" -v r="$vr" 'BEGIN {
    printf "%-34s rgx %7.3f s  peak %6.1f MB (loading included)", l, s, mb
    if (r != "") printf "   R %7.3f s   R/rgx %5.1f x", r, r / s
    printf "\n" }'

# Survival and ROC at 1,000,000 patients, each command timed alone (set
# timer=on; loading excluded on both sides): km by a 3-level group (curves,
# log-rank, hazard ratios), cox with three covariates (and cox.zph), roc
# with the DeLong interval.  One sort of the times per command (radix).
# Target: about a second each.  R: survfit + survdiff, coxph + cox.zph,
# pROC's roc + ci.auc.
[ -s $D/surv1m.csv ] || ./rgx -q -o $D -e 'simulate cohort as sim n=1000000 features=3 genes=1 seed=1; select sim clin.*,rad.*,mut.EGFR as surv; save surv to surv1m.csv' >/dev/null
printf '%s\n' 'set timer=on' "load table $D/surv1m.csv as s" 'km time event by cluster in s' \
    'cox time event ~ original_shape_MeshVolume,original_firstorder_Mean,original_glcm_Contrast in s' \
    'roc EGFR original_shape_MeshVolume in s' >$D/surv1m.rgx
set -- $(python3 bench/measure.py ./rgx -q -f $D/surv1m.rgx) ; mm=$2
./rgx -q -f $D/surv1m.rgx >$D/surv1m.out 2>&1
r1m=""
if [ $have_r = 1 ] && Rscript -e 'library(survival); library(pROC)' >/dev/null 2>&1; then
    r1m=$(Rscript -e "suppressMessages({library(survival); library(pROC)}); d <- read.csv('$D/surv1m.csv');
        a <- system.time({survfit(Surv(time, event) ~ cluster, d); survdiff(Surv(time, event) ~ cluster, d)})[['elapsed']];
        b <- system.time({f <- coxph(Surv(time, event) ~ original_shape_MeshVolume + original_firstorder_Mean + original_glcm_Contrast, d); cox.zph(f)})[['elapsed']];
        c <- system.time({r <- roc(d\$EGFR, d\$original_shape_MeshVolume, quiet = TRUE); ci.auc(r)})[['elapsed']];
        cat(a, b, c)" 2>/dev/null | tail -1)
fi
set -- $r1m
for cmd in km cox roc; do
    t=$(sed -n "s/^time: $cmd \([0-9.]*\) s real.*/\1/p" $D/surv1m.out | head -1)
    r=${1:-}; [ $# -gt 0 ] && shift
    awk -v l="$cmd, n = 1,000,000" -v s="$t" -v mb="$mm" -v r="$r" 'BEGIN {
        printf "%-34s rgx %7.3f s  peak %6.1f MB (loading excluded)", l, s, mb
        if (r != "") printf "   R %7.3f s   R/rgx %5.1f x", r, r / s
        printf "\n" }'
done

# ROC: n = 10,000, AUC + stratified bootstrap CI (2,000 resamples) against
# pROC's ci.auc(method = "bootstrap") (target >= 20x); n = 100,000, DeLong CI
# and the paired DeLong test against pROC (target: no slower).
for nn in 10000 100000; do
    [ -s $D/roc$nn.csv ] || ./rgx -q -o $D -e "simulate cohort as sim n=$nn features=2 genes=1 seed=1; select sim mut.EGFR,rad.* as r; save r to roc$nn.csv" >/dev/null
done
set -- $(python3 bench/measure.py ./rgx -q -e "load table $D/roc10000.csv as r; roc EGFR original_shape_MeshVolume in r ci=bootstrap boot=2000") ; bs=$1; bm=$2
set -- $(python3 bench/measure.py ./rgx -q -e "load table $D/roc100000.csv as r; roc EGFR original_shape_MeshVolume,original_firstorder_Mean in r; roc compare roc1 original_shape_MeshVolume original_firstorder_Mean") ; ds=$1; dm=$2
br=""; dr=""
if [ $have_r = 1 ] && Rscript -e 'library(pROC)' >/dev/null 2>&1; then
    br=$(Rscript -e "suppressMessages(library(pROC)); d <- read.csv('$D/roc10000.csv'); cat(system.time({r <- roc(d\$EGFR, d\$original_shape_MeshVolume, quiet = TRUE); ci.auc(r, method = 'bootstrap', boot.n = 2000, progress = 'none')})[['elapsed']])" 2>/dev/null)
    dr=$(Rscript -e "suppressMessages(library(pROC)); d <- read.csv('$D/roc100000.csv'); cat(system.time({r1 <- roc(d\$EGFR, d\$original_shape_MeshVolume, quiet = TRUE); r2 <- roc(d\$EGFR, d\$original_firstorder_Mean, quiet = TRUE); ci.auc(r1); ci.auc(r2); roc.test(r1, r2)})[['elapsed']])" 2>/dev/null)
fi
for row in "roc n=10,000 + bootstrap 2,000|$bs|$bm|$br" "roc n=100,000 DeLong x2 + compare|$ds|$dm|$dr"; do
    echo "$row" | awk -F'|' '{ printf "%-34s rgx %7.3f s  peak %6.1f MB (loading included)", $1, $2, $3
        if ($4 != "") printf "   R %7.3f s   R/rgx %5.1f x", $4, $4 / $2
        printf "\n" }'
done

# The radiogenomic map: 500 patients x 1,000 radiomic features x 20,000 genes,
# Spearman, p-values, BH, the q < 0.05 pairs saved; loading included.
# Against read.csv + read.delim + cor(method = "spearman") + pt + p.adjust.
# Target >= 20x end to end; the correlation step within 5x of one dgemm of
# the same shape (bench/dgemm); peak memory <= 3 map-sized double matrices
# (160 MB each) beyond the inputs.
[ -s $D/expr20k.tsv ] || awk -F'\t' -v OFS='\t' 'NR == 1 { printf "gene"; for (i = 1; i <= 500; i++) printf "\tP%06d", i; printf "\n"; next }
    { $1 = "G" substr($1, 2); print }' $D/tall.tsv >$D/expr20k.tsv
printf '%s\n' 'set timer=on' "load table $D/wide.csv as rad" "load expression $D/expr20k.tsv as ex" 'join rad ex as c' \
    'corr rad.* with ex.* in c keep=q<0.05 as m' 'save m to corr_q05.tsv' >$D/corr.rgx
set -- $(python3 bench/measure.py ./rgx -q -o $D -f $D/corr.rgx) ; ks=$1; km=$2
kc=$(./rgx -q -o $D -f $D/corr.rgx | sed -n 's/^time: corr \([0-9.]*\) s real.*/\1/p')
kg=$(bench/dgemm 1000 500 20000 >/dev/null; bench/dgemm 1000 500 20000)
kin=$(python3 bench/measure.py ./rgx -q -e "load table $D/wide.csv as rad; load expression $D/expr20k.tsv as ex; join rad ex as c" | cut -d' ' -f2)
kr=""
if [ $have_r = 1 ]; then
    kr=$(Rscript -e "t0 <- proc.time()[['elapsed']]; rad <- read.csv('$D/wide.csv', row.names = 1);
        ex <- t(as.matrix(read.delim('$D/expr20k.tsv', row.names = 1))); ids <- intersect(rownames(rad), rownames(ex));
        r <- cor(as.matrix(rad[ids, ]), ex[ids, ], method = 'spearman'); n <- length(ids);
        p <- 2 * pt(-abs(r * sqrt((n - 2) / (1 - r^2))), n - 2); q <- matrix(p.adjust(p, 'BH'), nrow(p));
        k <- which(q < 0.05, arr.ind = TRUE);
        write.table(data.frame(x = rownames(r)[k[, 1]], y = colnames(r)[k[, 2]], n = rep(n, nrow(k)), r = r[k], p = p[k],
                    q = q[k]), '$D/corr_q05_R.tsv', sep = '\t', quote = FALSE, row.names = FALSE);
        cat(proc.time()[['elapsed']] - t0)" 2>/dev/null | tail -1)
fi
awk -v s="$ks" -v mb="$km" -v r="$kr" -v c="$kc" -v g="$kg" -v inmb="$kin" 'BEGIN {
    printf "%-34s rgx %7.3f s  peak %6.1f MB (%.2f maps of 160 MB beyond the %.0f MB of the loaded inputs)", "corr 1,000 x 20,000, 500 patients", s, mb, (mb - inmb) / 160, inmb
    if (r != "") printf "   R %7.3f s   R/rgx %5.1f x", r, r / s
    printf "\n%-34s the corr step %.3f s = %.2f x one dgemm of its shape (%.3f s)\n", "", c, c / g, g }'

# Consensus clustering, 500 patients x 1,000 features, k = 2..6, euclidean:
# hc with 1,000 resamples and km (one start, as CCP) with 200, against
# ConsensusClusterPlus with the same settings (about 46 s each here).
# Target >= 25x each.
[ -s $D/cons500.csv ] || ./rgx -q -o $D -e 'simulate cohort as sim n=500 features=1000 genes=1 seed=1; select sim rad.* as c; save c to cons500.csv' >/dev/null
have_ccp=0
[ $have_r = 1 ] && Rscript -e 'library(ConsensusClusterPlus)' >/dev/null 2>&1 && have_ccp=1
for spec in "hc 1000" "km 200"; do
    set -- $spec; alg=$1; reps=$2
    set -- $(python3 bench/measure.py ./rgx -q -e "load table $D/cons500.csv as c; consensus * in c k=2..6 reps=$reps alg=$alg starts=1 distance=euclidean") ; cs=$1; cm=$2
    cr=""
    if [ $have_ccp = 1 ]; then
        cr=$(Rscript -e "suppressMessages(library(ConsensusClusterPlus)); d <- t(as.matrix(read.csv('$D/cons500.csv', row.names = 1))); cat(system.time(ConsensusClusterPlus(d, maxK = 6, reps = $reps, pItem = 0.8, pFeature = 1, clusterAlg = '$alg', distance = 'euclidean', seed = 1, plot = NULL, verbose = FALSE))[['elapsed']])" 2>/dev/null | tail -1)
    fi
    awk -v l="consensus $alg 500 x 1,000, $reps reps" -v s="$cs" -v mb="$cm" -v r="$cr" 'BEGIN {
        printf "%-34s rgx %7.3f s  peak %6.1f MB (loading included)", l, s, mb
        if (r != "") printf "   R %7.3f s   R/rgx %5.1f x", r, r / s
        printf "\n" }'
done

# Consensus at scale: hc (average linkage, pearson), 200 features, reps
# 100, k = 2..6.  2,000 patients against ConsensusClusterPlus (the largest
# it holds in reasonable time here); 10,000 patients alone (CCP cannot hold
# it).  Targets at 10,000: <= 60 s, <= 2.5 GB (manual/guide.md gives the
# memory formula).
[ -s $D/cons10k.csv ] || ./rgx -q -o $D -e 'simulate cohort as sim n=10000 features=200 genes=1 seed=1; select sim rad.* as c; save c to cons10k.csv' >/dev/null
[ -s $D/cons2k.csv ] || head -2001 $D/cons10k.csv >$D/cons2k.csv
for nn in 2000 10000; do
    f=$D/cons2k.csv; [ $nn = 10000 ] && f=$D/cons10k.csv
    set -- $(python3 bench/measure.py ./rgx -q -e "load table $f as c; consensus * in c k=2..6 reps=100 alg=hc") ; cs=$1; cm=$2
    cr=""
    if [ $have_ccp = 1 ] && [ $nn = 2000 ]; then
        cr=$(Rscript -e "suppressMessages(library(ConsensusClusterPlus)); d <- t(as.matrix(read.csv('$f', row.names = 1))); cat(system.time(ConsensusClusterPlus(d, maxK = 6, reps = 100, pItem = 0.8, pFeature = 1, clusterAlg = 'hc', distance = 'pearson', seed = 1, plot = NULL, verbose = FALSE))[['elapsed']])" 2>/dev/null | tail -1)
    fi
    awk -v l="consensus hc $nn x 200, 100 reps" -v s="$cs" -v mb="$cm" -v r="$cr" 'BEGIN {
        printf "%-34s rgx %7.3f s  peak %6.1f MB (loading included)", l, s, mb
        if (r != "") printf "   R %7.3f s   R/rgx %5.1f x", r, r / s
        printf "\n" }'
done

# Penalised models: one lasso path and a 10-fold cv.glmnet on 500 patients x
# 1,000 simulated features (binomial and Cox), stats/glmnet against R's
# glmnet 4.1 on the same numbers and fold ids (bench/glmnet_bench.R).
# Target: a single path within 2x of glmnet's time.
echo "== glmnet: lasso path and 10-fold CV, 500 x 1,000 (best of 3)"
bench/glmnet_bench $D "$(nproc 2>/dev/null || echo 2)" 3 | sed 's/^/rgx  /'
if [ $have_r = 1 ] && Rscript -e 'library(glmnet)' >/dev/null 2>&1; then
    Rscript bench/glmnet_bench.R $D/glmnet_sim.tsv 3 2>/dev/null | sed 's/^/R    /'
fi
# Gene-set scores: 20,000 genes x 300 patients (normal deviates; the first
# 4,384 genes named after the MSigDB Hallmark genes, the rest G00001...) x
# the 50 Hallmark sets, ssgsea and gsva (Gaussian kernel), against R's
# GSVA 1.46 with the same options (about 22 s and 29 s here).  Loading is
# not timed on either side (rgx: set timer=on's line for score; R:
# system.time around gsva()).  Targets: >= 20x (ssgsea), >= 10x (gsva),
# the same numbers (the largest difference is printed).
G=tests/data/h.all.v2024.1.Hs.symbols.gmt
if [ ! -s $D/gsva20k.tsv ]; then
    cut -f3- $G | tr '\t' '\n' | awk 'NF && !seen[$0]++' >$D/hallmark_genes.txt
    awk -F'\t' -v OFS='\t' 'NR == FNR { g[++ng] = $0; next }
        FNR == 1 { printf "gene"; for (i = 1; i <= 300; i++) printf "\tS%03d", i; printf "\n"; next }
        { k = FNR - 1; name = k <= ng ? g[k] : sprintf("G%05d", k); printf "%s", name
          for (i = 2; i <= 301; i++) printf "\t%s", $i; printf "\n" }' $D/hallmark_genes.txt $D/tall.tsv >$D/gsva20k.tsv
fi
for m in ssgsea gsva; do
    printf '%s\n' 'set timer=on' "load expression $D/gsva20k.tsv as ex" "load genesets $G as h" \
        "score h in ex method=$m as sc" "save sc to gsva_${m}_rgx.tsv" >$D/gsva_$m.rgx
done
gs=$(./rgx -q -o $D -f $D/gsva_ssgsea.rgx | sed -n 's/^time: score \([0-9.]*\) s real.*/\1/p')
gg=$(./rgx -q -o $D -f $D/gsva_gsva.rgx | sed -n 's/^time: score \([0-9.]*\) s real.*/\1/p')
gr=""
if [ $have_r = 1 ] && Rscript -e 'library(GSVA)' >/dev/null 2>&1; then
    gr=$(Rscript bench/gsva.R $D/gsva20k.tsv $G $D 2>/dev/null | tail -1)
fi
# the largest difference between rgx's scores (patients x sets) and R's (sets x patients)
gdiff() {
    [ -s "$2" ] || return
    awk -F'\t' 'NR == FNR { if (FNR == 1) { for (j = 2; j <= NF; j++) set[j] = $j; next }
                             for (j = 2; j <= NF; j++) v[$1 SUBSEP set[j]] = $j; next }
                 FNR == 1 { for (j = 2; j <= NF; j++) pat[j] = $j; next }
                 { for (j = 2; j <= NF; j++) { d = v[pat[j] SUBSEP $1] - $j; if (d < 0) d = -d; if (d > m) m = d; n++ } }
                 END { printf "%.2g over %d scores", m, n }' "$1" "$2"
}
set -- $gr
awk -v s="$gs" -v r="${1:-}" -v d="$(gdiff $D/gsva_ssgsea_rgx.tsv $D/gsva_ssgsea_R.tsv)" 'BEGIN {
    printf "%-34s rgx %7.3f s (loading excluded)", "score ssgsea 20,000 x 300 x 50 sets", s
    if (r != "") printf "   R %7.3f s   R/rgx %5.1f x   largest difference %s", r, r / s, d
    printf "\n" }'
awk -v s="$gg" -v r="${2:-}" -v d="$(gdiff $D/gsva_gsva_rgx.tsv $D/gsva_gsva_R.tsv)" 'BEGIN {
    printf "%-34s rgx %7.3f s (loading excluded)", "score gsva 20,000 x 300 x 50 sets", s
    if (r != "") printf "   R %7.3f s   R/rgx %5.1f x   largest difference %s", r, r / s, d
    printf "\n" }'


# Honest validation (issue 16): `validate` of a lasso whose lambda is chosen
# by 10-fold cv.glmnet inside each of 5 outer folds x 10 repeats, on the same
# 500 x 1,000 data (bench/validate_bench.c), against the same loop in R
# (bench/validate_bench.R: cv.glmnet in every outer fold).  Target: >= 8x;
# the validated AUCs agree within the spread over repeats (different folds).
echo "== validate: 5 outer folds x 10 repeats, lambda by 10-fold cv.glmnet in each, 500 x 1,000"
bench/validate_bench $D "$(nproc 2>/dev/null || echo 2)" 10 | sed 's/^/rgx  /'
if [ $have_r = 1 ] && Rscript -e 'library(glmnet)' >/dev/null 2>&1; then
    Rscript bench/validate_bench.R $D/glmnet_sim.tsv 2>/dev/null | sed 's/^/R    /'
fi
