#!/bin/sh
# save writes whole or not at all: a read-only directory fails clearly and
# leaves the existing file untouched, and no temporary file is left behind.
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
[ "$(ls ro | wc -l)" = 1 ] || fail "a temporary file was left"
echo ok
