#!/bin/sh
# Render a part of an rgx report as a PNG with headless Chromium: the page's
# header, then the sections from the first command that starts with TEXT
# (default: the demo's Kaplan-Meier figure by subtype, then the Cox model
# after it).  `make report-figure` uses it to regenerate
# manual/figures/demo_report.png from the demo's out/report.html.
#
#   sh tools/report_figure.sh REPORT.html OUT.png [TEXT] [WIDTH,HEIGHT]
set -eu
report=$1
out=$2
text=${3:-plot km km_subtype}
size=${4:-1000,1500}
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
    echo "report_figure: needs chromium (apt-get install chromium, or make deps)" >&2
    exit 1
}
# the contents list every command: <li><a href="#cN">COMMAND
id=$(grep -o "<li><a href=\"#c[0-9]*\">$text" "$report" | head -1 | sed 's/.*#\(c[0-9]*\)".*/\1/') || true
[ -n "$id" ] || { echo "report_figure: no section of $report starts with: $text" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the header, then that section and the ones after it (a copy; the report is untouched)
sed "s|</style>|nav,main>*{display:none}#$id,#$id~*{display:block}</style>|" "$report" >"$tmp/view.html"
timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --user-data-dir="$tmp/profile" --hide-scrollbars --window-size="$size" --screenshot="$tmp/shot.png" \
    "file://$tmp/view.html" >/dev/null 2>&1
cp "$tmp/shot.png" "$out"
echo "wrote $out (section $id of $report)"
