#!/bin/sh
# Ctrl-C stops validate (its parallel folds) within a second's work, stores
# no validation and leaves the model usable (drive_validate_interrupt.py).
set -u
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (make deps installs it)"; exit 1; }
mkdir -p "$TMPDIR/validate_interrupt"
exec python3 "$(dirname "$0")/drive_validate_interrupt.py" "$RGX" "$TMPDIR/validate_interrupt"
