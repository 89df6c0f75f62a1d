#!/bin/sh
# The model figures render (PNG, SVG, PDF by their magic bytes) and their
# gnuplot scripts are the reviewed ones in tests/plots/expected (forest,
# path, cv, and the ROC, calibration and decision curve of a validation).
# What each draws is checked in its data: the forest's rows, the path's
# columns, the ten calibration deciles.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v gnuplot >/dev/null || fail "gnuplot is not installed (make deps installs gnuplot-nox)"
out="$TMPDIR/model_plots"
rm -rf "$out" && mkdir -p "$out"
cd "$top/tests/sessions" || exit 1
$RGX -q -o "$out" -f ../plots/models.rgx >"$out/log" 2>&1 || { cat "$out/log"; fail "models.rgx failed"; }
magic() { head -c "$2" "$1" | od -An -c | tr -d ' \n'; }
for f in forest_cox forest_model path cv roc_validation calibration; do
    [ "$(magic "$out/$f.png" 4)" = "211PNG" ] || fail "$f.png is not a PNG"
done
grep -q '<svg' "$out/forest_glm.svg" || fail "forest_glm.svg is not an SVG"
[ "$(head -c 4 "$out/decision.pdf")" = "%PDF" ] || fail "decision.pdf is not a PDF"
for f in forest_cox forest_model forest_glm path cv roc_validation calibration decision volcano_surv; do
    if [ "${UPDATE:-}" = 1 ]; then cp "$out/$f.gp" "$top/tests/plots/expected/$f.gp"; continue; fi
    diff "$top/tests/plots/expected/$f.gp" "$out/$f.gp" >"$out/$f.diff" || { cat "$out/$f.diff"; fail "$f.gp differs"; }
    [ -s "$out/$f.dat" ] || fail "$f.dat is empty"
done
# the forest of the cox model: five terms, the dummies named against adeno
[ "$(wc -l <"$out/forest_cox.dat")" -eq 5 ] || fail "forest_cox.dat has not 5 rows"
grep -q "'celltype: large vs adeno'" "$out/forest_cox.gp" || fail "the reference level is not named"
# the calibration plot: two series of ten deciles (plus the diagonal)
[ "$(grep -c . "$out/calibration.dat")" -eq 25 ] || fail "calibration.dat has not 2 x 10 deciles"
# a survival screen's volcano: log hazard ratio per SD; karno (HR 0.512 per SD, p 4.5e-11) alone below q < 0.05
grep -q "set xlabel 'log hazard ratio per SD'" "$out/volcano_surv.gp" || fail "volcano_surv lacks its axis"
awk 'NF == 2 && $1 < -0.66 && $1 > -0.68 && $2 > 10.3 { ok = 1 } END { exit !ok }' "$out/volcano_surv.dat" ||
    fail "volcano_surv.dat lacks karno at log(0.512), -log10 p 10.3"
echo ok
