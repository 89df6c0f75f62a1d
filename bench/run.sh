#!/bin/sh
# Benchmarks (make bench): rgx against its peers on the same files — R's
# functions, data.table's fread (2 threads) for the big loads, zcat for
# gzip.  Each benchmark prints a line as it runs; at the end ONE table
# sums them all up (our time, the peer's, the ratio, rgx's peak memory),
# so that a regression anywhere is visible in one place.  The peers'
# times are measured inside R (system.time: start-up and reading not
# counted where the line says so); rgx's are wall-clock with start-up,
# except against fread, where both are the load's own time.
#   sh bench/run.sh                 (RGX=path/to/rgx to time another build)
# The data are generated into bench/data on the first run (about 4 GB:
# the 20,000 x 11,000 Pan-Cancer-sized matrix, plain and gzip).
set -u
cd "$(dirname "$0")/.." || exit 1
RGX=${RGX:-./rgx}
mkdir -p bench/data
D=bench/data
SUM=$D/summary.tsv
: >$SUM
have_r=0
command -v Rscript >/dev/null 2>&1 && have_r=1
have_dt=0
[ $have_r = 1 ] && Rscript -e 'library(data.table)' >/dev/null 2>&1 && have_dt=1

# one row of the summary: label, ours (s), peer's name, peer (s), peak (MB), note
add() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >>$SUM; }
# wall-clock seconds and peak MB of a command
meas() { python3 bench/measure.py "$@"; }
# the best of 3 runs: seconds and the peak MB
best3() {
    b=""; mb=0
    for i in 1 2 3; do
        r=$(meas "$@") || return
        s1=${r%% *}; mb=${r#* }   # the command's words stay in "$@" for the next run
        [ -z "$b" ] && b=$s1
        b=$(awk -v a="$b" -v c="$s1" 'BEGIN { print (c < a ? c : a) }')
    done
    echo "$b $mb"
}
# the best of 3 runs of one rgx command, timed as R's system.time times a
# function (the command's own time: `set timer=on`), against fread's:
# seconds, peak MB, and the whole process's best wall-clock seconds
best3cmd() {
    b=""; w=""; mb=0
    for i in 1 2 3; do
        r=$(meas $RGX -q -e "set timer=on; $1") || return
        set -- "$1" $r   # wall peak command
        [ -z "$b" ] && { b=$4; w=$2; }
        b=$(awk -v a="$b" -v c="$4" 'BEGIN { print (c < a ? c : a) }')
        w=$(awk -v a="$w" -v c="$2" 'BEGIN { print (c < a ? c : a) }')
        mb=$3
    done
    echo "$b $mb $w"
}
# R's time for an expression (system.time inside R)
rtime() { Rscript -e "suppressMessages(library(data.table)); cat(system.time($1)[['elapsed']])" 2>/dev/null | tail -1; }
# fread's best of 3, 2 threads
fread3() {
    Rscript -e "suppressMessages(library(data.table)); f <- function() { t <- system.time(d <- fread('$1', nThread = 2))[['elapsed']]; rm(d); invisible(gc()); t }; cat(min(f(), f(), f()))" 2>/dev/null | tail -1
}
line() {   # label ours_s ours_mb peer_name peer_s note
    awk -v l="$1" -v s="$2" -v mb="$3" -v pn="$4" -v r="$5" -v n="$6" 'BEGIN {
        printf "%-40s rgx %8.3f s  peak %10s", l, s, mb == "" ? "-" : sprintf("%.1f MB", mb)
        if (r != "") printf "   %s %8.3f s   %s/rgx %5.2f x", pn, r, pn, r / s
        if (n != "") printf "   %s", n
        printf "\n" }'
    add "$1" "$2" "$4" "$5" "$3" "$6"
}

[ -s $D/wide.csv ] || bench/gen comma 500 1000 1 >$D/wide.csv
[ -s $D/tall.tsv ] || bench/gen tab 20000 500 2 >$D/tall.tsv

echo "== loading"
set -- $(meas $RGX -q -e "load table $D/wide.csv") ; ws=$1; wm=$2
set -- $(meas $RGX -q -e "load table $D/tall.tsv") ; ts=$1; tm=$2
wr=""; tr=""
if [ $have_r = 1 ]; then
    wr=$(rtime "read.csv('$D/wide.csv')")
    tr=$(rtime "read.delim('$D/tall.tsv')")
