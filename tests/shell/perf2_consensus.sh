#!/bin/sh
# Consensus at scale (issue 21):
# - PAC recomputed from a saved consensus matrix, as R would from the file
#   (the pairs i < j with a value strictly inside (0.1, 0.9)), equals rgx's:
#   the saved values are the exact count ratios (with the float matrices
#   0.89999998 fell inside the window: 0.419 against rgx's 0.405);
# - beyond the memory there is, consensus refuses before it starts, with the
#   size it needs; when one worker thread fits and two do not, it runs with
#   one (a warning) and gives the results it gives with threads=1.
# (AddressSanitizer cannot run under ulimit -v: the limit part is skipped there.)
set -u
fail() { echo "FAIL: $*"; exit 1; }
out="$TMPDIR/perf2_consensus"
mkdir -p "$out"
printf '%s\n' 'simulate cohort as sim n=60 features=8 genes=1 seed=4' 'consensus rad.* in sim k=2..4 reps=40 seed=9 as cc' \
    'save cc to pac.tsv' 'save cc.m3 to m3.tsv' | "$RGX" -q -o "$out" >"$out/run.log" 2>&1 || { cat "$out/run.log"; fail "consensus"; }
want=$(awk -F'\t' '$1 == 3 { print $4 }' "$out/pac.tsv")
got=$(awk -F'\t' 'NR > 1 { for (j = NR + 1; j <= NF; j++) { n++; if ($j > 0.1 && $j < 0.9) k++ } }
    END { printf "%.17g", k / n }' "$out/m3.tsv")
[ -n "$want" ] || fail "no PAC for k = 3 in pac.tsv"
awk -v a="$want" -v b="$got" 'BEGIN { exit !(a + 0 == b + 0) }' ||
    fail "PAC from the saved matrix $got, rgx's $want"
grep -q '0\.8999999' "$out/m3.tsv" && fail "float values in the saved matrix"
if nm "$RGX" 2>/dev/null | grep -q __asan_init || ldd "$RGX" | grep -q libasan; then echo ok; exit 0; fi
# refusal: 20,000 patients need gigabytes; under a 1.2 GB limit the message gives the size
printf 'simulate cohort as c n=20000 features=3 genes=1 seed=1\nconsensus rad.* in c reps=2 as cc\n' |
    (ulimit -v 1200000; "$RGX" -q --keep-going) >"$out/big.log" 2>&1
grep -q "error: consensus: out of memory while clustering 20000 patients: about [0-9]* MB needed" "$out/big.log" ||
    { cat "$out/big.log"; fail "no refusal with the size needed"; }
# fewer threads: the limit set between what one worker and two need
cmds='simulate cohort as c n=3000 features=5 genes=1 seed=2
set threads=2
consensus rad.* in c k=2..4 reps=6 as cc
save cc.classes to classes.tsv'
printf '%s\n' "$cmds" | (ulimit -v 150000; "$RGX" -q -o "$out" --keep-going) >"$out/probe.log" 2>&1
need=$(sed -n 's/.*about \([0-9]*\) MB needed.*/\1/p' "$out/probe.log")
avail=$(sed -n 's/.*MB needed.*, \([0-9]*\) MB available.*/\1/p' "$out/probe.log")
[ -n "$need" ] && [ -n "$avail" ] || { cat "$out/probe.log"; fail "no sizes in the refusal"; }
# the process's own address space is 150 MB less what was available; one
# worker's share (8 m (1.5 m + 16) bytes, m = 2400, and its stack) is 77 MB
kb=$(( (150000 / 1024 - avail + need + 40) * 1024 ))
printf '%s\n' "$cmds" | (ulimit -v $kb; "$RGX" -q -o "$out" --keep-going) >"$out/one.log" 2>&1 ||
    { cat "$out/one.log"; fail "consensus under ulimit -v $kb"; }
grep -q "warning: consensus: 3000 patients need about [0-9]* MB with 2 worker threads, [0-9]* MB are available: clustering with 1" \
    "$out/one.log" || { cat "$out/one.log"; fail "no warning about the threads"; }
mv "$out/classes.tsv" "$out/classes_limited.tsv"
printf '%s\n' "$cmds" | sed 's/set threads=2/set threads=1/' | "$RGX" -q -o "$out" >"$out/t1.log" 2>&1 ||
    { cat "$out/t1.log"; fail "threads=1"; }
cmp -s "$out/classes.tsv" "$out/classes_limited.tsv" || fail "the classes differ from threads=1's"
echo ok
