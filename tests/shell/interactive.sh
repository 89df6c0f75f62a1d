#!/bin/sh
# The prompt: drives rgx through a pseudo-terminal (tests/shell/drive_prompt.py):
# prompt, completion, history file, Ctrl-C at the prompt and during a
# command (a load blocked on a FIFO), and the tables survive.
set -u
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (make deps installs it)"; exit 1; }
D=$(cd "$(dirname "$0")/../data" && pwd)
exec python3 "$(dirname "$0")/drive_prompt.py" "$RGX" "$D" "$TMPDIR"