fi
line "load table 500 x 1,000 CSV" "$ws" "$wm" R "$wr" "read.csv"
line "load table 20,000 x 500 TSV" "$ts" "$tm" R "$tr" "read.delim"
# the same TSV as an expression matrix, transposed to 500 x 20,000
set -- $(meas $RGX -q -e "load expression $D/tall.tsv") ; es=$1; em=$2
er=""
[ $have_r = 1 ] && er=$(rtime "t(as.matrix(read.delim('$D/tall.tsv', row.names = 1)))")
line "load expression 20,000 x 500" "$es" "$em" R "$er" "read.delim + t()"

# The Pan-Cancer matrix size: 20,000 genes x 11,000 samples (TCGA aliquot
# barcodes), RSEM-like values with four decimals (1.76 GB, as the real
# EBPlusPlus matrix), against data.table's fread with 2 threads, best of
# 3 each, both timed the same way: the load alone (rgx's `set timer=on`,
# R's system.time), the whole process's time shown beside it.  Targets: >= 1.5x fread; peak memory <= 1.3x the 1.76 GB of the
# numbers.  Then gzip (against fread and against zcat > /dev/null), and
# numbers written with 17 significant digits (what a round-trip writer
# writes: no strtod any more).
[ -s $D/pancan.tsv ] || bench/gen tab 20000 11000 3 rsem expr >$D/pancan.tsv
[ -s $D/pancan.tsv.gz ] || gzip -6 -c $D/pancan.tsv >$D/pancan.tsv.gz
[ -s $D/pancan17.tsv ] || bench/gen tab 2000 11000 4 17 expr >$D/pancan17.tsv
NUM=1760000000   # 20,000 x 11,000 x 8 bytes
set -- $(best3cmd "load expression $D/pancan.tsv") ; ps=$1; pm=$2; pw=$3
pr=""; [ $have_dt = 1 ] && pr=$(fread3 $D/pancan.tsv)
line "load expression 20,000 x 11,000 (1.8 GB)" "$ps" "$pm" fread "$pr" "$(awk -v m="$pm" -v n=$NUM -v w="$pw" 'BEGIN { printf "peak %.2f x the numbers; whole process %.2f s; target >= 1.5x fread, <= 1.3x", m * 1048576 / n, w }')"
set -- $(best3cmd "load table $D/pancan.tsv") ; ls=$1; lm=$2; lw=$3
line "load table 20,000 x 11,000 (1.8 GB)" "$ls" "$lm" fread "$pr" "$(awk -v m="$lm" -v n=$NUM -v w="$lw" 'BEGIN { printf "peak %.2f x the numbers; whole process %.2f s", m * 1048576 / n, w }')"
set -- $(best3cmd "load expression $D/pancan.tsv.gz") ; gs=$1; gm=$2; gw=$3
gr=""; [ $have_dt = 1 ] && gr=$(fread3 $D/pancan.tsv.gz)
zs=$(python3 -c "import subprocess, time; t = time.time(); subprocess.run('zcat $D/pancan.tsv.gz > /dev/null', shell=True); print('%.3f' % (time.time() - t))")
line "load expression, gzip (0.8 GB)" "$gs" "$gm" fread "$gr" "whole process $gw s"
line "  gzip: decompression alone" "$gw" "$gm" zcat "$zs" "rgx's whole process against zcat > /dev/null"
set -- $(best3cmd "load expression $D/pancan17.tsv") ; ss=$1; sm=$2; sw=$3
sr=""; [ $have_dt = 1 ] && sr=$(fread3 $D/pancan17.tsv)
line "load expression 2,000 x 11,000, 17 digits" "$ss" "$sm" fread "$sr" "$(awk -v b="$(wc -c <$D/pancan17.tsv)" -v w="$sw" 'BEGIN { printf "%.0f MB of text; whole process %.2f s", b / 1e6, w }')"

