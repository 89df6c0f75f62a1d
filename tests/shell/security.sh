#!/bin/sh
# No shell ever sees text from a file or a command: the sources call no
# system() or popen(), gnuplot is started with fork + execvp (the script on
# its standard input, see plots.sh for the injection test), and temporary
# files come from mkstemp (gnuplot's stderr in $TMPDIR; saved files beside
# their target so that the final rename is atomic) or mkdtemp (gnuplot's
# private directory), and a file is created only with O_EXCL (never
# through a name someone else could have put a link at).  The binary
# ($RGX) is checked too: what it imports from the C library.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
hits=$(grep -n -E '\b(system|popen|execl|execlp|execle|tmpnam|tempnam|mktemp)[[:space:]]*\(' \
       io/*.c stats/*.c plots/*.c repl/*.c)
[ -z "$hits" ] || { echo "FAIL: a shell or an unsafe temporary file: $hits"; exit 1; }
[ "$(grep -c 'execvp(' plots/plot.c)" = 1 ] || { echo "FAIL: gnuplot is not started with execvp"; exit 1; }
[ "$(grep -l 'mkstemp(' io/*.c plots/*.c | tr '\n' ' ')" = "io/atomic.c plots/plot.c " ] ||
    { echo "FAIL: temporary files outside io/atomic.c and plots/plot.c"; exit 1; }
[ "$(grep -l 'mkdtemp(' io/*.c plots/*.c repl/*.c stats/*.c | tr '\n' ' ')" = "plots/plot.c " ] ||
    { echo "FAIL: a temporary directory outside plots/plot.c"; exit 1; }
# the binary itself: it imports fork, execvp, mkstemp and mkdtemp, and no
# system, popen or unsafe temporary-name function
if command -v nm >/dev/null; then
    imports=$(nm -D --undefined-only "$RGX" 2>/dev/null | sed 's/.* U //; s/@.*//')
    for f in fork execvp mkstemp mkdtemp; do
        echo "$imports" | grep -qx "$f" || { echo "FAIL: $RGX does not import $f"; exit 1; }
    done
    bad=$(echo "$imports" | grep -x -E 'system|popen|execl|execlp|execle|tmpnam|tempnam|mktemp')
    [ -z "$bad" ] || { echo "FAIL: $RGX imports $bad"; exit 1; }
else
    "$RGX" --version | grep -q '^rgx [0-9]' || { echo "FAIL: RGX=$RGX is not rgx"; exit 1; }
fi
hits=$(grep -n 'O_CREAT' io/*.c stats/*.c plots/*.c repl/*.c | grep -v 'O_EXCL')
[ -z "$hits" ] || { echo "FAIL: a file created without O_EXCL: $hits"; exit 1; }
hits=$(grep -n -E '\bfopen\([^)]*"[wa]' io/*.c stats/*.c plots/*.c repl/*.c)
[ -z "$hits" ] || { echo "FAIL: a file written outside io/atomic.c: $hits"; exit 1; }
echo ok
