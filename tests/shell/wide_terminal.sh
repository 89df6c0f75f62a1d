#!/bin/sh
# Tables at a terminal (tests/shell/drive_wide.py, through a pseudo-
# terminal of 80 and then 132 columns): a wide PyRadiomics table is printed
# in blocks that fit, the key column repeated, names shortened only when
# they do not fit and never two alike; a script prints them whole.
set -u
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (make deps installs it)"; exit 1; }
D=$(cd "$(dirname "$0")/../data" && pwd)
mkdir -p "$TMPDIR/wide_terminal"
exec python3 "$(dirname "$0")/drive_wide.py" "$RGX" "$D" "$TMPDIR/wide_terminal"
