#!/bin/sh
# The plot layer: every figure kind renders to PNG, SVG and PDF (files
# checked by their magic bytes), its gnuplot script matches the reviewed
# one in tests/plots/expected, and hostile text from data runs nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v gnuplot >/dev/null || fail "gnuplot is not installed (make deps installs gnuplot-nox)"
out="$TMPDIR/plots"
rm -rf "$out" && mkdir -p "$out"
cd "$top/tests/sessions" || exit 1
$RGX -q -o "$out" -f ../plots/figures.rgx >"$out/log" 2>&1 || { cat "$out/log"; fail "figures.rgx failed"; }
magic() { head -c "$2" "$1" | od -An -c | tr -d ' \n'; }
for f in scatter.png box.png heatmap.png volcano.png km.png roc.png dot.png gsea.png; do
    [ "$(magic "$out/$f" 4)" = "211PNG" ] || fail "$f is not a PNG"
done
grep -q '<svg' "$out/scatter1.svg" || fail "scatter1.svg is not an SVG"
[ "$(head -c 4 "$out/hist.pdf")" = "%PDF" ] || fail "hist.pdf is not a PDF"
for f in scatter scatter1 box hist heatmap volcano km roc corrheat cdf consensus delta pac tracking dot gsea within withink \
         km_years volcano_none hist_opts; do
    diff "$top/tests/plots/expected/$f.gp" "$out/$f.gp" >"$out/$f.diff" || { cat "$out/$f.diff"; fail "$f.gp differs"; }
    [ -s "$out/$f.dat" ] || fail "$f.dat is empty"
done
# plot tracking: one row per k, with k distinct colours in the row of k
[ "$(awk '{ delete c; n = 0; for (i = 1; i <= NF; i++) if (!c[$i]++) n++; printf "%d ", n }' "$out/tracking.dat")" = "2 3 4 " ] ||
    fail "tracking.dat rows do not hold 2, 3, 4 classes"
# plot pac / plot delta draw one point per k of the consensus result (k = 2..4)
[ "$(awk 'NF == 2 { print $1 }' "$out/pac.dat" | head -3 | tr '\n' ' ')" = "2 3 4 " ] || fail "pac.dat is not k = 2..4"
# issue 19, what the scripts say (each also pinned whole above):
has() { grep -qF -- "$2" "$out/$1.gp" || fail "$1.gp lacks: $2"; }
# every kind takes title=, xlabel=, ylabel= (a quote doubled, as all text)
has hist_opts "set title 'it''s time'"
has hist_opts "set xlabel 'days since diagnosis'"
has hist_opts "set ylabel 'patients (n)'"
# km: the title says what was analysed, the axis its unit, unit= converts;
# the test and which group the HR compares above the plot; censoring keyed
# (the endpoint load clinical chose, recorded by km: fix3)
has km "set title 'Overall survival by TP53 (n = 390)'"
has km "set xlabel 'time (days)'"
has km "'log-rank p = 0.000418;  HR 0.63 (95% CI 0.49-0.82), TP53 = 1 vs TP53 = 0' at graph 0, graph 1 offset"
has km "keyentry with points pt 1 ps 1.6 lw 1.5 lc rgb '#444444' title 'censored'"
has km "set key outside right"
has km_years "set xlabel 'time (years)'"
has km_years "set title 'TP53''s survival'"
has km_years "set xrange [0:12]"
# roc: square, the key where a curve above the diagonal cannot be, the outcome named
has roc "set size ratio -1"
has roc "set key inside bottom right"
has roc "set title 'ROC of outcome: Poor (41) vs Good (72)'"
# cdf: the key beside the curves; pac and delta from 0
has cdf "set key outside right"
has pac "set yrange [0:*]"
has delta "set yrange [0:*]"
# no histogram below 0 for times; plain numbers on the axes
has hist "set xrange [0:4000]"
has scatter "set format y '%.0f'"
# volcano: the key under the plot says when no pair reaches q < 0.05
has volcano_none "title 'q < 0.05 (none)'"
has volcano "set key outside bottom center"
# group bars and dots keyed; the consensus matrix ordered by the tree
has heatmap "keyentry with boxes fc rgb '#0072B2' fs solid title 'cluster = 1'"
has consensus "title 'class 3'"
has corrheat "title 'q < 0.05'"
# a corr of features among themselves: the same names on both axes, the
# pairs keep= left out grey and keyed (not white, which reads as r = 0)
[ "$(sed -n 's/^set xtics rotate by 60 right //p' "$out/within.gp")" = "$(sed -n 's/^set ytics //p' "$out/within.gp")" ] ||
    fail "within.gp: the two axes do not name the same features"
has withink "fc rgb '#bdbdbd' fs solid noborder"
has withink "title 'pair not kept (keep=p<0.2)'"
# the consensus matrix in ConsensusClusterPlus's order, hclust(1 - M)$order
# (tests/reference/consensus_order.R): consensus.dat is M[order, order]
cmp -s "$out/cc_m3.tsv" "$top/tests/reference/consensus_order_m3.tsv" || fail "cc.m3 is not the matrix consensus_order.R read"
awk -F'\t' 'FILENAME == ARGV[1] { if (FNR > 1) for (j = 2; j <= NF; j++) m[$1, j - 1] = $j; if (FNR == 1) for (j = 2; j <= NF; j++) col[$j] = j - 1; next }
     FILENAME == ARGV[2] { ord[++n] = $1; next }
     { r = ord[FNR]; for (j = 1; j <= NF; j++) { d = $j - m[r, col[ord[j]]]; if (d < -1e-8 || d > 1e-8) { print "row " FNR " column " j ": " $j " vs " m[r, col[ord[j]]]; bad = 1; exit } } }
     END { exit bad }' "$out/cc_m3.tsv" "$top/tests/reference/consensus_order_expected.tsv" "$out/consensus.dat" ||
    fail "consensus.dat is not the matrix in the order of R's hclust(as.dist(1 - M), \"average\")"
