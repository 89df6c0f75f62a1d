"""Ctrl-C during long analyses, through a pseudo-terminal: a consensus
clustering (resampling workers), a ROC bootstrap (bootstrap workers), a
Kendall correlation map (pairwise workers) and a 40-million-pair Spearman
map (ranking and the blocked matrix product); then a save of a wide
table, which must leave no file and no temporary file behind.  Each must stop with
"interrupted", give the prompt back within a second, store no result, and
leave the tables loaded before intact and usable."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

rgx, tmp = sys.argv[1], sys.argv[2]
env = dict(os.environ, HOME=tmp, TERM="dumb")
P = Prompt([rgx, "-q", "-o", tmp], env)


def read_until(pattern, timeout=30.0):
    return P.read_until(pattern, timeout)


send = P.send


def interrupt(cmd, result, label):
    send(cmd + "\r")
    time.sleep(1.0)          # well into the computation (each takes far longer)
    t0 = time.time()
    send("\x03")
    read_until("interrupted", timeout=2.0)
    read_until("rgx> ", timeout=1.0)
    dt = time.time() - t0
    if dt > 1.0:
        sys.exit("FAIL: %s: the prompt took %.2f s to return" % (label, dt))
    send("tables\r")
    out = read_until("rgx> ")
    if "sim" not in out or result in out:
        sys.exit("FAIL: %s: tables after the interrupt: %r" % (label, out))
    send("describe sim rad.original_shape_MeshVolume\r")
    out = read_until("rgx> ")
    if "original_shape_MeshVolume  300" not in out:
        sys.exit("FAIL: %s: the cohort is not intact: %r" % (label, out))
    print("%s: interrupted, prompt back in %.2f s, tables intact" % (label, dt))


read_until("rgx> ")
send("set threads=2\r")
read_until("rgx> ")
send("simulate cohort as sim n=300 features=400 genes=20 seed=4\r")
read_until("rgx> ")
interrupt("consensus rad.* in sim k=2..6 reps=65000 as cc", "cc.classes", "consensus")
interrupt("roc mut.EGFR rad.original_firstorder_Entropy in sim ci=bootstrap boot=10000000 as rb", "rb.curve",
          "roc bootstrap")
interrupt("corr rad.* in sim method=kendall as kmap", "kmap", "corr (Kendall, pairwise)")
# a 2,000 x 20,000 Spearman map on 1,000 patients: ranks, then the blocked
# matrix product (several seconds of work, so the interrupt at 1 s lands
# inside it even on an idle machine)
send("simulate cohort as big n=1000 features=2000 genes=20000 seed=5\r")
read_until("rgx> ", timeout=60)
interrupt("corr rad.* with expr.* in big as bigmap", "bigmap", "corr (Spearman, 40,000,000 pairs)")
# an interrupted save leaves neither the file nor a temporary file
send("save big to big.csv\r")
time.sleep(0.5)
t0 = time.time()
send("\x03")
read_until("interrupted", timeout=2.0)
read_until("rgx> ", timeout=1.0)
left = [f for f in os.listdir(tmp) if f.startswith("big.csv")]
if left:
    sys.exit("FAIL: save: files left after the interrupt: %r" % left)
print("save: interrupted, prompt back in %.2f s, no file left" % (time.time() - t0))
send("quit\r")
status = P.wait()
if status != 0:
    sys.exit("FAIL: exit status %d" % status)
print("ok")
