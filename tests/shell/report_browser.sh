#!/bin/sh
# The HTML report in a real browser (issue 20): headless Chromium loads the
# demo's report (make demo writes out/report.html) and a report of hostile
# data.  Checked (tests/shell/report_check.py):
# - the page alone: nothing outside it (no script, no event handler, no
#   link out: every image a data: URI), the sections (contents, inputs,
#   one per command, journal) linked from the contents, the title, phone
#   and print rules; every embedded figure decodes (PNG chunks, CRCs and
#   pixel data; SVG as XML);
# - the DOM Chromium built (--dump-dom): the same sections and images, no
#   script;
# - every image decoded in the browser: a copy of the page with a
#   test-only script records each <img>'s natural size on load;
# - it prints to PDF from the browser (the print rules), on pages;
# - screenshots at desktop (1280 px) and phone (390 px) width are rendered
#   pages, not blank ones (tests/tmp/report_browser/*.png: look at them);
# - a report of a table named and filled with <script>, quotes, & and
#   control characters shows them as text, and none becomes markup; its
#   PNG and SVG figures (titles holding <script>) decode.
# Without chromium the test says so and is skipped (exit 77), except in CI
# (CI=true), where make deps installs it and its absence is a failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
T="$TMPDIR/report_browser"
rm -rf "$T"
mkdir -p "$T"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

CHROME=""
for c in chromium chromium-browser google-chrome; do
    command -v "$c" >/dev/null 2>&1 && { CHROME=$c; break; }
done
if [ -z "$CHROME" ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: chromium is not installed, and make deps (tools/deps.sh) should have installed it"
        exit 1
    fi
    echo "SKIP: chromium is not installed (apt-get install chromium, or make deps); the report was not tested in a browser"
    exit 77
fi
chrome() {   # chrome ARGS… URL: headless, offline, a fresh profile each time, bounded in time
    rm -rf "$T/profile"
    timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --user-data-dir="$T/profile" --hide-scrollbars "$@" 2>>"$T/chrome.log"
}

# the demo's report, made as make demo makes it
cd "$top" || exit 1
$RGX -q -o "$T/out" -f examples/demo.rgx >"$T/demo.log" 2>&1 || { echo "FAIL: the demo failed"; tail "$T/demo.log"; exit 1; }
R="$T/out/report.html"
[ -s "$R" ] || { echo "FAIL: the demo wrote no report"; exit 1; }
ncmd=$(grep -c '^<section id="c[0-9]' "$R")
nfig=$(ls "$T/out"/*.png | wc -l)
[ "$ncmd" -ge 25 ] || bad "only $ncmd command sections in the demo's report"
[ "$nfig" = 8 ] || bad "the demo drew $nfig figures, expected 8"
title="rgx demo: radiogenomics of TCGA glioblastoma"
python3 "$top/tests/shell/report_check.py" static "$R" "$ncmd" "$nfig" "$title" || fail=1

# the DOM after loading, and each image decoded in the browser: a copy of
# the page with a test-only script (id rgx-test, ignored by the DOM check)
sed 's|</body>|<script id="rgx-test">window.addEventListener("load",function(){var r="";for(const i of document.images)r+=(i.complete?i.naturalWidth:0)+"x"+(i.complete?i.naturalHeight:0)+";";document.body.setAttribute("data-imgcheck",r)});</script></body>|' \
    "$R" >"$T/imgcheck.html"
chrome --virtual-time-budget=10000 --dump-dom "file://$T/imgcheck.html" >"$T/imgcheck.dom" ||
    bad "chromium could not load the report (see $T/chrome.log)"
python3 "$top/tests/shell/report_check.py" dom "$T/imgcheck.dom" "$ncmd" "$nfig" || fail=1
python3 "$top/tests/shell/report_check.py" imgcheck "$T/imgcheck.dom" "$nfig" || fail=1

# what a reader sees, at desktop and phone width (look at them)
chrome --window-size=1280,2200 --screenshot="$T/desktop.png" "file://$R" >/dev/null || bad "no desktop screenshot"
chrome --window-size=390,1400 --screenshot="$T/phone.png" "file://$R" >/dev/null || bad "no phone screenshot"
for s in desktop phone; do
    f="$T/$s.png"
    [ "$(head -c 4 "$f" 2>/dev/null | od -An -c | tr -d ' \n')" = "211PNG" ] || { bad "the $s screenshot is not a PNG"; continue; }
    # a blank page compresses to a few kB; the report's first screen is text, tables and links
    [ "$(wc -c <"$f")" -gt 60000 ] || bad "the $s screenshot looks blank ($(wc -c <"$f") bytes)"
done

# printed to PDF from the browser (the print rules): pages of text and figures
chrome --no-pdf-header-footer --print-to-pdf="$T/report.pdf" "file://$R" >/dev/null 2>&1 || bad "chromium could not print the report"
[ "$(head -c 4 "$T/report.pdf" 2>/dev/null)" = "%PDF" ] || bad "the printed report is not a PDF"
pages=$(grep -a -o -E '/Type ?/Pages?' "$T/report.pdf" | grep -c 'Page$')
[ "$pages" -ge 10 ] || bad "the printed report has $pages pages"

# hostile data: names and cells that are markup, quotes, & and control characters
printf 'id,"<script>alert(1)</script>",x\n"R&D",1,2\n"it'"'"'s",3,4\np3,5,6\n"""><img src=x onerror=alert(2)>",7,8\n' >"$T/hostile.csv"
cat "$top/tests/hostile/control_chars.csv" >"$T/control.csv"
$RGX -q -o "$T/hout" -e "load table $T/hostile.csv as h; show h; plot scatter x \"<script>alert(1)</script>\" in h to h.png;
plot box x by \"<script>alert(1)</script>\" in h to hb.svg;
load table $T/control.csv as c; show c; echo \"<script>alert(3)</script>\"; report h.html title=\"<b>\\\"Hostile\\\" & 'co'</b>\"" \
    >"$T/hostile.log" 2>&1 || { bad "the hostile session failed"; tail -5 "$T/hostile.log"; }
chrome --dump-dom "file://$T/hout/h.html" >"$T/hdom.html" || bad "chromium could not load the hostile report"
python3 "$top/tests/shell/report_check.py" hostile "$T/hout/h.html" "$T/hdom.html" || fail=1

[ $fail = 0 ] && echo ok
exit $fail
