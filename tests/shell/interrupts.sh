#!/bin/sh
# Ctrl-C during a consensus clustering, a ROC bootstrap and a large
# correlation map (tests/shell/drive_interrupts.py, through a pseudo-
# terminal): "interrupted", the prompt back within a second's work (bounded
# by rgx's CPU time and by a baseline of the same run, not by the wall
# clock: see the driver), no result stored, the tables loaded before intact.
set -u
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (make deps installs it)"; exit 1; }
mkdir -p "$TMPDIR/interrupts"
exec python3 "$(dirname "$0")/drive_interrupts.py" "$RGX" "$TMPDIR/interrupts"
