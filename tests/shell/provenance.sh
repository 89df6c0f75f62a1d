#!/bin/sh
# Provenance of every file rgx writes, and the journal's golden output
# (issue 20):
# - every file a session writes (save, corr save=, figures as png, svg,
#   pdf, their .gp and .dat, a dumb plot's script and data, the journal,
#   the report) has FILE.prov.json beside it, valid JSON whose size and
#   sha256 are the file's;
# - a sidecar's content is golden (prov/sidecar.expected, the date pinned
#   by SOURCE_DATE_EPOCH, the version normalised); a table joined from two
#   loads names both files, a figure of one load names one;
# - an input changed between two runs changes its checksum in the sidecar
#   (and only its own);
# - the .gp script's head names the command and the inputs, and gnuplot
#   still renders it; SOURCE_DATE_EPOCH pins the date cairo writes into a
#   PDF; without it the date is today's;
# - provenance=header puts one '#' line first in a CSV/TSV, which rgx reads
#   back; by default there is none; provenance=off writes no sidecar and
#   removes a stale one;
# - the journal of prov/session.rgx is prov/journal.expected; a command it
#   cannot hold exactly is a comment, with a warning.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
T="$TMPDIR/provenance"
rm -rf "$T"
mkdir -p "$T"
cd "$T" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
version=$($RGX --version | sed 's/^rgx //')
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$@"; }

printf 'id,x\np1,1\np2,2\np3,3\np5,5\n' >a.csv
printf 'id,y\np1,10\np2,20\np3,25\np4,40\n' >b.csv
session='load table a.csv as a; load table b.csv as b; join a b as ab; save ab to ab.csv; derive ab z = x + y;
plot scatter x z in ab to ab.png; plot scatter x y in ab to abs.svg; set plot=dumb; plot hist x in a;
set plot=pdf; plot hist y in b to b.pdf; corr x with y in ab save=pairs.tsv;
simulate cohort as sim n=30 features=3 genes=3; save sim to sim.tsv; journal j.rgx; report r.html'
SOURCE_DATE_EPOCH=1700000000 $RGX -q -o out -e "$session" >run1.log 2>&1 || { bad "the session failed"; cat run1.log; }

