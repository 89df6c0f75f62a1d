#!/bin/sh
# Tab completion at the prompt, from the command table
# (tests/shell/drive_completion.py through a pseudo-terminal): kinds after
# load and plot, roc compare, set plot=, options as key= with their
# values, bare columns (of `in T`), table.col and table names.
set -u
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (make deps installs it)"; exit 1; }
D=$(cd "$(dirname "$0")/../data" && pwd)
exec python3 "$(dirname "$0")/drive_completion.py" "$RGX" "$D" "$TMPDIR"
