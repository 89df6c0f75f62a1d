#!/bin/sh
# save writes whole or not at all: a read-only directory fails clearly and
# leaves the existing file untouched, and no temporary file is left behind.
# What is at the target: a file keeps its mode (a new one gets 0666 less the
# umask); a symbolic link is followed (its target written atomically, the
# link kept); a FIFO, /dev/null, /dev/full and /dev/stdout are written
# through; a directory is refused.  Figures follow the same rules, and a
# failed re-plot leaves the old figure, script and data as they were.
set -u
D=$(cd "$(dirname "$0")/../data" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMPDIR" || exit 1
rm -rf ro && mkdir ro && echo "precious" >ro/t.csv
chmod 555 ro
if [ "$(id -u)" = 0 ]; then
    # root ignores permissions: use a path whose directory does not exist
    target=ro/missing/t.csv
else
    target=ro/t.csv
fi
$RGX -q -e "load table $D/geneexp_1500x100_survival.tsv as s; save s to $TMPDIR/$target" >out 2>err
[ $? = 1 ] || fail "save into an unwritable place must fail"
grep -q "error: save: cannot write" err || fail "message: $(cat err)"
[ "$(cat ro/t.csv)" = "precious" ] || fail "the existing file changed"
[ "$(ls ro | wc -l)" = 1 ] || fail "a temporary file was left: $(ls ro)"
chmod 755 ro
# overwrite replaces the whole file
$RGX -q -e "load table $D/geneexp_1500x100_survival.tsv as s; save s to $TMPDIR/ro/t.csv" >/dev/null || fail "save"
[ "$(wc -l <ro/t.csv)" = 101 ] || fail "the saved file has $(wc -l <ro/t.csv) lines"
[ "$(ls ro | grep -v '^t\.csv\.prov\.json$' | wc -l)" = 1 ] || fail "a temporary file was left: $(ls ro)"

# modes: an existing file keeps its own; a new one follows the umask
L="load table $D/geneexp_1500x100_survival.tsv as s"
rm -rf m && mkdir m && echo old >m/private.csv && chmod 600 m/private.csv
(umask 077; $RGX -q -e "$L; save s to $TMPDIR/m/private.csv; save s to $TMPDIR/m/new077.csv") >/dev/null ||
    fail "save with umask 077"
(umask 022; $RGX -q -e "$L; save s to $TMPDIR/m/new022.csv") >/dev/null || fail "save with umask 022"
chmod 640 m/new022.csv
(umask 022; $RGX -q -e "$L; save s to $TMPDIR/m/new022.csv") >/dev/null || fail "save over a 0640 file"
mode() { stat -c %a "$1"; }
[ "$(mode m/private.csv)" = 600 ] || fail "a 0600 file became $(mode m/private.csv)"
[ "$(wc -l <m/private.csv)" = 101 ] || fail "the 0600 file was not replaced"
[ "$(mode m/new077.csv)" = 600 ] || fail "a new file under umask 077 is $(mode m/new077.csv)"
[ "$(mode m/new022.csv)" = 640 ] || fail "a 0640 file became $(mode m/new022.csv)"

# a symbolic link: its target is written, the link stays (also when dangling,
# and for a figure)
rm -rf sl && mkdir -p sl/real && echo old >sl/real/t.csv && ln -s real/t.csv sl/link.csv && ln -s real/new.csv sl/dangling.csv
chmod 640 sl/real/t.csv
$RGX -q -e "$L; save s to $TMPDIR/sl/link.csv; save s to $TMPDIR/sl/dangling.csv" >/dev/null || fail "save to a symlink"
[ -L sl/link.csv ] && [ -L sl/dangling.csv ] || fail "a symbolic link was replaced by a file"
[ "$(wc -l <sl/real/t.csv)" = 101 ] && [ "$(wc -l <sl/real/new.csv)" = 101 ] || fail "the link's target was not written"
[ "$(mode sl/real/t.csv)" = 640 ] || fail "the link's target changed mode: $(mode sl/real/t.csv)"
[ "$(ls sl sl/real | grep -c tmp)" = 0 ] || fail "a temporary file was left: $(ls sl sl/real)"
cmp -s sl/real/t.csv m/private.csv || fail "the link's target differs from a plain save"

# a FIFO: written through (a reader gets the table; the FIFO stays a FIFO)
rm -f fifo fifo.out && mkfifo fifo
cat fifo >fifo.out &
reader=$!
$RGX -q -e "$L; save s to $TMPDIR/fifo" >/dev/null || { kill $reader; fail "save to a FIFO"; }
[ -p fifo ] || { kill $reader; fail "the FIFO was replaced"; }
wait $reader
cmp -s fifo.out m/private.csv || fail "the FIFO's reader did not get the table"
# character devices: a null device takes it, a full one says why not (as
# root, device nodes of our own: a regression must not replace /dev/null)
if [ "$(id -u)" = 0 ]; then
    rm -f null full && mknod null c 1 3 && mknod full c 1 7
    null=$TMPDIR/null full=$TMPDIR/full
else
    null=/dev/null full=/dev/full
fi
$RGX -q -e "$L; save s to $null" >/dev/null || fail "save to $null"
[ -c "$null" ] || fail "$null was replaced"
$RGX -q -e "$L; save s to $full" >/dev/null 2>err && fail "save to $full must fail"
grep -q "error: save: cannot write $full: No space left on device" err || fail "$full: $(cat err)"
[ -c "$full" ] || fail "$full was replaced"
# /dev/fd/1 and /dev/stdout: the table in order in rgx's own output, even
# when that is a file (opened anew, it would be written from its start)
for so in /dev/fd/1 /proc/self/fd/1 /dev/stdout; do
    $RGX -q -e "$L; echo before; save s to $so; echo after" >so.txt 2>err || fail "save to $so: $(cat err)"
    [ "$(sed -n 2,3p so.txt | tr '\n' ' ')" = "before patient,OS_days,OS_event " ] &&
        [ "$(sed -n 104,105p so.txt | tr '\n' ' ')" = "saved s (100 rows × 3 columns) to $so after " ] ||
        fail "save to $so: $(head -3 so.txt)"
done
# a directory is refused with that reason (not "Device or resource busy")
$RGX -q -e "$L; save s to $TMPDIR/m" >/dev/null 2>err && fail "save to a directory must fail"
grep -q "error: save: cannot write $TMPDIR/m: it is a directory; name a file in it" err || fail "directory: $(cat err)"

# a symbolic link someone else planted in a sticky shared directory (as in
# /tmp) is not followed: fs.protected_symlinks would stop a shell's > too
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    rm -rf shared && mkdir shared && chmod 1777 shared && echo mine >victim.csv
    ln -s "$TMPDIR/victim.csv" shared/out.csv && chown -h nobody shared/out.csv
    $RGX -q -e "$L; save s to $TMPDIR/shared/out.csv" >/dev/null 2>err && fail "a planted link was followed"
    grep -q "cannot write $TMPDIR/shared/out.csv: it is a symbolic link owned by someone else in a shared sticky directory" err ||
        fail "planted link: $(cat err)"
    [ "$(cat victim.csv)" = mine ] || fail "the planted link's target was written"
fi

# figures: a failed re-plot leaves the old figure, script and data; a
# symbolic link at the figure's path has its target written
if command -v gnuplot >/dev/null; then
    rm -rf fig && mkdir -p fig/real
    P="$L; set outdir=$TMPDIR/fig"
    $RGX -q -e "$P; plot hist OS_days in s to h.png" >/dev/null || fail "plot"
    cp fig/h.png fig/h.png.orig && cp fig/h.gp fig/h.gp.orig && cp fig/h.dat fig/h.dat.orig
    RGX_GNUPLOT=false $RGX -q -e "$P; plot hist OS_event in s to h.png" >/dev/null 2>err && fail "a failing gnuplot must fail"
    cmp -s fig/h.png fig/h.png.orig && cmp -s fig/h.gp fig/h.gp.orig && cmp -s fig/h.dat fig/h.dat.orig ||
        fail "a failed re-plot changed the old figure: $(ls -l fig)"
    ln -s real/target.png fig/lnk.png && chmod 640 fig/h.png
    $RGX -q -e "$P; plot hist OS_days in s to lnk.png; plot hist OS_days in s to h.png" >/dev/null || fail "plot to a symlink"
    [ -L fig/lnk.png ] && [ "$(head -c 4 fig/real/target.png | od -An -c | tr -d ' \n')" = "211PNG" ] ||
        fail "the figure's link was not followed"
    [ "$(mode fig/h.png)" = 640 ] || fail "a figure's mode changed: $(mode fig/h.png)"
    # a directory where the script would go: refused before anything is written
    mkdir fig/d.gp
    $RGX -q -e "$P; plot hist OS_days in s to d.png" >/dev/null 2>err && fail "a directory at d.gp must fail the plot"
    grep -q "error: plot: cannot write $TMPDIR/fig/d.gp: it is a directory; name a file in it" err || fail "d.gp: $(cat err)"
    [ ! -e fig/d.png ] && [ ! -e fig/d.dat ] || fail "a refused plot wrote files: $(ls fig)"
    [ "$(ls fig fig/real | grep -c tmp)" = 0 ] || fail "a temporary file was left: $(ls fig)"
    [ "$(ls "$TMPDIR" | grep -c rgx-plot-)" = 0 ] || fail "a staging directory was left: $(ls "$TMPDIR" | grep rgx-plot-)"
fi
echo ok
