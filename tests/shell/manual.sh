#!/bin/sh
# The manual cannot drift from the program: every command's usage line (as
# `help CMD` prints it) appears in manual/guide.md, and every command is in
# the man page.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
# rgx must answer: a silent or failing binary would check nothing
$RGX -e help >"$TMPDIR/manual.help" || { echo "FAIL: rgx -e help failed"; exit 1; }
n=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$TMPDIR/manual.help" | wc -l)
[ "$n" -ge 20 ] || { echo "FAIL: rgx -e help lists $n commands"; exit 1; }
for c in $(sed -n 's/^  \([a-z]*\) .*/\1/p' "$TMPDIR/manual.help"); do
    usage=$($RGX -e "help $c" | sed -n 's/^usage: //p')
    [ -n "$usage" ] || { echo "help $c prints no usage line"; fail=1; continue; }
    grep -qF -- "    $usage" "$top/manual/guide.md" || { echo "guide.md lacks: $usage"; fail=1; }
    grep -q "^\.B $c\b\|^\.BR $c\b" "$top/manual/rgx.1" || { echo "rgx.1 lacks command $c"; fail=1; }
done
[ $fail = 0 ] && echo ok
exit $fail
