#!/bin/sh
# The man page's COMMANDS section is the command table's (make man writes
# it from `rgx --commands-synopsis`): a usage changed in repl/commands.def
# without make man fails here.  And every sub-command's usage (help CMD
# KIND) is in manual/guide.md, as tests/shell/manual.sh checks the
# commands'.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
out=$(sh "$top/tools/man_synopsis.sh" "$RGX" --check) || { echo "$out"; fail=1; }
n=0
for c in $($RGX -e help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    for k in $($RGX -e "help $c" | sed -n '/^\(kinds\|sub-commands\) (help/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
        usage=$($RGX -e "help $c $k" | sed -n 's/^usage: //p')
        [ -n "$usage" ] || { echo "help $c $k printed no usage"; fail=1; continue; }
        grep -qF -- "    $usage" "$top/manual/guide.md" || { echo "guide.md lacks: $usage"; fail=1; }
        n=$((n + 1))
    done
done
[ $n -ge 20 ] || { echo "only $n sub-commands found in help (expected the load, plot, simulate and roc kinds)"; fail=1; }
[ $fail = 0 ] && echo ok
exit $fail
