"""Ctrl-C during long analyses, through a pseudo-terminal: a consensus
clustering (resampling workers), a ROC bootstrap (bootstrap workers), a
Kendall correlation map (pairwise workers) and a 40-million-pair Spearman
map (ranking and the blocked matrix product); then a save of a wide
table, which must leave no file and no temporary file behind.  Each must
stop with "interrupted", store no result, and leave the tables loaded
before intact and usable.

Bounded by work, not by the wall clock, so that a busy machine (other
builds on two cores) does not fail it:
- Ctrl-C is sent once the command has visibly started: rgx has used
  START_CPU seconds of CPU since the command was typed (read from
  /proc/PID/stat), or for the save, its temporary file exists;
- the prompt must come back after at most the work of STOP_WALL seconds
  at full speed (STOP_WALL x the command's threads in CPU seconds of rgx,
  all threads counted: the work done after Ctrl-C, whatever the load), and
  within STOP_WALL seconds of wall clock scaled by how much CPU rgx was
  getting in the same run just before (its CPU seconds per wall second
  while the command ran, a baseline measured under the same load: 2 on an
  idle two-core machine with threads=2, less when other work competes).
The guide's promise is the prompt back within a second on an idle machine;
the coarsest step is one block of the Spearman map's matrix product."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

START_CPU = 0.5     # CPU seconds of the command before Ctrl-C
STOP_WALL = 1.0     # seconds allowed after Ctrl-C at full speed
HANG = 60.0         # nothing may take longer than this, however busy

rgx, tmp = sys.argv[1], sys.argv[2]
env = dict(os.environ, HOME=tmp, TERM="dumb")
P = Prompt([rgx, "-q", "-o", tmp], env)
tick = os.sysconf("SC_CLK_TCK")


def cpu():
    """rgx's CPU time so far (user + system, all threads), in seconds."""
    with open("/proc/%d/stat" % P.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def read_until(pattern, timeout=HANG):
    return P.read_until(pattern, timeout)


send = P.send


def started(cmd, label, ready=None):
    """Type cmd and wait until it has used START_CPU seconds of CPU (and
    ready() holds, when given).  Returns rgx's CPU rate meanwhile (CPU
    seconds per wall second)."""
    c0, t0 = cpu(), time.time()
    send(cmd + "\r")
    while cpu() - c0 < START_CPU or (ready and not ready()):
        if time.time() - t0 > HANG:
            sys.exit("FAIL: %s: not started after %.0f s" % (label, HANG))
        P.drain()
        if b"rgx> " in P.buf:
            sys.exit("FAIL: %s: finished before the interrupt (make it bigger): %r" % (label, P.buf[-300:]))
        time.sleep(0.01)
    return (cpu() - c0) / max(time.time() - t0, 1e-3)


def stop(label, rate, full=2.0):
    """Ctrl-C; the prompt must come back within the work and time bounds.
    full: the CPU rate of the command on an idle machine (its threads)."""
    c0, t0 = cpu(), time.time()
    send("\x03")
    read_until("interrupted")
    read_until("rgx> ")
    dcpu, dwall = cpu() - c0, time.time() - t0
    cpu_bound = STOP_WALL * full
    wall_bound = STOP_WALL * max(1.0, full / max(rate, 0.05))
    print("%s: interrupted; after Ctrl-C %.2f s of CPU (bound %.1f), %.2f s wall (bound %.2f at %.2f CPU s/s)"
          % (label, dcpu, cpu_bound, dwall, wall_bound, rate))
    if dcpu > cpu_bound:
        sys.exit("FAIL: %s: %.2f s of CPU after Ctrl-C" % (label, dcpu))
    if dwall > wall_bound:
        sys.exit("FAIL: %s: the prompt took %.2f s to return" % (label, dwall))


def interrupt(cmd, result, label):
    rate = started(cmd, label)
    stop(label, rate)
    send("tables\r")
    out = read_until("rgx> ")
    if "sim" not in out or result in out:
        sys.exit("FAIL: %s: tables after the interrupt: %r" % (label, out))
    send("describe sim rad.original_shape_MeshVolume\r")
    out = read_until("rgx> ")
    if "original_shape_MeshVolume  300" not in out:
        sys.exit("FAIL: %s: the cohort is not intact: %r" % (label, out))
    print("%s: tables intact" % label)


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
# matrix product (tens of CPU seconds: Ctrl-C lands inside it)
send("simulate cohort as big n=1000 features=2000 genes=20000 seed=5\r")
read_until("rgx> ")
interrupt("corr rad.* with expr.* in big as bigmap", "bigmap", "corr (Spearman, 40,000,000 pairs)")
# an interrupted save leaves neither the file nor a temporary file: Ctrl-C
# once its temporary file is there (one thread writes)
rate = started("save big to big.csv", "save",
               lambda: [f for f in os.listdir(tmp) if f.startswith("big.csv.tmp")])
stop("save", rate, full=1.0)
left = [f for f in os.listdir(tmp) if f.startswith("big.csv")]
if left:
    sys.exit("FAIL: save: files left after the interrupt: %r" % left)
print("save: no file left")
send("quit\r")
status = P.wait()
if status != 0:
    sys.exit("FAIL: exit status %d" % status)
print("ok")
