#!/bin/sh
# House rules that a compiler does not check.
# - No mutable static state beyond the few listed here with their reason
#   (stats/ is pure numerics: DESIGN); in particular no qsort comparator fed
#   through a file-scope variable — qsort_r takes its context (show sort=,
#   corr's pair order and the MAF gene order used such globals).
# - No function in repl/ is longer than 80 lines, counted from the line
#   its definition starts on to its closing brace (issue 15: a handler
#   reads as a recipe — parse, borrow columns, call stats/, store, print —
#   and the rest goes to small functions, or a floor lower).  No exemptions.
# - The session's digits setting is changed only by `set digits=`: a
#   command with its own precision passes it to print_table_digits instead
#   of changing s->digits for the time of a call.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
"$RGX" --version | grep -q '^rgx [0-9]' || { echo "FAIL: RGX=$RGX is not rgx"; exit 1; }
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (make deps installs it)"; exit 1; }
python3 - stats/*.c io/*.c repl/*.c plots/*.c <<'EOF' || exit 1
import re, sys
# file:name -> why it may stay
allowed = {
    "stats/corr.c:sp_count": "exact-p tables, built once under pthread_once, then read-only",
    "stats/corr.c:ken_cdf": "same",
    "stats/corr.c:exact_once": "same",
    "stats/corr.c:sp_ok": "same",
    "stats/corr.c:ken_ok": "same",
    "stats/corr.c:dp": "the builder's scratch, under pthread_once",
    "stats/stats.c:init_once": "stats_init's pthread_once",
    "stats/gsva.c:PHI": "GSVA's table of the normal CDF, built once under pthread_once, then read-only",
    "stats/gsva.c:phi_once": "same",
    "stats/gsva.c:pairs_fn": "the kernel loop for this CPU (AVX2 or not), chosen once under pthread_once",
    "stats/gsva.c:pairs_once": "same",
    "stats/hclust.c:lw_row": "the Lance-Williams row loop for this CPU (AVX2 or not), chosen once under pthread_once",
    "stats/hclust.c:lw_once": "same",
    "io/atomic.c:live": "the files a signal handler must remove",
    "io/atomic.c:live_dir": "same",
    "io/atomic.c:live_child": "same",
    "repl/interactive.c:cancel_flag": "set by the SIGINT handler",
    "repl/interactive.c:at_prompt": "read by readline's signal hook",
    "repl/interactive.c:completion_session": "readline's completion callbacks take no context",
    "repl/interactive.c:cands": "same",
    "repl/interactive.c:cand_next": "same",
    "repl/interactive.c:cand_seen": "same",
    "repl/interactive.c:nospace": "same",
    "repl/session.c:no_cancel": "the cancel flag of a session without a handler",
    "io/atomic.c:hooks": "the provenance hooks: every writer (save, plots, corr save=) goes through io/atomic without a session",
    "io/table.c:serials": "the next table serial number (an atomic counter)",
    "repl/session.c:blas": "OpenBLAS's threads and buffers under a memory limit: the process's, set before main",
    "stats/corr.c:use_blas": "can the linked BLAS get its working memory: the process's, set once at start-up",
    "io/sha256.c:use_ni": "the block function for this CPU (the SHA extensions or not), chosen once; the tests switch it",
    "io/csvread.c:bulk_on": "bulk mode on or off for the process: the tests compare the two",
    "io/rawin.c:use_isal": "gzip through ISA-L or zlib for the process: the tests compare the two",
}
bad = []
for path in sys.argv[1:]:
    src = open(path).read()
    src = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), src, flags=re.S)
    for no, line in enumerate(src.split("\n"), 1):
        if not re.match(r"\s*static\s", line):
            continue
        head = re.split(r"[=;]", line, 1)[0] if "{" not in line.split("=")[0] else line.split("=")[0]
        head = re.sub(r"\{[^{}]*\}", "", head)
        if "(" in head or "{" in head:
            continue   # a function (or its prototype)
        head = re.sub(r"\[[^\]]*\]", "", head).strip()
        names = re.findall(r"(\w+)\s*$", head)
        if not names:
            continue
        if "*" in head:
            const = re.search(r"\*\s*const\s+\w+$", head) is not None
        else:
            const = re.search(r"\bconst\b", head) is not None
        if not const:
            key = "%s:%s" % (path, names[0])
            if key not in allowed:
                bad.append("%s:%d: %s" % (path, no, line.strip()))
if bad:
    print("FAIL: mutable static state (pass a context instead: qsort_r, a struct argument):")
    print("\n".join(bad))
    sys.exit(1)
EOF
python3 - repl/*.c <<'EOF' || exit 1
import re, sys
LIMIT = 80
def blank(m):
    return re.sub(r"[^\n]", " ", m.group(0))
bad = []
for path in sys.argv[1:]:
    src = open(path).read()
    # comments, strings, character constants and preprocessor lines blanked (newlines kept)
    src = re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', blank, src, flags=re.S)
    src = re.sub(r"(?m)^[ \t]*#.*(?:\\\n.*)*$", blank, src)
    depth, line, head, head_line, start, name = 0, 1, "", None, None, ""
    for ch in src:
        if ch == "\n":
            line += 1
        if depth == 0:
            if ch == "{":
                # a function body: the text since the last ';' or '}' ends in ')' and is no initialiser
                if re.search(r"\)\s*$", head) and "=" not in head.split("(")[0]:
                    start, name = head_line, re.findall(r"(\w+)\s*\(", head)[0]
                depth = 1
            elif ch in ";}":
                head, head_line = "", None
            else:
                if not ch.isspace() and head_line is None:
                    head_line = line
                head += ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                if start is not None and line - start + 1 > LIMIT:
                    bad.append("%s:%d: %s is %d lines" % (path, start, name, line - start + 1))
                start, head, head_line = None, "", None
if bad:
    print("FAIL: functions in repl/ longer than %d lines, from the line the definition starts on to its closing brace "
          "(split them into a recipe of small functions; statistics go to stats/):" % LIMIT)
    print("\n".join(bad))
    sys.exit(1)
EOF
hits=$(grep -n -E '(->|\.)digits[[:space:]]*=[^=]' repl/*.c plots/*.c | grep -v -E '^repl/(cmd_session|session)\.c:')
[ -z "$hits" ] || { echo "FAIL: the session's digits changed to pass an argument (use print_table_digits): $hits"; exit 1; }
echo ok
