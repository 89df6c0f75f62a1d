#!/bin/sh
# Command input that is not what it seems.  Script arguments are words,
# never command text: an argument holding a quote, ';' or '#' cannot end
# the script's quotes and run a command (`rgx -f analyse.rgx 'a.csv" as t;
# save t to precious.txt; echo "'` used to overwrite precious.txt).  Input
# that is not a command file — a NUL byte (run /dev/zero), a line of more
# than 1 MB — stops at once with the file and line, from -f, run and
# standard input alike, instead of filling memory.
set -u
D=$(cd "$(dirname "$0")/../data" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
out="$TMPDIR/command_input"
rm -rf "$out" && mkdir -p "$out" && cd "$out" || exit 1

# the injection from the issue, word for word
cp "$D/geneexp_1500x100_survival.tsv" a.tsv
echo precious >precious.txt
printf 'load table "$1" as t\nshow t rows=1\n' >analyse.rgx
"$RGX" -q -f analyse.rgx 'a.tsv" as t; save t to precious.txt; echo "' >log 2>err && fail "the odd file name must not load"
[ "$(cat precious.txt)" = precious ] || fail "an argument ran a command: precious.txt is now $(head -1 precious.txt)"
grep -q "analyse.rgx:1: error: cannot open a.tsv\" as t; save t to precious.txt; echo \": No such file or directory" err ||
    fail "message: $(cat err)"
# ';' and '#' in an argument, and an argument that is a whole word with blanks
"$RGX" -q -f analyse.rgx 'a.tsv;save t to precious.txt #' >log 2>err && fail "the odd file name must not load"
[ "$(cat precious.txt)" = precious ] || fail "';' in an argument ran a command"
printf 'echo [$1] [$2] x$1y\n' >words.rgx
"$RGX" -q -f words.rgx 'two words;#' '' >log 2>err || fail "words.rgx: $(cat err)"
[ "$(cat log)" = "[two words;#] [] xtwo words;#y" ] || fail "words: $(cat log)"
# an argument with '=' is a word, not an option (write key=$1 for that)
printf 'load table a.tsv as t $1\nshow t rows=$2\n' >opt.rgx
"$RGX" -q -f opt.rgx id=patient 1 >log 2>err && fail "an argument must not become an option"
grep -q "warning: load table: 'id=patient' comes from a script argument" err || fail "option message: $(cat err)"
printf 'load table a.tsv as t id=$1\nshow t rows=$2\n' >opt2.rgx
"$RGX" -q -f opt2.rgx patient 1 >log 2>err || fail "key=\$1: $(cat err)"
grep -q "^TCGA-02-0001" log || fail "key=\$1 did not set the option: $(cat log)"

# not command files
timeout 10 "$RGX" -q -e 'run /dev/zero' >log 2>err
[ $? = 1 ] || fail "run /dev/zero: exit status"
grep -q "^/dev/zero:1: error: a NUL byte: /dev/zero is a binary file, not a command file$" err || fail "/dev/zero: $(cat err)"
timeout 10 "$RGX" -q </dev/zero >log 2>err
[ $? = 1 ] || fail "stdin /dev/zero: exit status"
grep -q "^stdin:1: error: a NUL byte: stdin is a binary file, not a command file$" err || fail "stdin /dev/zero: $(cat err)"
printf 'echo one\necho two\0\necho three\n' >nul.rgx
"$RGX" -q -f nul.rgx >log 2>err && fail "a NUL byte must fail"
[ "$(cat log)" = one ] && grep -q "^nul.rgx:2: error: a NUL byte: nul.rgx is a binary file" err || fail "nul.rgx: $(cat log) $(cat err)"
# 1 MB and more on one line (and an endless one): stopped at the bound, even
# with --keep-going (the rest of such a file is no command either)
head -c 1100000 /dev/zero | tr '\0' x >long.rgx
printf 'echo one\n' | cat - long.rgx >long2.rgx
"$RGX" -q --keep-going -f long2.rgx >log 2>err && fail "a 1.1 MB line must fail"
[ "$(cat log)" = one ] && grep -q "^long2.rgx:2: error: a command line longer than 1 MB; long2.rgx does not look like a command file$" err ||
    fail "long line: $(cat log) $(head -c 300 err)"
timeout 10 sh -c "yes x | tr -d '\\n' | '$RGX' -q" >log 2>err
[ $? = 1 ] || fail "an endless line on stdin: exit status"
grep -q "^stdin:1: error: a command line longer than 1 MB" err || fail "endless stdin: $(head -c 300 err)"
# lines continued with '\' count together
{ i=0; while [ $i -lt 12 ]; do head -c 100000 /dev/zero | tr '\0' x; printf ' \\\n'; i=$((i + 1)); done; echo; } >cont.rgx
"$RGX" -q -f cont.rgx >log 2>err && fail "continued lines over 1 MB must fail"
grep -q "^cont.rgx:11: error: a command line longer than 1 MB" err || fail "continued: $(head -c 300 err)"
# a long line under the bound is fine
{ printf 'echo '; head -c 900000 /dev/zero | tr '\0' x; echo; } >ok.rgx
"$RGX" -q -f ok.rgx >log 2>err || fail "a 0.9 MB line: $(head -c 300 err)"
[ "$(wc -c <log)" = 900001 ] || fail "a 0.9 MB line printed $(wc -c <log) bytes"
echo ok
