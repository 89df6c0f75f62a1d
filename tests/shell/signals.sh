#!/bin/sh
# Signals and limits while a file is being written: SIGTERM or SIGHUP in
# the middle of a save or of a plot leave no temporary file (nor gnuplot's
# private directory, nor gnuplot) behind and end rgx as the signal would;
# a file-size limit (ulimit -f) makes the save fail with "File too large"
# instead of killing the session without a word.
set -u
D=$(cd "$(dirname "$0")/../data" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
out="$TMPDIR/signals"
rm -rf "$out" && mkdir -p "$out" && cd "$out" || exit 1
BIG="simulate cohort as big n=2000 features=200 genes=2000 seed=1"

# wait (up to 60 s) until a file matching the glob exists
wait_for() {
    i=0
    while [ $i -lt 600 ]; do
        for f in $1; do [ -e "$f" ] && return 0; done
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# a save killed half-way: no big.csv, no big.csv.tmp.*
for sig in TERM:15 HUP:1; do
    num=${sig#*:}
    sig=${sig%:*}
    rm -f big.csv*
    "$RGX" -q -e "$BIG; save big to $out/big.csv" >/dev/null 2>&1 &
    pid=$!
    wait_for "$out/big.csv.tmp.*" || { kill $pid; fail "SIG$sig: the save never started"; }
    kill -$sig $pid
    wait $pid
    status=$?
    want=$((128 + num))
    [ $status = $want ] || fail "SIG$sig during a save: exit status $status, expected $want"
    left=$(ls "$out" | grep big.csv)
    [ -z "$left" ] || fail "SIG$sig during a save left: $left"
done

# a plot killed while gnuplot runs: gnuplot is killed, its private
# directory removed, no figure, script or data written
cat >slowplot <<EOF
#!/bin/sh
echo \$\$ >"$out/slowplot.pid"
exec sleep 60
EOF
chmod +x slowplot
stage=$(mktemp -d "$TMPDIR/stage.XXXXXX")
TMPDIR=$stage RGX_GNUPLOT=$out/slowplot "$RGX" -q -e "load table $D/geneexp_1500x100_survival.tsv as s; plot hist OS_days in s to $out/h.png" >/dev/null 2>&1 &
pid=$!
wait_for "$out/slowplot.pid" || { kill $pid; fail "the fake gnuplot never started"; }
gp=$(cat "$out/slowplot.pid")
[ -n "$(ls "$stage" | grep rgx-plot-)" ] || { kill $pid "$gp"; fail "no private directory while gnuplot runs"; }
kill -TERM $pid
wait $pid
status=$?
[ $status = 143 ] || fail "SIGTERM during a plot: exit status $status"
kill -0 "$gp" 2>/dev/null && { kill "$gp"; fail "gnuplot was left running"; }
[ -z "$(ls "$stage")" ] || fail "SIGTERM during a plot left: $(ls -R "$stage")"
[ -z "$(ls "$out" | grep '^h\.')" ] || fail "SIGTERM during a plot wrote: $(ls "$out")"
rmdir "$stage"

# nohup: an ignored SIGHUP stays ignored (the save completes)
rm -f small.csv
(trap '' HUP; "$RGX" -q -e "load table $D/geneexp_1500x100.tsv as g; $BIG; save g to $out/small.csv" >/dev/null 2>&1 &
 pid=$!; sleep 0.3; kill -HUP $pid; wait $pid) || fail "an ignored SIGHUP ended rgx"
[ -s small.csv ] || fail "the save under nohup did not complete"

# a file-size limit: the write fails with EFBIG, the session goes on
# (ulimit -f counts blocks of 512 or 1024 bytes: 100 is at most 100 KB;
# the table is 1.5 MB)
rm -f limited.csv*
(ulimit -f 100; "$RGX" -q --keep-going -e "load table $D/geneexp_1500x100.tsv as g; save g to $out/limited.csv; echo still here") >log 2>err
status=$?
[ $status = 1 ] || fail "ulimit -f: exit status $status (1 expected; 153 is SIGXFSZ): $(cat err)"
grep -q "error: save: cannot write $out/limited.csv: File too large" err || fail "ulimit -f message: $(cat err)"
grep -q "still here" log || fail "ulimit -f: the session did not go on"
[ -z "$(ls "$out" | grep limited)" ] || fail "ulimit -f left: $(ls "$out" | grep limited)"
echo ok
