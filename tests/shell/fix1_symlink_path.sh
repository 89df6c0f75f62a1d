#!/bin/sh
# fs.protected_symlinks applied to EVERY link on a save's path, not only
# its last component (review A5): a link someone else planted as a
# directory of the path in a shared sticky directory (/tmp/x/sub ->
# elsewhere) is refused, whatever the kernel's own setting; the links of
# one's own on the way are followed as the kernel follows them (".." after
# a link goes up from where it led; relative links; a loop is named).
set -u
D=$(cd "$(dirname "$0")/../data" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMPDIR" || exit 1
L="load table $D/review/pat.csv as t"
rm -rf a5 && mkdir -p a5/victimdir a5/mine/real a5/mine/other && cd a5 || exit 1

# links of one's own: followed, component by component
ln -s real mine/lnk && ln -s ../other mine/real/up && ln -s "$TMPDIR/a5/mine/real" mine/abs
$RGX -q -e "$L; save t to $TMPDIR/a5/mine/lnk/a.csv; save t to mine/abs/b.csv; save t to mine/lnk/up/c.csv; save t to mine/lnk/../real/d.csv" >out 2>err ||
    fail "links of one's own: $(cat err)"
[ -f mine/real/a.csv ] && [ -f mine/real/b.csv ] && [ -f mine/other/c.csv ] && [ -f mine/real/d.csv ] ||
    fail "files not where the links lead: $(find mine -type f)"
[ -z "$(find mine -name '*.tmp.*')" ] || fail "a temporary file was left"
# "mine/lnk/../x" is x beside real (the kernel's meaning), not mine/x
$RGX -q -e "$L; save t to mine/lnk/../e.csv" >/dev/null 2>err || fail "dotdot: $(cat err)"
[ -f mine/e.csv ] || fail "mine/lnk/../e.csv is not mine/e.csv"
# a loop is named
ln -s loop2 mine/loop1 && ln -s loop1 mine/loop2
$RGX -q -e "$L; save t to mine/loop1/f.csv" >/dev/null 2>err && fail "a link loop was written through"
grep -q "cannot write mine/loop1/f.csv: Too many levels of symbolic links" err || fail "loop: $(cat err)"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    mkdir sticky && chmod 1777 sticky
    ln -s "$TMPDIR/a5/victimdir" sticky/sub && chown -h nobody sticky/sub
    $RGX -q -e "$L; save t to $TMPDIR/a5/sticky/sub/x.csv" >/dev/null 2>err && fail "a planted directory link was followed"
    grep -q "cannot write $TMPDIR/a5/sticky/sub/x.csv: $TMPDIR/a5/sticky/sub, on its path, is a symbolic link owned by someone else in a shared sticky directory" err ||
        fail "planted directory link: $(cat err)"
    [ -z "$(ls victimdir)" ] || fail "the planted link's directory was written: $(ls victimdir)"
    # reached through a link of one's own, or with .. after it: still refused
    ln -s sticky mine/tosticky
    $RGX -q -e "$L; save t to mine/tosticky/sub/y.csv" >/dev/null 2>err && fail "planted link behind one's own followed"
    $RGX -q -e "$L; save t to sticky/sub/../z.csv" >/dev/null 2>err && fail "planted link then .. followed"
    [ -z "$(ls victimdir)" ] || fail "written through the planted link: $(ls victimdir)"
    # a FIFO behind a planted link is not opened either
    mkfifo victimdir/fifo
    $RGX -q -e "$L; save t to sticky/sub/fifo" >/dev/null 2>err && fail "a FIFO behind a planted link was written"
    grep -q "on its path, is a symbolic link owned by someone else" err || fail "fifo: $(cat err)"
    # a figure's path is checked the same way
    if command -v gnuplot >/dev/null; then
        $RGX -q -e "$L; plot hist z in t to $TMPDIR/a5/sticky/sub/h.png" >/dev/null 2>err && fail "plot through a planted link"
        grep -q "on its path, is a symbolic link owned by someone else" err || fail "plot: $(cat err)"
        [ "$(ls victimdir)" = fifo ] || fail "plot wrote through the planted link: $(ls victimdir)"
    fi
    # the sticky directory's owner's links, and one's own, are trusted
    ln -s "$TMPDIR/a5/mine/real" sticky/own
    $RGX -q -e "$L; save t to sticky/own/g.csv" >/dev/null 2>err || fail "one's own link in a sticky directory: $(cat err)"
    [ -f mine/real/g.csv ] || fail "one's own link not followed"
fi
exit 0