# save: 500 x 20,000 (152 MB of text), the fewest of 15-17 digits that
# read back exactly; MB/s of the file against data.table's fwrite (15
# digits, not round-trip exact).  Target >= 200 MB/s (the file's fsync
# is the disk's time, counted).
printf '%s\n' 'set timer=on' "load expression $D/tall.tsv as ex" "save ex to $D/save_rgx.tsv" >$D/save.rgx
vs=$($RGX -q -f $D/save.rgx | sed -n 's/^time: save \([0-9.]*\) s real.*/\1/p')
vr=""
[ $have_dt = 1 ] && vr=$(Rscript -e "suppressMessages(library(data.table)); d <- t(as.matrix(read.delim('$D/tall.tsv', row.names = 1))); d <- data.table(patient = rownames(d), d); cat(system.time(fwrite(d, '$D/save_R.tsv', sep = '\t'))[['elapsed']])" 2>/dev/null | tail -1)
line "save 500 x 20,000" "$vs" "" fwrite "$vr" "$(awk -v s="$vs" -v b="$(wc -c <$D/save_rgx.tsv)" 'BEGIN { printf "%.0f MB/s", b / 1e6 / s }')"

echo "== mutations, survival, ROC"
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
set -- $(meas $RGX -q -e "load mutations $D/big.maf min=5") ; ms=$1; mm=$2
line "load mutations 1,000,000-line MAF" "$ms" "$mm" "" "" "target: under 2 s"

# The MC3 pan-cancer shape: 3,600,000 variant lines over 10,000 samples
# (bench/gen_maf.py: real GBM lines, so the real genes and their
# distribution; a skewed burden), min=1: 10,000 x 14,073 0/1 genes, a byte
# each (compact columns).  Targets: <= 5 s, <= 600 MB.  Then a correlation
# of 20 expression columns with every mutation column (turned into doubles
# for the command, 8 bytes a value, freed after it), and its peak.
[ -s $D/mc3big.maf ] || python3 bench/gen_maf.py 3600000 10000 1 >$D/mc3big.maf
set -- $(meas $RGX -q -e "load mutations $D/mc3big.maf min=1") ; ms=$1; mm=$2
line "load mutations MC3 3.6 M lines, min=1" "$ms" "$mm" "" "" "target: <= 5 s, <= 600 MB"
if [ ! -s $D/mc3expr.tsv ]; then
    awk -F'\t' 'NR > 1 { id = substr($9, 1, 12); if (!seen[id]++) ids[++n] = id }
        END { srand(1); printf "gene"; for (i = 1; i <= n; i++) printf "\t%s-01A", ids[i]; printf "\n"
              for (g = 1; g <= 20; g++) { printf "X%02d", g; for (i = 1; i <= n; i++) printf "\t%.4f", rand() * 10; printf "\n" } }' \
        $D/mc3big.maf >$D/mc3expr.tsv
fi
set -- $(meas $RGX -q -e "load mutations $D/mc3big.maf min=1 as mut; load expression $D/mc3expr.tsv as ex; join mut ex as j; corr ex.* with mut.* in j keep=q<0.05") ; cs=$1; cm=$2
line "corr 20 expr x every MC3 gene" "$cs" "$cm" "" "" "loading included"

# Survival, n = 100,000 with three covariates: Kaplan-Meier by a 3-level
# group + log-rank + Cox (Efron).  R: survfit + survdiff + coxph on the same
# file (reading not timed).  Target: no slower than R, aiming for 3x.
[ -s $D/surv100k.csv ] || $RGX -q -o $D -e 'simulate cohort as sim n=100000 features=3 genes=1 seed=1; select sim clin.*,rad.* as surv; save surv to surv100k.csv' >/dev/null
SV="load table $D/surv100k.csv as s; km time event by cluster in s; cox time event ~ original_shape_MeshVolume,original_firstorder_Mean,original_glcm_Contrast in s"
set -- $(meas $RGX -q -e "$SV") ; vs=$1; vm=$2
vr=""
if [ $have_r = 1 ] && Rscript -e 'library(survival)' >/dev/null 2>&1; then
    vr=$(Rscript -e "suppressMessages(library(survival)); d <- read.csv('$D/surv100k.csv'); cat(system.time({survfit(Surv(time, event) ~ cluster, d); survdiff(Surv(time, event) ~ cluster, d); coxph(Surv(time, event) ~ original_shape_MeshVolume + original_firstorder_Mean + original_glcm_Contrast, d)})[['elapsed']])" 2>/dev/null)
