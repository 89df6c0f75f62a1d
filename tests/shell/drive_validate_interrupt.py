"""Ctrl-C during validate (issue 16), through a pseudo-terminal: the folds
run in parallel, each polling the interrupt between coordinate-descent
passes; the prompt must come back with "interrupted", no validation
stored, the model and its table intact.  Bounded by work, as
drive_interrupts.py is: Ctrl-C once validate has used START_CPU seconds
of CPU, and after it at most STOP_WALL seconds of work at full speed."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

START_CPU = 0.5
STOP_WALL = 1.0
HANG = 60.0

rgx, tmp = sys.argv[1], sys.argv[2]
P = Prompt([rgx, "-q", "-o", tmp], dict(os.environ, HOME=tmp, TERM="dumb"))
tick = os.sysconf("SC_CLK_TCK")


def cpu():
    with open("/proc/%d/stat" % P.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def command(cmd):
    P.send(cmd + "\r")
    return P.read_until("rgx> ", HANG)


P.read_until("rgx> ", HANG)
command("set threads=2")
command("simulate cohort as sim n=300 features=400 genes=20 seed=4")
out = command("model logistic mut.EGFR ~ rad.* in sim penalty=lasso as m")
if "model m:" not in out:
    sys.exit("FAIL: the model was not fitted: %r" % out[-400:])
c0, t0 = cpu(), time.time()
P.send("validate m repeats=500\r")
while cpu() - c0 < START_CPU:
    if time.time() - t0 > HANG:
        sys.exit("FAIL: validate: not started after %.0f s" % HANG)
    P.drain()
    if b"rgx> " in P.buf:
        sys.exit("FAIL: validate finished before the interrupt: %r" % P.buf[-300:])
    time.sleep(0.01)
rate = (cpu() - c0) / max(time.time() - t0, 1e-3)
c0, t0 = cpu(), time.time()
P.send("\x03")
P.read_until("interrupted", HANG)
P.read_until("rgx> ", HANG)
dcpu, dwall = cpu() - c0, time.time() - t0
full = 2.0
print("validate: interrupted; after Ctrl-C %.2f s of CPU (bound %.1f), %.2f s wall (bound %.2f at %.2f CPU s/s)"
      % (dcpu, STOP_WALL * full, dwall, STOP_WALL * max(1.0, full / max(rate, 0.05)), rate))
if dcpu > STOP_WALL * full:
    sys.exit("FAIL: validate: %.2f s of CPU after Ctrl-C" % dcpu)
if dwall > STOP_WALL * max(1.0, full / max(rate, 0.05)):
    sys.exit("FAIL: validate: the prompt took %.2f s to return" % dwall)
out = command("tables")
if "m.validation" in out or "m.fit" not in out:
    sys.exit("FAIL: tables after the interrupt: %r" % out)
out = command("validate m repeats=1 folds=3")
if "validate m.validation" not in out:
    sys.exit("FAIL: validate after the interrupt: %r" % out[-400:])
print("validate: the model intact, a second validate runs")
