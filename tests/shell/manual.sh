#!/bin/sh
# The manual cannot drift from the program: every command's usage line (as
# `help CMD` prints it) appears in manual/guide.md, and every command is in
# the man page.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
for c in $($RGX -e help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    usage=$($RGX -e "help $c" | sed -n 's/^usage: //p')
    grep -qF -- "    $usage" "$top/manual/guide.md" || { echo "guide.md lacks: $usage"; fail=1; }
    grep -q "^\.B $c\b\|^\.BR $c\b" "$top/manual/rgx.1" || { echo "rgx.1 lacks command $c"; fail=1; }
done
[ $fail = 0 ] && echo ok
exit $fail
