#!/bin/sh
# save of compact (0/1 byte) columns, large enough for the threaded save
# (390 patients x 14,045 genes, 5.5 M cells: several slices made by worker
# threads): the bytes are those of the same table loaded back as ordinary
# doubles and saved again, and the counts are the MAF's (PTEN 127, TP53
# 121 of 390).  The threaded save once read the compact columns' doubles,
# which exist only on demand, and crashed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
out="$TMPDIR/save_compact"
rm -rf "$out" && mkdir -p "$out"
printf '%s\n' "load mutations $top/tests/data/mc3_gbm.maf.gz min=1 as m" "save m to $out/m1.tsv" \
    "load table $out/m1.tsv as d" "save d to $out/m2.tsv" | $RGX -q >"$out/log" 2>&1 || { cat "$out/log"; fail "rgx failed"; }
cmp -s "$out/m1.tsv" "$out/m2.tsv" || fail "the compact table saved differs from its dense copy"
[ "$(wc -l <"$out/m1.tsv")" -eq 391 ] || fail "not 390 rows"
awk -F'\t' 'NR == 1 { for (j = 1; j <= NF; j++) c[$j] = j; next } { p += $c["PTEN"]; t += $c["TP53"] }
    END { exit !(p == 127 && t == 121) }' "$out/m1.tsv" || fail "PTEN/TP53 counts are not 127/121"
echo ok
