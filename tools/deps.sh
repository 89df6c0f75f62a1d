#!/bin/sh
# Install the Debian packages rgx needs to build and test, when missing.
# Uses sudo when not root; prints the apt-get line when it cannot install.
# chromium: tests/shell/report_browser.sh renders the HTML report in a real browser
# libisal-dev: ISA-L's inflater for gzip input (io/rawin.c; zlib's without it)
PKGS="gcc make pkg-config python3 libgsl-dev libreadline-dev zlib1g-dev libisal-dev libopenblas-dev gnuplot-nox valgrind chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "deps: cannot install as a normal user without sudo; run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q$missing >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q$missing || {
        echo "deps: apt-get failed; install by hand:" >&2
        echo "  apt-get install -y$missing" >&2
        exit 1
    }
fi