fi
line "km + log-rank + cox, n = 100,000" "$vs" "$vm" R "$vr" "loading included"

# Survival and ROC at 1,000,000 patients, each command timed alone (set
# timer=on; loading excluded on both sides): km by a 3-level group (curves,
# log-rank, hazard ratios), cox with three covariates (and cox.zph), roc
# with the DeLong interval.  One sort of the times per command (radix).
# Target: about a second each.  R: survfit + survdiff, coxph + cox.zph,
# pROC's roc + ci.auc.
[ -s $D/surv1m.csv ] || $RGX -q -o $D -e 'simulate cohort as sim n=1000000 features=3 genes=1 seed=1; select sim clin.*,rad.*,mut.EGFR as surv; save surv to surv1m.csv' >/dev/null
printf '%s\n' 'set timer=on' "load table $D/surv1m.csv as s" 'km time event by cluster in s' \
    'cox time event ~ original_shape_MeshVolume,original_firstorder_Mean,original_glcm_Contrast in s' \
    'roc EGFR original_shape_MeshVolume in s' >$D/surv1m.rgx
set -- $(meas $RGX -q -f $D/surv1m.rgx) ; mm=$2
$RGX -q -f $D/surv1m.rgx >$D/surv1m.out 2>&1
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
    line "$cmd, n = 1,000,000" "$t" "$mm" R "$r" "loading excluded; peak of the whole script"
done

# ROC: n = 10,000, AUC + stratified bootstrap CI (2,000 resamples) against
# pROC's ci.auc(method = "bootstrap") (target >= 20x); n = 100,000, DeLong CI
# and the paired DeLong test against pROC (target: no slower).
for nn in 10000 100000; do
    [ -s $D/roc$nn.csv ] || $RGX -q -o $D -e "simulate cohort as sim n=$nn features=2 genes=1 seed=1; select sim mut.EGFR,rad.* as r; save r to roc$nn.csv" >/dev/null
done
set -- $(meas $RGX -q -e "load table $D/roc10000.csv as r; roc EGFR original_shape_MeshVolume in r ci=bootstrap boot=2000") ; bs=$1; bm=$2
set -- $(meas $RGX -q -e "load table $D/roc100000.csv as r; roc EGFR original_shape_MeshVolume,original_firstorder_Mean in r; roc compare roc1 original_shape_MeshVolume original_firstorder_Mean") ; ds=$1; dm=$2
br=""; dr=""
if [ $have_r = 1 ] && Rscript -e 'library(pROC)' >/dev/null 2>&1; then
    br=$(Rscript -e "suppressMessages(library(pROC)); d <- read.csv('$D/roc10000.csv'); cat(system.time({r <- roc(d\$EGFR, d\$original_shape_MeshVolume, quiet = TRUE); ci.auc(r, method = 'bootstrap', boot.n = 2000, progress = 'none')})[['elapsed']])" 2>/dev/null)
    dr=$(Rscript -e "suppressMessages(library(pROC)); d <- read.csv('$D/roc100000.csv'); cat(system.time({r1 <- roc(d\$EGFR, d\$original_shape_MeshVolume, quiet = TRUE); r2 <- roc(d\$EGFR, d\$original_firstorder_Mean, quiet = TRUE); ci.auc(r1); ci.auc(r2); roc.test(r1, r2)})[['elapsed']])" 2>/dev/null)
fi
line "roc n=10,000 + bootstrap 2,000" "$bs" "$bm" R "$br" "loading included"
line "roc n=100,000 DeLong x2 + compare" "$ds" "$dm" R "$dr" "loading included"

echo "== correlation maps"
# The radiogenomic map: 500 patients x 1,000 radiomic features x 20,000 genes,
# Spearman, p-values, BH, the q < 0.05 pairs saved; loading included.
# Against read.csv + read.delim + cor(method = "spearman") + pt + p.adjust.
# Target >= 20x end to end; the correlation step within 5x of one dgemm of
# the same shape (bench/dgemm).
[ -s $D/expr20k.tsv ] || awk -F'\t' -v OFS='\t' 'NR == 1 { printf "gene"; for (i = 1; i <= 500; i++) printf "\tP%06d", i; printf "\n"; next }
    { $1 = "G" substr($1, 2); print }' $D/tall.tsv >$D/expr20k.tsv
