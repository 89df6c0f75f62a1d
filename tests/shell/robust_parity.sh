#!/bin/sh
# The robustness commands against R on the real tables, end to end: rgx
# runs icc, ccc, harmonize, pca and reduce as a user would (load, derive,
# join, filter), saves the results, and every number is compared with what
# tests/reference/robustness.R committed from psych::ICC, epiR::epi.ccc,
# sva::ComBat, prcomp and the redundancy rule (tests/reference/robust_*.tsv).
# Tolerances: 1e-6 relative for ICC, CCC and PCA (R's values printed with
# 16 digits, PCA's rotation and scores with 13), 1e-8 relative for ComBat
# (12 digits), exact for the kept/representative decisions of reduce.
# Prints the largest relative difference of each.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out="$TMPDIR/robust_parity"
rm -rf "$out"
mkdir -p "$out"
ref=tests/reference
# the first 60 patients (in ID order) of the three manufacturers, complete: R's "wide" PCA
wide60=$(awk -F'\t' '$1=="par"{print $2}' $ref/robust_combat_values.tsv | LC_ALL=C sort | sed -n 60p)
cat >"$out/run.rgx" <<RGX
load table tests/data/qin_prostate_t2_retest.csv as q id=none
derive q subject = concat(regex_extract(study, "^[^_]+"), " ", segmentedStructure)
derive q exam = regex_extract(study, "_([0-9]+_[0-9]+)\$", 1)
icc * by subject over exam in q type=all as ia
icc * by subject over exam in q type=all method=reml as il
icc * by subject over exam in q as i2
ccc * by subject over exam in q as cc
reduce * in q keep=icc:i2 nzv=no as rq
save ia to $out/icc_anova.csv
save il to $out/icc_lmer.csv
save cc to $out/ccc.csv
save rq to $out/reduce_qin.csv
load table tests/data/nsclc_captk_features.csv as x
load table tests/data/nsclc_ct_parameters.csv as ct
derive ct clc = regex_replace(clc, "L\$", "")
load table tests/data/nsclc_clinical.csv as cl
join x ct cl as d
derive d complete = not is_na(T1_ED_Morphologic_Eccentricity) and not is_na(\`T1_ED_GLCM_Bins-10_Radius-1_Contrast\`)
derive d three = Manufacturer == "GE MEDICAL SYSTEMS" or Manufacturer == "SIEMENS" or Manufacturer == "Philips"
derive d sexf = as_text(sex)
derive d smokef = as_text(smoking)
derive d mk = concat(Manufacturer, " ", KernelResolution)
filter d where three and complete as d3
filter d where three as dna
filter d where Manufacturer != "0" and complete as dsingle
filter d where Manufacturer != "TOSHIBA" and complete as dzero
harmonize T1_* by Manufacturer in d3 as par
harmonize T1_* by Manufacturer in d3 prior=nonparametric as nonpar
harmonize T1_* by Manufacturer in d3 mean_only=yes as meanonly
harmonize T1_* by Manufacturer in d3 keep=sexf,smokef,days as cov
harmonize T1_* by Manufacturer in d3 reference=SIEMENS as ref
harmonize T1_* by Manufacturer in d3 prior=nonparametric reference="GE MEDICAL SYSTEMS" as nonpar_ref
harmonize T1_* by Manufacturer in dna as na
harmonize T1_* by Manufacturer in dsingle as single
harmonize T1_* by mk in dzero as zerovar
pca T1_* in d3 scale=yes k=4 as scaled
pca T1_* in d3 scale=no k=4 as unscaled
filter d3 where patient <= "$wide60" as d60
pca T1_* in d60 scale=yes k=4 as wide
reduce T1_* in d3 nzv=no as rs
reduce T1_* in d3 method=pearson r=0.95 nzv=no as rp
RGX
for r in par nonpar meanonly cov ref nonpar_ref na single zerovar; do
    printf 'save %s to %s\nsave %s.batch_test to %s\n' $r "$out/combat_$r.csv" $r "$out/combat_${r}_test.csv"; done >>"$out/run.rgx"
for r in scaled unscaled wide; do printf 'save %s to %s\nsave %s.loadings to %s\nsave %s.variance to %s\n' \
    $r "$out/pca_${r}_scores.csv" $r "$out/pca_${r}_loadings.csv" $r "$out/pca_${r}_variance.csv"; done >>"$out/run.rgx"
printf 'save rs to %s\nsave rp to %s\n' "$out/reduce_captk_spearman.csv" "$out/reduce_captk_pearson.csv" >>"$out/run.rgx"
"$RGX" -q -f "$out/run.rgx" >"$out/log" 2>&1 || { echo "FAIL: the rgx script failed"; tail "$out/log"; exit 1; }
fail=0

# ICC: psych::ICC(lmer = FALSE) on every row; lmer = TRUE where lme4 reached the REML optimum (lmer_ok)
for m in anova lmer; do
    awk -F'\t' -v m=$m -v FS2=, '
        FNR == NR { if (FNR > 1) { split($0, a, ","); key = a[1] "|" a[3]; v[key] = $0 } next }
        FNR == 1 { next }
        $2 != m || $1 == "shrout_fleiss_1979" || (m == "lmer" && $3 != 1) { next }
        { key = $1 "|" $4
          if (!(key in v)) { print "missing " key; bad++; next }
          split(v[key], g, ",")
          # rgx: feature icc type low high n_subjects n_repeats F df1 df2 p ; R: feature method lmer_ok type icc F df1 df2 p lower upper
          # anova: every value to 1e-6 relative; lmer (lme4 optimises to ~1e-5): icc and bounds to 1e-3, F to 1e-3 relative
          n = split(m == "anova" ? "5 2 | 6 8 | 7 9 | 8 10 | 9 11 | 10 4 | 11 5" : "5 2 | 6 8 | 10 4 | 11 5", pairs, " \\| ")
          for (k = 1; k <= n; k++) { split(pairs[k], pr, " "); want = $(pr[1]); got = g[pr[2]]
              if (want == "NA" && got == "NA") continue
              d = want - got; if (d < 0) d = -d; s = want < 0 ? -want : want; if (s < 1e-300) s = 1
              if (m == "lmer" && pr[1] != 6) s = 1
              if (d / s > worst) worst = d / s
              if (d / s > (m == "anova" ? 1e-6 : 1e-3)) { print "ICC " m " " key " column " pr[1] ": " got " vs R " want; bad++ } }
          rows++ }
        END { printf "icc %s: %d rows, largest %s difference %.2g\n", m, rows, m == "anova" ? "relative" : "(absolute; F relative)", worst
              exit bad > 0 || rows < 100 }
    ' "$out/icc_$m.csv" $ref/robust_icc.tsv || fail=1
done

# CCC: epiR::epi.ccc (z-transform)
awk -F'\t' '
    FNR == NR { if (FNR > 1) { split($0, a, ","); v[a[1]] = $0 } next }
    FNR == 1 { next }
    { if (!($1 in v)) { print "missing " $1; bad++; next }
      split(v[$1], g, ",")
      # rgx: feature n ccc low high r c_b s_shift l_shift ; R: feature n n_missing ccc lower upper ... s_shift l_shift C_b
      n = split("4 3 | 5 4 | 6 5 | 9 8 | 10 9 | 11 7 | 2 2", pairs, " \\| ")
      for (k = 1; k <= n; k++) { split(pairs[k], pr, " "); want = $(pr[1]); got = g[pr[2]]
          if (want == "NA" && got == "NA") continue
          d = want - got; if (d < 0) d = -d; s = want < 0 ? -want : want; if (s < 1e-300) s = 1
          if (d / s > worst) worst = d / s
          if (d / s > 1e-6) { print "CCC " $1 " column " pr[1] ": " got " vs R " want; bad++ } }
      rows++ }
    END { printf "ccc: %d features, largest relative difference %.2g\n", rows, worst; exit bad > 0 || rows < 20 }
' "$out/ccc.csv" $ref/robust_ccc.tsv || fail=1

# ComBat: six features of every sample of every run
hdr=$(head -1 tests/data/nsclc_captk_features.csv | tr -d '\r' | sed 's/^\xef\xbb\xbf//')
for run in par nonpar meanonly cov ref nonpar_ref na single zerovar; do
    awk -F'\t' -v run=$run -v hdr="$hdr" '
        BEGIN { nh = split(hdr, names, ",") }
        FNR == NR { if (FNR == 1) { for (j = 1; j <= NF; j++) col[$j] = j; next }   # the rgx table (comma-separated)
                    v[$1] = $0; next }
        FNR == 1 { for (j = 4; j <= NF; j++) { f = substr($j, 2) + 1; fc[j] = col[names[f]]; if (!fc[j]) { print "no column " names[f]; exit 1 } } next }
        $1 != run { next }
        { if (!($2 in v)) { print run ": sample " $2 " missing"; bad++; next }
          split(v[$2], g, ",")
          for (j = 4; j <= NF; j++) { want = $j; got = g[fc[j]]
              if (want == "NA") { if (got != "NA") { print run " " $2 ": NA in R, " got; bad++ } continue }
              d = want - got; if (d < 0) d = -d; s = want < 0 ? -want : want; if (s < 1e-300) s = 1
              if (d / s > worst) worst = d / s
              if (d / s > 1e-8) { print "ComBat " run " " $2 " " $j ": " got " vs R " want; bad++ } }
          rows++ }
        END { printf "harmonize %s: %d samples x 6 features, largest relative difference %.2g\n", run, rows, worst
              exit bad > 0 || rows < 190 }
    ' FS=, "$out/combat_$run.csv" FS='\t' $ref/robust_combat_values.tsv || fail=1
done

# ComBat: the features left unadjusted (constant within a batch), as sva leaves them
for run in par nonpar meanonly cov ref nonpar_ref na single zerovar; do
    got=$(awk -F, 'NR > 1 && $2 != "adjusted" { s = s (s ? "," : "") NR - 1 } END { print s ? s : "-" }' "$out/combat_${run}_test.csv")
    want=$(awk -F'\t' -v run=$run '$1 == run { print $4 }' $ref/robust_combat_runs.tsv)
    [ "$got" = "$want" ] || { echo "harmonize $run: left unadjusted $got, sva $want"; fail=1; }
done
echo "harmonize: the features left unadjusted are sva's in every run"

# PCA: sdev, proportions, and the first 4 components' loadings and scores (rows in ID order, as R's)
for run in scaled unscaled wide; do
    { tail -n +2 "$out/pca_${run}_variance.csv" | awk -F, '{ printf "sdev\t%d\t0\t%s\nprop\t%d\t0\t%s\n", $1, $2, $1, $3 }'
      tail -n +2 "$out/pca_${run}_loadings.csv" | awk -F, '{ for (k = 2; k <= 5; k++) printf "rotation\t%d\t%d\t%s\n", NR, k - 1, $k }'
      tail -n +2 "$out/pca_${run}_scores.csv" | LC_ALL=C sort -t, -k1,1 | awk -F, '{ for (k = 2; k <= 5; k++) printf "score\t%d\t%d\t%s\n", NR, k - 1, $k }'
    } >"$out/pca_$run.got"
    awk -F'\t' -v run=$run '
        FNR == NR { v[$1 "|" $2 "|" $3] = $4; next }
        $1 != run { next }
        { key = $2 "|" $3 "|" $4; a = $5 < 0 ? -$5 : $5; if (a > big[$2 "|" $4]) big[$2 "|" $4] = a; want[key] = $5; grp[key] = $2 "|" $4 }
        END { for (key in want) {
                  if (!(key in v)) { print "missing " key; bad++; continue }
                  # relative to the largest value of its kind and component (a score near 0 has no relative digits)
                  s = big[grp[key]]; if (s < 1e-300) s = 1
                  w = want[key] + 0; if (key ~ /^(sdev|prop)/) { s = w < 0 ? -w : w; if (s < 1e-300) s = 1 }
                  if (key ~ /^prop/ && w < 1e-15) continue   # null components: no digits to compare
                  if (key ~ /^sdev/ && w < 1e-7 * big["sdev|0"]) continue
                  d = w - v[key]; if (d < 0) d = -d
                  if (d / s > worst) worst = d / s
                  if (d / s > 1e-6) { print "PCA " run " " key ": " v[key] " vs R " w; bad++ }
                  rows++ }
              printf "pca %s: %d values, largest relative difference %.2g\n", run, rows, worst; exit bad > 0 || rows < 100 }
    ' "$out/pca_$run.got" $ref/robust_pca.tsv || fail=1
done

# reduce: the kept flag and the representative of every feature (the greedy rule written in R)
for run in captk_spearman captk_pearson qin_spearman_icc; do
    f=$out/reduce_$run.csv
    [ $run = qin_spearman_icc ] && f=$out/reduce_qin.csv
    awk -F'\t' -v run=$run '
        FNR == NR { if (FNR > 1) { split($0, a, ","); kept[a[1]] = a[2]; rep[a[1]] = a[3]; r[a[1]] = a[4] } next }
        FNR == 1 { next }
        $1 != run { next }
        { name[++n] = $3; rk[n] = $5; rr[n] = $6; rrr[n] = $7 }
        END { for (i = 1; i <= n; i++) {
                  if (!(name[i] in kept)) { print "missing " name[i]; bad++; continue }
                  if (kept[name[i]] != rk[i] || rep[name[i]] != name[rr[i]]) {
                      print "reduce " run " " name[i] ": kept " kept[name[i]] " rep " rep[name[i]] " vs R " rk[i] " " name[rr[i]]; bad++ }
                  d = r[name[i]] - rrr[i]; if (d < 0) d = -d; if (d > worst) worst = d; if (d > 1e-9) { print "r " name[i]; bad++ }
                  nk += rk[i] }
              printf "reduce %s: %d features, %d kept, decisions equal, largest r difference %.2g\n", run, n, nk, worst
              exit bad > 0 || n < 20 }
    ' FS=, "$f" FS='\t' $ref/robust_reduce.tsv || fail=1
done
[ $fail = 0 ] && echo ok
