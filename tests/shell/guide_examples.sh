#!/bin/sh
# The manual cannot drift from the program: every example session in
# manual/guide.md (a block after <!-- example -->) is run and must print
# exactly what the guide shows (tools/guide_examples.py).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
python3 tools/guide_examples.py "$RGX"
