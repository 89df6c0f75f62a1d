#!/bin/sh
# Invocation (COMMANDS.md): exit codes 0/1/2, -e, -f with arguments,
# --keep-going, --version, -o, stdin.
set -u
D=$(cd "$(dirname "$0")/../data" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMPDIR" || exit 1

$RGX --version | grep -q '^rgx [0-9]' || fail "--version"
$RGX --help | grep -q 'usage: rgx' || fail "--help"
$RGX --bogus >/dev/null 2>err; [ $? = 2 ] || fail "unknown flag must exit 2"
grep -q "unknown option '--bogus'" err || fail "unknown flag message"
$RGX -f >/dev/null 2>&1; [ $? = 2 ] || fail "-f without a file must exit 2"
$RGX -e 'echo a; echo b' >out || fail "-e"
[ "$(cat out)" = "a
b" ] || fail "-e output: $(cat out)"
$RGX -e 'echo a; nosuch; echo c' >out 2>err; [ $? = 1 ] || fail "-e error must exit 1"
[ "$(cat out)" = "a" ] || fail "-e must stop at the error"
grep -q "^error: unknown command 'nosuch'" err || fail "-e error message: $(cat err)"
printf 'echo $1-$2\nnosuch\necho after\n' >s.rgx
$RGX -f s.rgx x y >out 2>err; [ $? = 1 ] || fail "-f error must exit 1"
[ "$(cat out)" = "x-y" ] || fail "-f arguments: $(cat out)"
grep -q "^s.rgx:2: error: unknown command 'nosuch'" err || fail "-f error position: $(cat err)"
$RGX --keep-going -f s.rgx x y >out 2>err; [ $? = 1 ] || fail "--keep-going still exits 1"
grep -q after out || fail "--keep-going must continue"
printf 'echo piped\nbad\necho no\n' | $RGX >out 2>err; [ $? = 1 ] || fail "stdin error exit"
grep -q '^stdin:2: error' err || fail "stdin error position: $(cat err)"
[ "$(cat out)" = "piped" ] || fail "stdin stops at the first error"
$RGX -q -o newdir/sub -e "load table $D/geneexp_1500x100_survival.tsv as s; save s to s.tsv" >/dev/null || fail "-o"
[ "$(head -1 newdir/sub/s.tsv)" = "$(printf 'patient\tOS_days\tOS_event')" ] || fail "-o DIR holds the saved file"
cmp -s newdir/sub/s.tsv "$D/geneexp_1500x100_survival.tsv" || fail "a TSV saved from a loaded TSV is the same bytes"
echo ok
