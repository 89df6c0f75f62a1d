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
for f in scatter scatter1 box hist heatmap volcano km roc corrheat cdf consensus delta pac tracking dot gsea; do
    diff "$top/tests/plots/expected/$f.gp" "$out/$f.gp" >"$out/$f.diff" || { cat "$out/$f.diff"; fail "$f.gp differs"; }
    [ -s "$out/$f.dat" ] || fail "$f.dat is empty"
done
# plot tracking: one row per k, with k distinct colours in the row of k
[ "$(awk '{ delete c; n = 0; for (i = 1; i <= NF; i++) if (!c[$i]++) n++; printf "%d ", n }' "$out/tracking.dat")" = "2 3 4 " ] ||
    fail "tracking.dat rows do not hold 2, 3, 4 classes"
# plot pac / plot delta draw one point per k of the consensus result (k = 2..4)
[ "$(awk 'NF == 2 { print $1 }' "$out/pac.dat" | head -3 | tr '\n' ' ')" = "2 3 4 " ] || fail "pac.dat is not k = 2..4"
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
