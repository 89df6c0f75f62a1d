#!/bin/sh
# No shell ever sees text from a file or a command: the sources call no
# system() or popen(), gnuplot is started with fork + execvp (the script on
# its standard input, see plots.sh for the injection test), and temporary
# files come from mkstemp (gnuplot's stderr in $TMPDIR; saved files beside
# their target so that the final rename is atomic).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
hits=$(grep -n -E '\b(system|popen|execl|execlp|execle|tmpnam|tempnam|mktemp)[[:space:]]*\(' \
       io/*.c stats/*.c plots/*.c repl/*.c)
[ -z "$hits" ] || { echo "FAIL: a shell or an unsafe temporary file: $hits"; exit 1; }
[ "$(grep -c 'execvp(' plots/plot.c)" = 1 ] || { echo "FAIL: gnuplot is not started with execvp"; exit 1; }
[ "$(grep -l 'mkstemp(' io/*.c plots/*.c | tr '\n' ' ')" = "io/atomic.c plots/plot.c " ] ||
    { echo "FAIL: temporary files outside io/atomic.c and plots/plot.c"; exit 1; }
echo ok