# the same with 990 genes missing one value each
[ -s $D/expr20k_na.tsv ] || awk -F'\t' -v OFS='\t' 'NR > 1 && NR % 20 == 7 && NR <= 19802 { $((NR % 500) + 2) = "NA" } { print }' \
    $D/expr20k.tsv >$D/expr20k_na.tsv
for f in expr20k expr20k_na; do
    printf '%s\n' 'set timer=on' "load table $D/wide.csv as rad" "load expression $D/$f.tsv as ex" 'join rad ex as c' \
        'corr rad.* with ex.* in c keep=q<0.05 as m' "save m to corr_q05_$f.tsv" >$D/corr_$f.rgx
done
set -- $(meas $RGX -q -o $D -f $D/corr_expr20k.rgx) ; ks=$1; km=$2
kc=$($RGX -q -o $D -f $D/corr_expr20k.rgx | sed -n 's/^time: corr \([0-9.]*\) s real.*/\1/p')
kn=$($RGX -q -o $D -f $D/corr_expr20k_na.rgx | sed -n 's/^time: corr \([0-9.]*\) s real.*/\1/p')
kg=$(bench/dgemm 1000 500 20000 >/dev/null; bench/dgemm 1000 500 20000)
kin=$(meas $RGX -q -e "load table $D/wide.csv as rad; load expression $D/expr20k.tsv as ex; join rad ex as c" | cut -d' ' -f2)
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
line "corr 1,000 x 20,000, 500 patients" "$ks" "$km" R "$kr" "$(awk -v m="$km" -v i="$kin" 'BEGIN { printf "%.2f maps of 160 MB beyond the inputs", (m - i) / 160 }')"
line "  the corr step alone" "$kc" "" dgemm "$kg" "target: within 5x of one dgemm"
line "  the same, 990 genes missing a value" "$kn" "" complete "$kc" "target: within 2x of the complete map"
# Kendall: 20 features x 999 genes, 500 patients, against R's cor(method = "kendall")
KX=$(seq 1 20 | sed 's/^/rad.f/' | paste -sd, -)
printf '%s\n' 'set timer=on' "load table $D/wide.csv as rad" "load expression $D/expr20k.tsv as ex" 'join rad ex as c' \
    "corr $KX with ex.G000* in c method=kendall keep=all as kk" >$D/kendall.rgx
