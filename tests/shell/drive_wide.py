"""Wide tables at a terminal of a fixed width, through a pseudo-terminal
whose window size is set: a real PyRadiomics table (names up to 58
characters, text cells of 130) is printed in blocks no wider than the
terminal, the key column repeated at the left of each block; a name is
shortened only when it does not fit, to its start, "…" and its end, and
every shortened name stands for exactly one real name; numbers are whole; a
note says text was shortened.  After a resize the new width is used; a
script run from the prompt prints everything whole."""
import os, re, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

rgx, data, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
wide = os.path.join(data, "qin_prostate_t2_wide.csv")
with open(wide) as f:
    header = f.readline().rstrip("\r\n").split(";")
    rows = [line.rstrip("\r\n").split(";") for line in f]
features = header[4:]   # numeric: original_shape_Volume and the long ones
texts = [h for h in header[1:4]]   # segmentedStructure, two general_info_ columns

env = dict(os.environ, HOME=tmp, TERM="dumb")
env.pop("COLUMNS", None)
P = Prompt([rgx, "-q"], env, cols=80)
ansi = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(cmd):
    """The lines cmd printed (without the echoed command and the prompt)."""
    P.send(cmd + "\r")
    out = P.read_until("rgx> ", timeout=20)
    lines = ansi.sub("", out).replace("\r\n", "\n").split("\n")
    return lines[1:-1]


def resize(cols):
    """A new window size; readline redraws its prompt on SIGWINCH, so wait
    for a command's output after it before going on."""
    P.resize(cols)
    time.sleep(0.2)
    P.send('echo "resized" "%d"\r' % cols)
    P.read_until("resized %d\r\n" % cols, timeout=20)
    P.read_until("rgx> ", timeout=20)


def fail(msg, lines=None):
    if lines:
        msg += "\n" + "\n".join(lines)
    sys.exit("FAIL: " + msg)


def abbrev_of(a, s):
    """a is s, or a start of s, "…" and an end of s."""
    if a == s:
        return True
    for m in re.finditer("…", a):
        h, t = a[:m.start()], a[m.end():]
        if len(h) + len(t) < len(s) and s.startswith(h) and s.endswith(t):
            return True
    return False


def blocks(lines, key):
    """The blocks of a fitted table: lists of lines, each led by a header
    line starting with key; the note line apart."""
    bl, note = [], None
    for l in lines:
        if l.startswith("(… marks"):
            note = l
        elif l.startswith("… "):   # show's "… 8 more rows"
            continue
        elif l.startswith(key + " "):
            bl.append([l])
        elif l and bl:
            bl[-1].append(l)
    return bl, note


def check_fitted(lines, width, key, names, label):
    """Every line fits, every block is led by key, each shown name stands
    for exactly one of names.  Returns the shown names and the note."""
    for l in lines:
        if len(l) > width:
            fail("%s: a line of %d characters at a %d-column terminal: %r" % (label, len(l), width, l), lines)
    bl, note = blocks(lines, key)
    if not bl:
        fail("%s: no block led by %r" % (label, key), lines)
    return bl, note


P.read_until("rgx> ")
out = run("load table %s as q" % wide)
if not any("loaded" in l for l in out):
    fail("load", out)

# describe at 80 columns: the feature names are the key column
desc = run("describe q")
bl, note = check_fitted(desc, 80, "column", features, "describe at 80")
numeric = [b for b in bl if len(b) == len(features) + 1]
if len(numeric) < 2:
    fail("describe at 80: the numeric summary should take two blocks or more, got %d" % len(numeric), desc)
shown = [l.split()[0] for l in numeric[0][1:]]
for b in numeric:   # the key repeated, the same in every block
    if [l.split()[0] for l in b[1:]] != shown:
        fail("describe at 80: the key column differs between blocks", desc)
stats = " ".join(" ".join(b[0].split()[1:]) for b in numeric)
if stats != "n missing mean sd min q1 median q3 max":
    fail("describe at 80: the blocks' columns are %r" % stats, desc)
if len(set(shown)) != len(shown):
    fail("describe at 80: two names shown alike: %r" % shown, desc)
short = [s for s in shown if "…" in s]
if len(short) < 10:
    fail("describe at 80: only %d names shortened (names up to 58 characters)" % len(short), desc)
for s, f in zip(shown, features):
    hits = [g for g in features if abbrev_of(s, g)]
    if hits != [f]:
        fail("describe at 80: %r stands for %r, expected %r" % (s, hits, f), desc)
    if "…" not in s and len(f) > 39:
        fail("describe at 80: %r should not fit whole" % f, desc)
    if "…" in s and len(f) <= 39:
        fail("describe at 80: %r fits, but was shortened to %r" % (f, s), desc)
if not note or "80 columns" not in note:
    fail("describe at 80: no note on the shortened names", desc)
# the numbers whole: the mean of RobustMeanAbsoluteDeviation as a script prints it
rmad = shown[features.index("log-sigma-2-0-mm-3D_firstorder_RobustMeanAbsoluteDeviation")]
row = [l for l in numeric[0] if l.split()[0] == rmad]
if len(row) != 1 or row[0].split()[1:] != ["12", "0", "18.626", "7.43501"]:
    fail("describe at 80: the mean of log-sigma-2-0-mm-3D_firstorder_RobustMeanAbsoluteDeviation", desc)
print("describe at 80: %d blocks, %d of %d names shortened, all distinct" % (len(numeric), len(short), len(shown)))

# show: text cells of 130 characters shortened, the key (study) in every block
sh = run("show q rows=4")
bl, note = check_fitted(sh, 80, "study", header, "show at 80")
if len(bl) < 3:
    fail("show at 80: %d blocks" % len(bl), sh)
types = rows[0][2]
cells = [w for b in bl for l in b[1:] for w in re.split(r"  +", l) if "…" in w and w.startswith("{'Original'")]
if not cells or not all(abbrev_of(c, types) for c in cells) or any(len(c) > 78 for c in cells):
    fail("show at 80: the EnabledImageTypes cells: %r" % cells, sh)
for b in bl:
    if [l.split()[0] for l in b[1:]] != [r[0] for r in rows[:4]]:
        fail("show at 80: the key column is not the studies", sh)
if not note:
    fail("show at 80: no note", sh)
print("show at 80: %d blocks, text cells shortened" % len(bl))

# a wider terminal: the new width is used; the names now fit whole
resize(132)
desc = run("describe q")
bl, note = check_fitted(desc, 132, "column", features, "describe at 132")
shown = [l.split()[0] for l in bl[0][1:len(features) + 1]]
if shown != features or note:
    fail("describe at 132: the names should be whole: %r" % shown, desc)
if max(len(l) for l in desc) <= 80:
    fail("describe at 132: the wider terminal was not used", desc)
print("describe at 132: %d blocks, every name whole" % len(bl))

# a script run from the prompt prints everything whole, one block
resize(80)
script = os.path.join(tmp, "wide.rgx")
with open(script, "w") as f:
    f.write("describe q\n")
desc = run("run %s" % script)
if any("…" in l for l in desc) or not any(l.startswith("log-sigma-2-0-mm-3D_firstorder_RobustMeanAbsoluteDeviation ") for l in desc):
    fail("run FILE at the prompt: the names should be whole", desc)
if len([l for l in desc if l.startswith("column ")]) != 2:
    fail("run FILE at the prompt: one block per summary", desc)
print("run FILE: names whole")

P.send("quit\r")
status = P.wait()
if status != 0:
    fail("exit status %d" % status)
print("ok")