# the histogram's classes are R's hist() (tests/reference/hist.R)
diff "$top/tests/reference/hist_expected.tsv" "$out/hist.dat" || fail "hist classes differ from R's hist()"
# injection: nothing runs, everything renders
hostile="$TMPDIR/hostile"
rm -rf "$hostile" && mkdir -p "$hostile"
$RGX -q -o "$hostile" -f ../plots/hostile.rgx >"$hostile/log" 2>&1 || { cat "$hostile/log"; fail "hostile.rgx failed"; }
[ "$(magic "$hostile/scatter.png" 4)" = "211PNG" ] || fail "hostile scatter.png"
grep -q '<svg' "$hostile/box.svg" || fail "hostile box.svg"
[ "$(magic "$hostile/it's \`touch PWNED5\`.png" 4)" = "211PNG" ] || fail "the file named with a quote and backquotes"
[ "$(head -c 4 "$hostile/heat.pdf")" = "%PDF" ] || fail "hostile heat.pdf"
grep -q "'it''s \"quoted\"" "$hostile/scatter.gp" || fail "the quote was not doubled in scatter.gp"
for f in "|touch PWNED6;x.png" "\$d;!touch PWNED8.png" "~;!touch PWNED9 #.png"; do
    [ "$(magic "$hostile/$f" 4)" = "211PNG" ] || fail "the figure named $f"
done
grep -q '<svg' "$hostile/<touch PWNED7;x.svg" || fail "the figure named <touch PWNED7;x.svg"
grep -q "^set output './|touch PWNED6;x.png'$" "$hostile/|touch PWNED6;x.gp" || fail "the output is not ./NAME"
grep -q "^plot './<touch PWNED7;x.dat' " "$hostile/<touch PWNED7;x.gp" || fail "the data file is not ./NAME"
# the first line says how to re-render: a name a shell or gnuplot would
# read as more is quoted, and given on standard input (gnuplot expands
# backquotes in a file name given as an argument)
[ "$(head -1 "$hostile/it's \`touch PWNED5\`.gp")" = "# rgx figure: re-render with  gnuplot < 'it'\\''s \`touch PWNED5\`.gp'  (in this directory)" ] ||
    fail "the re-render line: $(head -1 "$hostile/it's \`touch PWNED5\`.gp")"
# a newline in the name would end the script's first-line comment and make
# the rest a gnuplot command ('!' runs a shell): refused, nothing written
$RGX -q -o "$hostile" -e 'load table ../plots/hostile.csv as h; plot hist "$HOME %s \\\\n" in h to "nl
!touch PWNED10
x.png"' >"$hostile/nl.out" 2>"$hostile/nl.err" && fail "a name with a newline must be refused"
grep -q "error: plot: cannot use 'nl?!touch PWNED10?x' as a figure's name: it holds a control character (a newline?); choose a plain file name" "$hostile/nl.err" ||
    fail "newline message: $(cat "$hostile/nl.err")"
ls "$hostile" | grep -q PWNED10 && fail "a file was written for the name with a newline: $(ls "$hostile" | grep PWNED10)"
for p in "$hostile" "$top/tests/sessions" "$top" "${HOME:-/nonexistent}"; do
    ls "$p"/PWNED* >/dev/null 2>&1 && fail "a command ran: $(ls "$p"/PWNED*)"
done
# gnuplot missing: a clear message, the script is written, the session goes on
RGX_GNUPLOT=/nonexistent/gnuplot $RGX -q -o "$hostile" -e "load table ../plots/hostile.csv as h; plot hist \"\`touch PWNED1\`\" in h to nognuplot.png; show h rows=1" >"$hostile/ng.out" 2>"$hostile/ng.err" || fail "missing gnuplot must not fail the command"
grep -q "plots need gnuplot (apt-get install gnuplot-nox); the .gp script was written to" "$hostile/ng.err" || fail "missing-gnuplot message: $(cat "$hostile/ng.err")"
[ -s "$hostile/nognuplot.gp" ] || fail "the script was not written"
grep -q P1 "$hostile/ng.out" || fail "the session did not go on"
# a broken gnuplot: its failure is reported
RGX_GNUPLOT=false $RGX -q -o "$hostile" -e "load table ../plots/hostile.csv as h; plot hist \"\`touch PWNED1\`\" in h to broken.png" >/dev/null 2>"$hostile/bk.err" && fail "a failing gnuplot must fail the command"
grep -q "error: plot: gnuplot failed on broken.gp (no file was written or replaced)" "$hostile/bk.err" || fail "broken gnuplot message: $(cat "$hostile/bk.err")"
[ ! -e "$hostile/broken.png" ] && [ ! -e "$hostile/broken.gp" ] && [ ! -e "$hostile/broken.dat" ] || fail "a failed plot left files"
echo ok
