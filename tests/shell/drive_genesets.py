"""Ctrl-C during score method=gsva (the kernel CDFs of 20,000 genes over
500 patients: gene workers) and enrich test=gsea (the permutation blocks),
through a pseudo-terminal, bounded by rgx's CPU time as drive_interrupts.py
is: "interrupted", the prompt back within a second's work, no result
stored, the tables loaded before intact."""
import os, re, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

START_CPU = 0.5     # CPU seconds of the command before Ctrl-C
STOP_WALL = 1.0     # seconds allowed after Ctrl-C at full speed
HANG = 120.0        # nothing may take longer than this, however busy

rgx, tmp = sys.argv[1], sys.argv[2]
# 50 sets of 200 of the simulated genes G0011..G20000
with open(os.path.join(tmp, "sets.gmt"), "w") as f:
    for s in range(50):
        f.write("SET%02d\tsimulated\t%s\n" % (s, "\t".join("G%04d" % (11 + (s * 397 + k * 97) % 19990) for k in range(200))))
env = dict(os.environ, HOME=tmp, TERM="dumb")
P = Prompt([rgx, "-q", "-o", tmp], env)
tick = os.sysconf("SC_CLK_TCK")


def cpu():
    with open("/proc/%d/stat" % P.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def command(cmd):
    P.send(cmd + "\r")
    return P.read_until("rgx> ", HANG)


def interrupt(cmd, result, label, full=2.0):
    c0, t0 = cpu(), time.time()
    P.send(cmd + "\r")
    while cpu() - c0 < START_CPU:
        if time.time() - t0 > HANG:
            sys.exit("FAIL: %s: not started after %.0f s" % (label, HANG))
        P.drain()
        if b"rgx> " in P.buf:
            sys.exit("FAIL: %s: finished before the interrupt (make it bigger): %r" % (label, P.buf[-300:]))
        time.sleep(0.01)
    rate = (cpu() - c0) / max(time.time() - t0, 1e-3)
    c0, t0 = cpu(), time.time()
    P.send("\x03")
    P.read_until("interrupted", HANG)
    P.read_until("rgx> ", HANG)
    dcpu, dwall = cpu() - c0, time.time() - t0
    wall_bound = STOP_WALL * max(1.0, full / max(rate, 0.05))
    print("%s: interrupted; after Ctrl-C %.2f s of CPU (bound %.1f), %.2f s wall (bound %.2f)"
          % (label, dcpu, STOP_WALL * full, dwall, wall_bound))
    if dcpu > STOP_WALL * full:
        sys.exit("FAIL: %s: %.2f s of CPU after Ctrl-C" % (label, dcpu))
    if dwall > wall_bound:
        sys.exit("FAIL: %s: the prompt took %.2f s to return" % (label, dwall))
    out = command("tables")
    if "ex " not in out or result in out:
        sys.exit("FAIL: %s: tables after the interrupt: %r" % (label, out))
    out = command("describe ex G0011")
    if not re.search(r"G0011\s+500\s", out):
        sys.exit("FAIL: %s: the expression is not intact: %r" % (label, out))
    print("%s: tables intact" % label)


P.read_until("rgx> ", HANG)
command("set threads=2")
command("simulate cohort as big n=500 features=2 genes=20000 seed=5")
command("select big expr.* as ex")
command("load genesets %s as sets" % os.path.join(tmp, "sets.gmt"))
interrupt("score sets in ex method=gsva as gsc", "gsc", "score method=gsva")
command("select big rad.*,expr.* as rx")
command("corr rad.* with expr.* in rx keep=all as map")
interrupt("enrich map for original_shape_MeshVolume using sets test=gsea perm=50000000 as big_gsea", "big_gsea",
          "enrich test=gsea")
P.send("quit\r")
if P.wait() != 0:
    sys.exit("FAIL: exit status")
print("ok")
