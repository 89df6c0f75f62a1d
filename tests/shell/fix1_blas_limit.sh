#!/bin/sh
# Under a virtual-memory limit (ulimit -v; SGE's h_vmem) no command hangs
# inside OpenBLAS (review B1): OpenBLAS takes 128 MB of address space per
# thread and retries a refused allocation forever, so a 5-row corr used to
# hang at 300 MB, and set threads=16 at 2 GB.  Each case must end, within
# a generous timeout, with its result or "out of memory"; the notes say
# how many threads OpenBLAS was given, or that corr went without it.
# (AddressSanitizer cannot run under ulimit -v: skipped in that build.)
set -u
D=$(cd "$(dirname "$0")/../data" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
if nm "$RGX" 2>/dev/null | grep -q __asan_init || ldd "$RGX" | grep -q libasan; then echo "skipped (ASan)"; exit 0; fi
command -v timeout >/dev/null || { echo "skipped (no timeout)"; exit 0; }
out="$TMPDIR/blas_limit"
mkdir -p "$out"
cmds="load table $D/review/t1.csv as t
corr a with b in t
simulate cohort as c n=120 features=20 genes=300 seed=3
corr rad.* with expr.* in c as m
consensus rad.* in c alg=km k=2..3 reps=10 as km
set threads=16
corr a with b in t as t2
corr rad.* with expr.* in c as m2
consensus rad.* in c alg=km k=2..3 reps=10 as km2
echo done"
for kb in 200000 300000 2000000; do
    printf '%s\n' "$cmds" | (ulimit -v $kb; exec timeout 120 "$RGX" -q --keep-going) >"$out/$kb.log" 2>&1
    status=$?
    [ $status = 124 ] && { cat "$out/$kb.log"; fail "ulimit -v $kb: rgx hung (killed after 120 s)"; }
    grep -q "^done$" "$out/$kb.log" || { cat "$out/$kb.log"; fail "ulimit -v $kb: the session did not reach its end (exit $status)"; }
    # each command: its result, or out of memory
    for what in "corr corr1:" "corr m:" "consensus km:" "corr t2:" "corr m2:" "consensus km2:"; do
        grep -q "^$what" "$out/$kb.log" || grep -q "error: ${what%% *}: out of memory" "$out/$kb.log" ||
            { cat "$out/$kb.log"; fail "ulimit -v $kb: no result and no out-of-memory message for $what"; }
    done
    # the 5-row corr gives R's value: cor.test(1:5, c(2,3,5,4,7), method="spearman") = 0.9, exact p 0.08333
    grep -q "^a  b  5  0.9  0.08333  0.08333$" "$out/$kb.log" || { cat "$out/$kb.log"; fail "ulimit -v $kb: the 5-row corr"; }
done
# the notes: OpenBLAS bounded at 2 GB (not 16 threads of 136 MB), and at
# 200 MB no room for its buffer at all
grep -q "note: OpenBLAS (corr's matrix products) uses [0-9]* threads\{0,1\}, not 16: each takes" "$out/2000000.log" ||
    { cat "$out/2000000.log"; fail "no note on OpenBLAS's threads at 2 GB"; }
grep -q "note: the memory limit (ulimit -v 195 MB) leaves no room for the 128 MB buffer of OpenBLAS" "$out/200000.log" ||
    { cat "$out/200000.log"; fail "no note on OpenBLAS's buffer at 200 MB"; }
# without a limit nothing is said
printf 'set threads=16\necho done\n' | "$RGX" -q >"$out/nolimit.log" 2>&1
grep -q note "$out/nolimit.log" && { cat "$out/nolimit.log"; fail "a note without a limit"; }
echo ok
