#!/bin/sh
# Resource limits: under a memory limit (ulimit -v; under AddressSanitizer,
# which cannot run with one, its max_allocation_size_mb instead) a map, a
# clustering or a load too large for it fails with "out of memory while …"
# and the session goes on with its tables intact; set threads= bounds the
# workers.
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
# loading: a file too big for the limit fails with "out of memory while
# loading" (the data is freed before the message is made: under ulimit the
# last small allocation failing used to abort the session) and the next
# command runs; a 3 × 1,000,000 table takes memory for its 3 rows (it took
# 4.2 GB: 1024 rows per column were allocated up front)
hdr=$(python3 -c "print(','.join('c%d' % i for i in range(20)))")
row=$(python3 -c "print(','.join(['a' * 60] * 20))")
{ echo "$hdr"; yes "$row" | head -n 300000; } | gzip -1 >"$out/toobig.csv.gz"
printf 'id,x\nP1,1\n' >"$out/small.csv"
lcmds="load table $out/toobig.csv.gz as toobig
load table $out/small.csv as small
tables"
if nm "$RGX" 2>/dev/null | grep -q __asan_init || ldd "$RGX" | grep -q libasan; then
    printf '%s\n' "$lcmds" | ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=2 \
        "$RGX" -q --keep-going >"$out/load.log" 2>&1
else
    printf '%s\n' "$lcmds" | (ulimit -v 300000; "$RGX" -q --keep-going) >"$out/load.log" 2>&1
fi
status=$?
[ $status = 1 ] || { echo "FAIL: load: exit status $status (1 expected: the big load failed)"; cat "$out/load.log"; exit 1; }
grep -q "error: out of memory while loading $out/toobig.csv.gz (after [0-9]* rows of 20 columns)" "$out/load.log" ||
    { echo "FAIL: load's message"; cat "$out/load.log"; exit 1; }
grep -q "^small  *1  *2 " "$out/load.log" || { echo "FAIL: the session did not go on after the load"; cat "$out/load.log"; exit 1; }
grep -q "^toobig " "$out/load.log" && { echo "FAIL: a half-made table was stored"; exit 1; }
rm -f "$out/toobig.csv.gz"
if ! { nm "$RGX" 2>/dev/null | grep -q __asan_init || ldd "$RGX" | grep -q libasan; }; then
    python3 -c "
import sys
n = 1000000
sys.stdout.write('id,' + ','.join('c%d' % i for i in range(n)) + '\n')
for r in range(3): sys.stdout.write('P%d,' % r + ','.join(str((i + r) % 10) for i in range(n)) + '\n')" >"$out/wide.csv"
    printf 'load table %s/wide.csv as wide\ndescribe wide c999999\n' "$out" |
        (ulimit -v 600000; "$RGX" -q) >"$out/wide.log" 2>&1 || { echo "FAIL: 3 x 1,000,000 under 600 MB"; cat "$out/wide.log"; exit 1; }
    grep -q "^c999999  3 " "$out/wide.log" || { echo "FAIL: the wide table"; cat "$out/wide.log"; exit 1; }
    rm -f "$out/wide.csv"
fi
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
