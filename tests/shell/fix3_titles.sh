#!/bin/sh
# Figure titles (fix3):
# - plot km names the endpoint load clinical chose, which the table keeps
#   as the unit of its event column and km records in its result
#   (endpoint=): "Overall survival by TP53" for the default OS, also after
#   a join; "Progression-free interval by TP53" for endpoint=PFI; a table
#   from load table (no endpoint, time column called time) keeps
#   "Survival by …";
# - a count of one takes the singular in the titles of scatter, box, hist
#   and heatmap ("n = 1 patient", "1 feature of …").
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v gnuplot >/dev/null || fail "gnuplot is not installed (make deps installs gnuplot-nox)"
out="$TMPDIR/fix3_titles"
rm -rf "$out" && mkdir -p "$out"
cd "$top/tests/sessions" || exit 1
$RGX -q -o "$out" -e '
load clinical ../data/mc3_gbm_clinical_cdr.tsv as cli;
load clinical ../data/mc3_gbm_clinical_cdr.tsv as pfi endpoint=PFI;
load mutations ../data/mc3_gbm.maf.gz as mut min=20;
join cli mut as c;
km time event by TP53 in c as k_os;
plot km k_os to os.png;
join pfi mut as cp;
km time event by TP53 in cp as k_pfi;
plot km k_pfi to pfi.png;
load table ../data/fix3_kinf.csv as plain;
filter plain where time >= 0 as plain2;
km time ev by g in plain2 as k_plain;
plot km k_plain to plain.png;
load table ../data/fix3_one.csv as one;
plot scatter x y in one to scatter1.png;
plot box x by g in one to box1.png;
plot hist x in one to hist1.png;
load table ../data/fix3_seven.csv as seven;
plot scatter x y in seven to scatter7.png' >"$out/log" 2>&1 || { cat "$out/log"; fail "the commands failed"; }
has() { grep -qF -- "$2" "$out/$1.gp" || { grep -F 'set title' "$out/$1.gp"; fail "$1.gp lacks: $2"; }; }
has os "set title 'Overall survival by TP53 (n = 390)'"
has pfi "set title 'Progression-free interval by TP53 (n = 390)'"
has plain "set title 'Survival by g (n = 5)'"
has scatter1 "(n = 1 patient)'"
has box1 "(n = 1 patient)'"
has hist1 "(n = 1 patient)'"
has scatter7 "(n = 7 patients)'"
# the heatmap's title reaches the message when nothing can be drawn
$RGX -q -o "$out" -e 'load table ../data/fix3_one.csv as one; plot heatmap one x to heat1.png' >"$out/log2" 2>&1 &&
    fail "a heatmap of one patient drew something"
grep -qF '(1 feature of one, z-scores (n = 1 patient))' "$out/log2" || { cat "$out/log2"; fail "heatmap title"; }
echo ok
