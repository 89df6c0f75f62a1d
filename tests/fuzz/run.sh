#!/bin/sh
# make fuzz: run each libFuzzer target SECONDS on its corpus, two at a time
# (the machine's cores), and summarise executions, coverage and crashes.
#   tests/fuzz/run.sh SECONDS NAME…
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mkdir -p fuzz/logs fuzz/crashes
seed() {   # name: the seed corpus from tests/data and tests/malformed
    d=fuzz/corpus/$1
    [ -d "$d" ] && return
    mkdir -p "$d"
    case $1 in
    table|radiomics|expression|maf|clinical)
        for f in tests/data/* tests/malformed/*; do
            [ -f "$f" ] || continue
            # large files are cut to their first 8 KB (a header and some
            # rows); gzip files are kept whole when under the 64 KB limit
            case $f in
            *.gz) [ "$(wc -c <"$f")" -lt 65536 ] && cp "$f" "$d/" ;;
            *) head -c 8192 "$f" >"$d/$(basename "$f")" ;;
            esac
        done ;;
    gmt)
        for f in tests/data/*.gmt tests/malformed/gmt_* tests/hostile/gmt_*; do
            [ -f "$f" ] && head -c 8192 "$f" >"$d/$(basename "$f")"
        done
        [ -f tests/data/ReactomePathways_2024-09-18.gmt.gz ] && zcat tests/data/ReactomePathways_2024-09-18.gmt.gz | head -c 8192 >"$d/reactome.gmt" ;;
    barcode)
        for b in TCGA-02-0003 TCGA-02-0003-01A TCGA-02-0003-01A-01D-1490-08 tcga.02.0003.01 02-0003-01A \
                 TCGA_02_0003_01A.1 P000001 TCGA-02-0003-11A; do printf '%s' "$b" >"$d/$b"; done ;;
    lexer)
        i=0
        for f in tests/sessions/*.rgx examples/workshop/*.rgx; do
            while IFS= read -r line; do i=$((i + 1)); printf '%s' "$line" >"$d/l$i"; done <"$f"
        done ;;
    evaluator)
        i=0
        for e in 'age > 50 and OS.time < 365' 'is_na(age) or not (age == 1)' 'log2(OS.time + 1) * -2 ^ 3' \
                 '`odd name` == "EGFR"' 'round(age / 3) != floor(ceil(age))' 'sqrt(abs(OS.time)) >= 2 && age <> 0' \
                 'NA + 1' 'TRUE or FALSE' 'exp(log10(log(age)))'; do
            i=$((i + 1)); printf '%s' "$e" >"$d/e$i"
        done ;;
    esac
}
run_one() {   # name
    n=$1
    seed "$n"
    mkdir -p "fuzz/crashes/$n"
    "fuzz/fuzz_$n" "fuzz/corpus/$n" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="fuzz/crashes/$n/" -print_final_stats=1 >"fuzz/logs/$n.log" 2>&1
    echo "$n: exit $?"
}
set -- "$@"
while [ $# -gt 0 ]; do
    run_one "$1" &
    if [ $# -gt 1 ]; then run_one "$2" & shift; fi
    shift
    wait
done
echo
printf '%-12s %12s %10s %10s %8s\n' target executions "exec/s" coverage crashes
for f in fuzz/logs/*.log; do
    n=$(basename "$f" .log)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$f" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$f" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$f" | tail -1 | cut -d' ' -f2)
    crashes=$(ls "fuzz/crashes/$n" 2>/dev/null | wc -l)
    printf '%-12s %12s %10s %10s %8s\n' "$n" "${execs:-?}" "${speed:-?}" "${cov:-?}" "$crashes"
done