# every file has its sidecar, and the sidecar describes it
n=0
for f in out/*; do
    case $f in *.prov.json) continue ;; esac
    s="$f.prov.json"
    [ -f "$s" ] || { bad "$f has no sidecar"; continue; }
    python3 -m json.tool "$s" >/dev/null 2>&1 || { bad "$s is not valid JSON"; continue; }
    [ "$(json "$s" sha256)" = "$(sha256sum <"$f" | cut -d' ' -f1)" ] || bad "$s: sha256 is not the file's"
    [ "$(json "$s" size)" = "$(wc -c <"$f" | tr -d ' ')" ] || bad "$s: size is not the file's"
    n=$((n + 1))
done
[ $n = 16 ] || bad "$n files written, expected 16 (ab.csv, sim.tsv, pairs.tsv; 4 figures; 5 .gp and 5 .dat… but ab.gp/.dat twice; the journal, the report)"
for f in out/*.prov.json; do [ -f "${f%.prov.json}" ] || bad "$f has no file"; done

# the golden sidecar (version normalised)
sed "s/\"rgx_version\": \"$version\"/\"rgx_version\": \"VERSION\"/" out/ab.csv.prov.json >ab.side
cmp -s ab.side "$top/tests/shell/prov/sidecar.expected" || { bad "the sidecar of ab.csv differs"; diff "$top/tests/shell/prov/sidecar.expected" ab.side; }
# a figure of one load names that file only; the simulated table names its seed
grep -q '"path": "a.csv"' out/plot1.dat.prov.json && ! grep -q 'b.csv' out/plot1.dat.prov.json ||
    bad "the histogram of a names other inputs than a.csv"
grep -q '"command": "simulate cohort as sim n=30 features=3 genes=3", "seed": 1' out/sim.tsv.prov.json ||
    bad "the sidecar of sim.tsv does not name the seeded command"
# the script names its inputs and still renders
grep -q '^# from the files a.csv (25 bytes, sha256 ' out/ab.gp && grep -q '^#  *b.csv (29 bytes' out/ab.gp ||
    bad "ab.gp does not name its inputs"
[ "$(head -c 4 out/ab.png | od -An -c | tr -d ' \n')" = "211PNG" ] || bad "ab.png was not rendered"
grep -q '^<svg' out/abs.svg || grep -q '<svg' out/abs.svg || bad "abs.svg was not rendered"
grep -a -q '/CreationDate (D:20231114221320Z)' out/b.pdf || bad "SOURCE_DATE_EPOCH did not pin the PDF's date"
# the default CSV has no comment line (R's read.csv and pandas read it as is)
head -1 out/ab.csv | grep -q '^patient,x,y$' || bad "ab.csv does not start with its header"

# an input changed: its checksum changes, the other's does not
cp out/ab.csv.prov.json ab1.side
printf 'id,x\np1,1\np2,2\np3,4\np5,5\n' >a.csv
$RGX -q -o out -e 'load table a.csv as a; load table b.csv as b; join a b as ab; save ab to ab.csv' >/dev/null 2>&1 ||
    bad "the second run failed"
new_a=$(sha256sum <a.csv | cut -d' ' -f1)
grep -q "\"path\": \"a.csv\", \"size\": 25, \"sha256\": \"$new_a\"" out/ab.csv.prov.json || bad "a.csv's new checksum is not in the sidecar"
grep -q "$new_a" ab1.side && bad "the first sidecar already had the new checksum?"
grep -h '"path": "b.csv"' ab1.side >b1
grep -h '"path": "b.csv"' out/ab.csv.prov.json >b2
cmp -s b1 b2 || bad "b.csv's line changed although b.csv did not"
# without SOURCE_DATE_EPOCH the date is now
grep -q "\"date\": \"$(date -u +%Y)-" out/ab.csv.prov.json || bad "the date is not this year's: $(grep date out/ab.csv.prov.json)"

# provenance=header: one '#' line, read back by rgx; provenance=off: no sidecar, a stale one removed
$RGX -q -o out -e 'load table a.csv as a; set provenance=header; save a to ah.tsv; load table out/ah.tsv as back; show back;
set provenance=off; save a to ab.csv; save a to off.csv' >hdr.log 2>&1 || { bad "provenance=header/off failed"; cat hdr.log; }
head -1 out/ah.tsv | grep -q '^# made by rgx .*: save a to ah.tsv | from a.csv (sha256 [0-9a-f]\{64\}) | provenance: out/ah.tsv.prov.json$' ||
    bad "provenance=header's line: $(head -1 out/ah.tsv)"
[ "$(sed -n 2p out/ah.tsv)" = "$(printf 'id\tx')" ] || bad "the header line is not followed by the table"
grep -q 'loaded out/ah.tsv as back: 4 rows × 2 columns' hdr.log || bad "rgx did not read the header-line file back: $(head -3 hdr.log)"
[ -f out/ah.tsv.prov.json ] || bad "provenance=header wrote no sidecar"
[ -f out/ab.csv.prov.json ] && bad "provenance=off left the stale sidecar of ab.csv"
[ -f out/off.csv.prov.json ] && bad "provenance=off wrote a sidecar"
[ -f out/off.csv ] || bad "provenance=off wrote no file"

# the journal's golden session
cd "$top/tests" || exit 1
SOURCE_DATE_EPOCH=1700000000 $RGX -q --keep-going -o "$T/jout" -f shell/prov/session.rgx 60 >"$T/journal.log" 2>"$T/journal.err"
sed -n '/^# rgx journal/,$p' "$T/journal.log" | sed -e "s|$T/jout|out|g" -e 's/threads=[0-9]*/threads=N/' \
    -e "s/^# rgx $version, /# rgx VERSION, /" >"$T/journal.got"
cmp -s "$T/journal.got" "$top/tests/shell/prov/journal.expected" ||
    { bad "the journal differs from prov/journal.expected"; diff "$top/tests/shell/prov/journal.expected" "$T/journal.got"; }
grep -q "error: unknown command 'kmm'" "$T/journal.err" || bad "the failed command did not fail: $(cat "$T/journal.err")"

# a command the journal cannot hold exactly (a line break inside quotes, given with -e): a comment, and a warning
$RGX -q -o "$T/nl" -e 'echo "a
b"; echo next; journal' >"$T/nl.out" 2>"$T/nl.err"
grep -q '^# not replayable exactly: echo "a?b"$' "$T/nl.out" || bad "the line break inside quotes: $(tail -3 "$T/nl.out")"
grep -q '^echo next$' "$T/nl.out" || bad "the command after it is not in the journal"
grep -q 'warning: this command cannot be written to the journal so that it replays exactly' "$T/nl.err" ||
    bad "no warning for the command the journal cannot hold: $(cat "$T/nl.err")"

[ $fail = 0 ] && echo ok
exit $fail
