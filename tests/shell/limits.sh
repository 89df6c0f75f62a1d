#!/bin/sh
# Resource limits: under a memory limit (ulimit -v; under AddressSanitizer,
# which cannot run with one, its max_allocation_size_mb instead) a map or a
# clustering too large for it fails with "out of memory while …" and the
# session goes on with its tables intact; set threads= bounds the workers.
set -u
out="$TMPDIR/limits"
mkdir -p "$out"
cmds='simulate cohort as big n=200 features=2000 genes=20000 seed=5
corr rad.* with expr.* in big keep=all as m
simulate cohort as c n=6000 features=5 genes=1 seed=1
consensus rad.* in c k=2..6 reps=10 as cc
tables
describe big rad.original_shape_MeshVolume'
if nm "$RGX" 2>/dev/null | grep -q __asan_init || ldd "$RGX" | grep -q libasan; then
    printf '%s\n' "$cmds" | ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=100 \
        "$RGX" -q --keep-going >"$out/log" 2>&1
else
    printf '%s\n' "$cmds" | (ulimit -v 600000; "$RGX" -q --keep-going) >"$out/log" 2>&1
fi
status=$?
[ $status = 1 ] || { echo "FAIL: exit status $status (1 expected: two commands failed)"; cat "$out/log"; exit 1; }
grep -q "error: corr: out of memory for a 2000 × 20000 map" "$out/log" || { echo "FAIL: corr's message"; cat "$out/log"; exit 1; }
grep -q "error: consensus: out of memory while clustering 6000 patients" "$out/log" || { echo "FAIL: consensus's message"; cat "$out/log"; exit 1; }
grep -q "^big  *200  *22007" "$out/log" && grep -q "^original_shape_MeshVolume  200 " "$out/log" ||
    { echo "FAIL: the session did not go on with its tables"; cat "$out/log"; exit 1; }
grep -q "^m \|^cc " "$out/log" && { echo "FAIL: a half-made result was stored"; exit 1; }
# set threads= bounds the worker threads (counted in /proc while a consensus runs)
printf 'set threads=3\nsimulate cohort as s n=300 features=40 genes=1 seed=2\nconsensus rad.* in s reps=20000 as cs\n' |
    "$RGX" -q >"$out/threads.log" 2>&1 &
pid=$!
max=0
for i in $(seq 1 40); do
    sleep 0.1
    n=$(ls /proc/$pid/task 2>/dev/null | wc -l)
    [ "$n" -gt "$max" ] && max=$n
done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
# the main thread and two more consensus workers, and no more than OpenBLAS's
# pool on top (created idle when the library loads: cores - 1 threads; set
# threads= also sets how many of them a matrix product uses)
cores=$(getconf _NPROCESSORS_ONLN)
[ "$max" -ge 3 ] || { echo "FAIL: only $max threads seen with threads=3"; exit 1; }
[ "$max" -le $((3 + cores)) ] || { echo "FAIL: $max threads with threads=3 on $cores cores"; exit 1; }
echo ok