kt=$($RGX -q -f $D/kendall.rgx 2>/dev/null | sed -n 's/^time: corr \([0-9.]*\) s real.*/\1/p')
ktr=""
[ $have_r = 1 ] && ktr=$(Rscript -e "rad <- read.csv('$D/wide.csv', row.names = 1); ex <- t(as.matrix(read.delim('$D/expr20k.tsv', row.names = 1)));
    ids <- intersect(rownames(rad), rownames(ex)); a <- as.matrix(rad[ids, 1:20]); b <- ex[ids, 1:999];
    cat(system.time(cor(a, b, method = 'kendall'))[['elapsed']])" 2>/dev/null | tail -1)
line "corr kendall 20 x 999, 500 patients" "$kt" "" R "$ktr" "rgx: tau and p; R: cor() alone"
# corr save=: every pair of 200 x 20,000 (4 M lines, 300 MB), p as computed
head -201 $D/wide.csv | cut -d, -f1-201 >$D/wide200.csv
printf '%s\n' 'set timer=on' "load table $D/wide200.csv as rad" "load expression $D/expr20k.tsv as ex" 'join rad ex as c' \
    "corr rad.* with ex.* in c save=$D/corr_all.tsv as m" >$D/corr_save.rgx
cs=$($RGX -q -f $D/corr_save.rgx | sed -n 's/^time: corr \([0-9.]*\) s real.*/\1/p')
line "corr 200 x 20,000 with save= (4 M pairs)" "$cs" "" "" "" "$(awk -v s="$cs" -v b="$(wc -c <$D/corr_all.tsv)" 'BEGIN { printf "%.0f MB in %.1f s with the map: %.0f MB/s", b / 1e6, s, b / 1e6 / s }')"

echo "== consensus"
# Consensus clustering, 500 patients x 1,000 features, k = 2..6, euclidean:
# hc with 1,000 resamples and km (one start, as CCP) with 200, against
# ConsensusClusterPlus with the same settings.  Target >= 25x each.
[ -s $D/cons500.csv ] || $RGX -q -o $D -e 'simulate cohort as sim n=500 features=1000 genes=1 seed=1; select sim rad.* as c; save c to cons500.csv' >/dev/null
have_ccp=0
[ $have_r = 1 ] && Rscript -e 'library(ConsensusClusterPlus)' >/dev/null 2>&1 && have_ccp=1
for spec in "hc 1000" "km 200"; do
    set -- $spec; alg=$1; reps=$2
    set -- $(meas $RGX -q -e "load table $D/cons500.csv as c; consensus * in c k=2..6 reps=$reps alg=$alg starts=1 distance=euclidean") ; cs=$1; cm=$2
    cr=""
    if [ $have_ccp = 1 ]; then
        cr=$(Rscript -e "suppressMessages(library(ConsensusClusterPlus)); d <- t(as.matrix(read.csv('$D/cons500.csv', row.names = 1))); cat(system.time(ConsensusClusterPlus(d, maxK = 6, reps = $reps, pItem = 0.8, pFeature = 1, clusterAlg = '$alg', distance = 'euclidean', seed = 1, plot = NULL, verbose = FALSE))[['elapsed']])" 2>/dev/null | tail -1)
    fi
    line "consensus $alg 500 x 1,000, $reps reps" "$cs" "$cm" R "$cr" "loading included"
done

# Consensus at scale: hc (average linkage, pearson), 200 features, reps
# 100, k = 2..6.  2,000 patients against ConsensusClusterPlus (the largest
# it holds in reasonable time here); 10,000 patients alone (CCP cannot hold
# it).  Targets at 10,000: <= 60 s, <= 2.5 GB (manual/guide.md gives the
# memory formula).
[ -s $D/cons10k.csv ] || $RGX -q -o $D -e 'simulate cohort as sim n=10000 features=200 genes=1 seed=1; select sim rad.* as c; save c to cons10k.csv' >/dev/null
[ -s $D/cons2k.csv ] || head -2001 $D/cons10k.csv >$D/cons2k.csv
for nn in 2000 10000; do
    f=$D/cons2k.csv; [ $nn = 10000 ] && f=$D/cons10k.csv
    set -- $(meas $RGX -q -e "load table $f as c; consensus * in c k=2..6 reps=100 alg=hc") ; cs=$1; cm=$2
    cr=""
    if [ $have_ccp = 1 ] && [ $nn = 2000 ]; then
        cr=$(Rscript -e "suppressMessages(library(ConsensusClusterPlus)); d <- t(as.matrix(read.csv('$f', row.names = 1))); cat(system.time(ConsensusClusterPlus(d, maxK = 6, reps = 100, pItem = 0.8, pFeature = 1, clusterAlg = 'hc', distance = 'pearson', seed = 1, plot = NULL, verbose = FALSE))[['elapsed']])" 2>/dev/null | tail -1)
    fi
    note="loading included"; [ $nn = 10000 ] && note="target: <= 60 s, <= 2.5 GB"
    line "consensus hc $nn x 200, 100 reps" "$cs" "$cm" R "$cr" "$note"
done

echo "== glmnet: lasso path and 10-fold CV, 500 x 1,000 (best of 3)"
# stats/glmnet against R's glmnet 4.1 on the same numbers and fold ids
# (bench/glmnet_bench.R).  Target: a single path within 2x of glmnet's time.
bench/glmnet_bench $D "$(nproc 2>/dev/null || echo 2)" 3 | tee $D/glmnet_rgx.txt | sed 's/^/rgx  /'
if [ $have_r = 1 ] && Rscript -e 'library(glmnet)' >/dev/null 2>&1; then
    Rscript bench/glmnet_bench.R $D/glmnet_sim.tsv 3 2>/dev/null | tee $D/glmnet_R.txt | sed 's/^/R    /'
else
    : >$D/glmnet_R.txt
fi
for fam in binomial cox; do
    # "binomial lasso path 0.053 s (100 lambdas) 10-fold cv 0.497 s (1 thread) 0.301 s (2 threads) ..."
    o=$(awk -v f=$fam '$1 == f { print $4, $14, $10 }' $D/glmnet_rgx.txt)
    r=$(awk -v f=$fam '$1 == f { print $4, $10 }' $D/glmnet_R.txt)
    set -- $o "" "" ""; op=${1:-}; oc=${2:-}; o1=${3:-}
    set -- $r "" ""; rp=${1:-}; rc=${2:-}
    line "glmnet $fam lasso path" "$op" "" R "$rp" "target: within 2x of R"
    line "glmnet $fam 10-fold cv" "$oc" "" R "$rc" "rgx on 2 threads (1 thread: $o1 s); R on 1"
done

echo "== gene-set scores"
# 20,000 genes x 300 patients x the 50 Hallmark sets, ssgsea and gsva
# (Gaussian kernel), against GSVA with the same options; loading not
# timed on either side.  Targets: >= 20x (ssgsea), >= 10x (gsva).
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
gs=$($RGX -q -o $D -f $D/gsva_ssgsea.rgx | sed -n 's/^time: score \([0-9.]*\) s real.*/\1/p')
gg=$($RGX -q -o $D -f $D/gsva_gsva.rgx | sed -n 's/^time: score \([0-9.]*\) s real.*/\1/p')
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
                 END { printf "largest difference %.2g over %d scores", m, n }' "$1" "$2"
}
set -- $gr "" ""
line "score ssgsea 20,000 x 300 x 50 sets" "$gs" "" R "${1:-}" "$(gdiff $D/gsva_ssgsea_rgx.tsv $D/gsva_ssgsea_R.tsv)"
line "score gsva 20,000 x 300 x 50 sets" "$gg" "" R "${2:-}" "$(gdiff $D/gsva_gsva_rgx.tsv $D/gsva_gsva_R.tsv)"
[ $have_r = 1 ] || echo "(R is not installed: apt-get install r-base-core r-cran-data.table to compare)"


