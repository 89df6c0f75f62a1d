#!/bin/sh
# Gene sets at the shell: score's and enrich's numbers do not depend on the
# threads or on the CPU's AVX2 (saved files compared byte for byte), set
# names from a GMT reach gnuplot's script only quoted (nothing runs), and
# Ctrl-C stops score method=gsva and enrich test=gsea
# (tests/shell/drive_genesets.py).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
out="$TMPDIR/genesets"
rm -rf "$out" && mkdir -p "$out"
cd "$top/tests/sessions" || exit 1
for t in 1 2; do
    $RGX -q -o "$out" -e "set threads=$t; load genesets ../data/h.all.v2024.1.Hs.symbols.gmt as h;
        load expression ../data/geneexp_1500x100.tsv as ge; score h in ge method=gsva as a; save a to gsva$t.tsv;
        score h in ge as b; save b to ssgsea$t.tsv; simulate radiomics for=ge as rad features=2 groups=none link=VEGFA seed=2;
        join rad ge as c; corr rad.* with ge.* in c as m;
        enrich m for original_shape_MeshVolume using h test=gsea perm=3000 seed=7 as g; save g to gsea$t.tsv" \
        >"$out/log$t" 2>&1 || { cat "$out/log$t"; fail "threads=$t"; }
done
for f in gsva ssgsea gsea; do
    cmp -s "$out/${f}1.tsv" "$out/${f}2.tsv" || fail "$f differs between threads=1 and threads=2"
done
# the kernel CDF's AVX2 loop and the plain one give the same bits
RGX_NO_AVX2=1 $RGX -q -o "$out" -e "load genesets ../data/h.all.v2024.1.Hs.symbols.gmt as h;
    load expression ../data/geneexp_1500x100.tsv as ge; score h in ge method=gsva as a; save a to gsva_plain.tsv" \
    >"$out/logp" 2>&1 || { cat "$out/logp"; fail "RGX_NO_AVX2=1"; }
cmp -s "$out/gsva1.tsv" "$out/gsva_plain.tsv" || fail "gsva differs with and without AVX2"
# hostile set names: quotes, backquotes, a gnuplot system() call
printf "x' ; system('touch PWNED_GS') ; '\tdesc\tCCK\tRPS4Y2\tLHFPL3\tEIF1AY\tKDM5D\n\`touch PWNED_GS2\`\td\tCCK\tRPS4Y2\tLHFPL3\tEIF1AY\tKDM5D\tXIST\n" >"$out/hostile.gmt"
$RGX -q -o "$out" -e "load genesets $out/hostile.gmt as h; load expression ../data/geneexp_1500x100.tsv as ge;
    enrich CCK,XIST using h in ge min=2 as o; plot dot o to hostile_dot.png; score h in ge min=2 as s" >"$out/hlog" 2>&1 ||
    { cat "$out/hlog"; fail "hostile set names"; }
[ "$(head -c 4 "$out/hostile_dot.png" | od -An -c | tr -d ' \n')" = "211PNG" ] || fail "hostile_dot.png is not a PNG"
grep -q "'x'' ; system(''touch PWNED_GS'') ; '''" "$out/hostile_dot.gp" || fail "the set name is not quoted in the script"
for p in "$out" "$top/tests/sessions" "$top"; do
    ls "$p"/PWNED_GS* >/dev/null 2>&1 && fail "a command ran: $(ls "$p"/PWNED_GS*)"
done
command -v python3 >/dev/null || fail "python3 is needed (make deps installs it)"
mkdir -p "$out/pty"
python3 "$top/tests/shell/drive_genesets.py" "$RGX" "$out/pty" || exit 1
echo ok
