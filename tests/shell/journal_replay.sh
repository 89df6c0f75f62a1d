#!/bin/sh
# journal → replay reproduces a session byte for byte (issue 20): the demo
# (make demo) runs in one fresh directory and writes its journal; the
# journal replays in another fresh directory; every table and figure it
# wrote is the same file byte for byte, every provenance sidecar the same
# but for its date, and the printed output the same up to the `journal`
# command.  Then a lesson
# (random: consensus clustering with the session's seed) run with `run`, and
# a script whose arguments ($1, $2) hold a blank, a quote, a '$' and a '#',
# replayed the same way.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
T="$TMPDIR/journal_replay"
rm -rf "$T"
unset SOURCE_DATE_EPOCH
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# fresh directories where the relative paths of the inputs (examples/data/…) hold
fresh() {
    mkdir -p "$1"
    ln -s "$top/examples" "$1/examples"
}

# compare DIR_A DIR_B [FILE to leave out of A…]: the same files, byte for byte;
# sidecars without their "date" line
compare() {
    a=$1 b=$2
    shift 2
    (cd "$a" && find . -type f | sort) >"$T/a.files"
    for x in "$@"; do grep -v -x -F -e "./$x" -e "./$x.prov.json" "$T/a.files" >"$T/a.tmp"; mv "$T/a.tmp" "$T/a.files"; done
    (cd "$b" && find . -type f | sort) >"$T/b.files"
    cmp -s "$T/a.files" "$T/b.files" || { bad "the replay wrote other files ($a, $b):"; diff "$T/a.files" "$T/b.files" | head; }
    n=0
    while read -r f; do
        [ -f "$b/$f" ] || continue
        case $f in
            *.prov.json)
                grep -v '"date":' "$a/$f" >"$T/a.side"
                grep -v '"date":' "$b/$f" >"$T/b.side"
                cmp -s "$T/a.side" "$T/b.side" || { bad "sidecar $f differs beyond its date"; diff "$T/a.side" "$T/b.side" | head -5; } ;;
            *) cmp -s "$a/$f" "$b/$f" || bad "$f differs after the replay" ;;
        esac
        n=$((n + 1))
    done <"$T/a.files"
    echo "$n files compared ($a)"
}

# 1. the demo
fresh "$T/demo1"
fresh "$T/demo2"
(cd "$T/demo1" && $RGX -q -o out -f examples/demo.rgx >../demo1.out 2>../demo1.err) || bad "the demo failed"
[ -s "$T/demo1/out/journal.rgx" ] || bad "the demo wrote no journal"
[ -s "$T/demo1/out/report.html" ] || bad "the demo wrote no report"
grep -q '^set seed=1 threads=[0-9]* digits=6 plot=png outdir=out provenance=sidecar$' "$T/demo1/out/journal.rgx" ||
    bad "the journal does not start with the settings: $(sed -n 4p "$T/demo1/out/journal.rgx")"
cp "$T/demo1/out/journal.rgx" "$T/demo2/journal.rgx"
(cd "$T/demo2" && $RGX -q -f journal.rgx >../demo2.out 2>../demo2.err) || { bad "the replay failed"; tail -3 "$T/demo2.err"; }
compare "$T/demo1/out" "$T/demo2/out" journal.rgx report.html
sed '/^wrote the journal/,$d' "$T/demo1.out" >"$T/demo1.out.n"   # the journal holds what ran before it
cmp -s "$T/demo1.out.n" "$T/demo2.out" || { bad "the replay printed something else"; diff "$T/demo1.out.n" "$T/demo2.out" | head; }
cmp -s "$T/demo1.err" "$T/demo2.err" || bad "the replay's messages differ"
# figures are among the files compared
n=$(ls "$T/demo2/out"/*.png | wc -l)
[ "$n" -ge 8 ] || bad "only $n figures replayed"

# 2. a lesson with random draws (the session's seed), through run
fresh "$T/lesson1"
fresh "$T/lesson2"
(cd "$T/lesson1" && $RGX -q -o out -e 'set seed=7; run examples/workshop/04-consensus.rgx; journal j.rgx' >/dev/null 2>&1) ||
    bad "the lesson failed"
grep -q '# seed 7 (set seed)' "$T/lesson1/out/j.rgx" || bad "the lesson's journal does not name the seed its randomised commands used"
grep -q '^run ' "$T/lesson1/out/j.rgx" && bad "the journal keeps run instead of its commands"
cp "$T/lesson1/out/j.rgx" "$T/lesson2/j.rgx"
(cd "$T/lesson2" && $RGX -q -f j.rgx >/dev/null 2>&1) || bad "the lesson's replay failed"
compare "$T/lesson1/out" "$T/lesson2/out" j.rgx

# 3. script arguments: recorded as their values, each one word
fresh "$T/args1"
fresh "$T/args2"
cat >"$T/args1/a.rgx" <<'RGX'
simulate cohort as sim n=40 features=4 genes=4 seed=$2
filter sim where clin.time > $2 as late
save late to "late $1.csv"
echo "$1"
RGX
(cd "$T/args1" && $RGX -q -o out -e 'run a.rgx "x y'"'"'s \$1 #z" 5; journal j.rgx' >../args1.out 2>&1) || { bad "the script with arguments failed"; cat "$T/args1.out"; }
cp "$T/args1/out/j.rgx" "$T/args2/j.rgx"
(cd "$T/args2" && $RGX -q -f j.rgx >../args2.out 2>&1) || { bad "the replay of the script with arguments failed"; cat "$T/args2.out"; }
compare "$T/args1/out" "$T/args2/out" j.rgx
[ -f "$T/args2/out/late x y's \$1 #z.csv" ] || bad "the argument with a blank, a quote, \$1 and # did not stay one word"
grep -v '^wrote the journal' "$T/args1.out" | cmp -s - "$T/args2.out" || { bad "the replay with arguments printed something else"; diff "$T/args1.out" "$T/args2.out"; }

# 4. at the prompt: the journal is kept from the first command; $1 and \$ typed there are text
fresh "$T/prompt"
printf 'simulate cohort as sim n=30 features=3 genes=3\necho cost $1 and \\$2\nbogus\nsave sim to s.csv\njournal j.rgx\n' |
    (cd "$T/prompt" && HOME="$T/prompt" RGX_FAKETTY=1 $RGX -q -o out >../prompt.out 2>&1)
grep -q '^echo cost \\\$1 and \\\\\$2$' "$T/prompt/out/j.rgx" || bad "the prompt's \$ was not escaped: $(grep echo "$T/prompt/out/j.rgx")"
grep -q bogus "$T/prompt/out/j.rgx" && bad "a failed command is in the journal"
fresh "$T/prompt2"
cp "$T/prompt/out/j.rgx" "$T/prompt2/j.rgx"
(cd "$T/prompt2" && $RGX -q -f j.rgx >../prompt2.out 2>&1) || bad "the prompt's journal does not replay"
grep -q '^cost \$1 and \\\$2$' "$T/prompt2.out" || bad "the replayed echo: $(grep cost "$T/prompt2.out")"
compare "$T/prompt/out" "$T/prompt2/out" j.rgx

[ $fail = 0 ] && echo ok
exit $fail