# Honest validation (issue 16): `validate` of a lasso whose lambda is chosen
# by 10-fold cv.glmnet inside each of 5 outer folds x 10 repeats, on the same
# 500 x 1,000 data (bench/validate_bench.c), against the same loop in R
# (bench/validate_bench.R: cv.glmnet in every outer fold).  Target: >= 8x;
# the validated AUCs agree within the spread over repeats (different folds).
echo "== validate: 5 outer folds x 10 repeats, lambda by 10-fold cv.glmnet in each, 500 x 1,000"
bench/validate_bench $D "$(nproc 2>/dev/null || echo 2)" 10 | tee $D/validate_rgx.txt | sed 's/^/rgx  /'
if [ $have_r = 1 ] && Rscript -e 'library(glmnet)' >/dev/null 2>&1; then
    Rscript bench/validate_bench.R $D/glmnet_sim.tsv 2>/dev/null | tee $D/validate_R.txt | sed 's/^/R    /'
else
    : >$D/validate_R.txt
fi
vo=$(sed -n 's/.*: *\([0-9.]*\) s wall.*/\1/p' $D/validate_rgx.txt | tail -1)
vr=$(sed -n 's/.*: *\([0-9.]*\) s wall.*/\1/p' $D/validate_R.txt | head -1)
line "validate 5 x 10, lasso by 10-fold CV" "$vo" "" R "$vr" "target: >= 8x"

echo
echo "== summary ($(nproc 2>/dev/null || echo '?') processors; peer/rgx above 1 means rgx is faster)"
awk -F'\t' '{
    printf "%-42s %9s", $1, $2 == "" ? "-" : sprintf("%.3f s", $2)
    if ($4 != "" && $2 > 0) printf "   %-8s %9s  %6.2f x", $3, sprintf("%.3f s", $4), $4 / $2
    else printf "   %-8s %9s  %8s", "", "", ""
    printf "   %9s", $5 == "" ? "" : sprintf("%.0f MB", $5)
    if ($6 != "") printf "   %s", $6
    printf "\n" }' $SUM
