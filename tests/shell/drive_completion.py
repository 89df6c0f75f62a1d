"""Tab completion at a real prompt, through a pseudo-terminal (ptyrgx.py).

Each case types a line, presses Tab (twice where readline lists the
candidates) and checks what readline wrote: the kinds after `load ` and
`plot `, compare or columns after `roc `, set plot= values, an option as
`key=` with no space after it and then its declared values, columns bare
(from `in T` when given) and as table.col, a table name without a space
where columns can follow and with one where a table is named.
"""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

rgx, data, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
home = os.path.join(tmp, "home-completion")
os.makedirs(home, exist_ok=True)
env = dict(os.environ, HOME=home, TERM="dumb")
env.pop("XDG_STATE_HOME", None)
P = Prompt([rgx, "-q"], env)
fails = []


def settle(wait=0.4, until=None, timeout=4.0):
    """Everything rgx wrote until it has been quiet for wait seconds (and,
    with until, until until(text) holds or timeout passes: a busy machine
    may answer a Tab late)."""
    import select
    end = time.time() + timeout
    got = b""
    quiet = time.time() + wait
    while time.time() < end:
        done = until is None or until(got.decode(errors="replace"))
        if done and time.time() >= quiet:
            break
        r, _, _ = select.select([P.fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(P.fd, 65536)
            except OSError:
                break
            got += chunk
            quiet = time.time() + wait
    P.buf = b""
    return got.decode(errors="replace")


def clear():
    """Ctrl-C: rgx clears the half-typed line and shows a fresh prompt."""
    P.send("\x03")
    settle(0.3, until=lambda t: "rgx> " in t)


def case(name, typed, want_end=None, want_all=(), tabs=1, submit=False):
    """Type typed, press Tab tabs times; the output must end with want_end
    (what readline put on the line) and hold every string of want_all (the
    candidates listed after a second Tab)."""
    P.send(typed)
    out = settle(0.2, until=lambda t: t.endswith(typed[-3:]))
    P.send("\t" * tabs)

    def ready(t):
        full = (out + t).replace("\x07", "")
        return (want_end is None or full.endswith(want_end)) and all(w in full for w in want_all)
    out += settle(0.3, until=ready)
    line = out.replace("\x07", "")
    if want_end is not None and not line.endswith(want_end):
        fails.append("%s: typed %r + Tab: expected the line to end with %r, got %r" % (name, typed, want_end, out[-200:]))
    for w in want_all:
        if w not in out:
            fails.append("%s: typed %r + Tab Tab: %r not listed in %r" % (name, typed, w, out[-400:]))
    if submit:
        P.send("\r")
        return settle(0.3, until=lambda t: "rgx> " in t)
    clear()
    return out


P.read_until("rgx> ")
P.send("load table %s/veteran.tsv as vet\r" % data)
P.read_until("rgx> ")
P.send("load table %s/lung.tsv as lung\r" % data)
P.read_until("rgx> ")
settle()

# after `load `: the kinds
case("load kinds", "load ", tabs=2, want_all=("table", "radiomics", "expression", "mutations", "clinical"))
case("load kind", "load cl", want_end="load clinical ")
# after `plot `: the plot kinds
case("plot kinds", "plot ", tabs=2, want_all=("scatter", "heatmap", "volcano", "km", "tracking"))
case("plot kind", "plot tr", want_end="plot tracking ")
# after `roc `: compare, or the columns
case("roc compare", "roc comp", want_end="roc compare ")
case("roc columns", "roc ", tabs=2, want_all=("compare", "karno", "celltype"))
# set plot=: the formats; a unique one completes with a space
case("set plot=", "set plot=", tabs=2, want_all=("png", "svg", "pdf", "dumb", "window"))
out = case("set plot=d", "set plot=d", want_end="plot=dumb ", submit=True)
P.send("set\r")
if "plot=dumb" not in P.read_until("rgx> "):
    fails.append("set plot=dumb (completed) did not set the format")
P.send("set plot=png\r")
P.read_until("rgx> ")
settle()
# an option completes as key= with no space, then its values
case("option name", "km time status con", want_end="conf=")
case("option values", "km time status conf=", tabs=2, want_all=("log", "loglog", "plain"))
case("option value", "km time status conf=logl", want_end="conf=loglog ")
case("alg=", "consensus karno alg=", tabs=2, want_all=("hc", "km", "pam"))
case("adjust=", "corr karno adjust=hoc", want_end="adjust=hochberg ")
# columns bare: from the table of `in T` when given, else every table
case("column in T", "corr in vet p", want_end="corr in vet prior ")
case("columns of every table", "corr p", tabs=2, want_all=("prior", "ph.ecog"))
case("by column", "km time status in vet by tr", want_end="by trt ")
# a table name where columns can follow: no space, so that .col can be typed
case("table.col opens", "km ve", want_end="km vet")
case("table.col", "km vet.ti", want_end="km vet.time ")
# a table named as such: with a space
case("table named", "show ve", want_end="show vet ")
case("help kinds", "help load ", tabs=2, want_all=("table", "clinical"))

P.send("quit\r")
# a clean exit: under SANITIZE=1 a leak (the word before '=' or ',' of
# every such Tab was lost) makes LeakSanitizer's exit status
code = P.wait()
if code != 0:
    fails.append("rgx exited with status %d after the completions" % code)
if fails:
    sys.exit("FAIL: " + "\nFAIL: ".join(fails))
print("ok")
