"""Drive rgx at a real prompt through a pseudo-terminal.

Checks: the banner and prompt, tab completion of a command and a table
name, Ctrl-C clearing a half-typed line, Ctrl-C stopping a running command
(a load that blocks reading a FIFO) with the prompt back within a second
(or 20 round trips of a trivial command, measured in the same run, on a
busy machine) and the earlier table intact, and the history file written on exit.
"""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrgx import Prompt

rgx, data, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
home = os.path.join(tmp, "home")
os.makedirs(home, exist_ok=True)
hist = os.path.join(home, ".rgx_history")
if os.path.exists(hist):
    os.remove(hist)
fifo = os.path.join(tmp, "slow.csv")
if os.path.exists(fifo):
    os.remove(fifo)
os.mkfifo(fifo)

env = dict(os.environ, HOME=home, TERM="dumb")
env.pop("XDG_STATE_HOME", None)
P = Prompt([rgx], env)
read_until, send = P.read_until, P.send

read_until("the radiogenomics explorer")
read_until("rgx> ")
send("load table %s/geneexp_1500x100_survival.tsv as surv\r" % data)
read_until("loaded")
read_until("rgx> ")
# completion: "descr" + Tab completes to "describe", "su" + Tab to "surv"
send("descr\t")
read_until("describe ")
send("su\t")
read_until("surv ")
send("OS_days\r")
read_until("731.46")
read_until("rgx> ")
# Ctrl-C on a half-typed line clears it; the next command runs alone
send("show nonsense-that-is-never-run")
time.sleep(0.2)
send("\x03")
time.sleep(0.2)
send("echo fresh line\r")
out = read_until("fresh line\r\n")
if "nonsense" in out.split("\x03")[-1] and "error" in out:
    sys.exit("FAIL: the cleared line ran")
read_until("rgx> ")
# Ctrl-C during a command: the load blocks on the FIFO until interrupted
writer = os.open(fifo, os.O_RDWR)  # keeps the FIFO open without finishing it
os.write(writer, b"id,v\nA,1\n")
# a baseline of this run: how long a trivial command's round trip takes now
# (a busy machine slows both alike); the load is blocked once the FIFO's
# reader is there (its first line read: the writer's O_RDWR open counts too,
# so wait for rgx to hold the FIFO open)
t0 = time.time()
send('echo "base" "line"\r')
read_until("base line\r\n")
read_until("rgx> ")
base = time.time() - t0
send("load table %s as slow\r" % fifo)
t0 = time.time()
while not any(os.path.realpath(os.path.join("/proc/%d/fd" % P.pid, f)) == os.path.realpath(fifo)
              for f in os.listdir("/proc/%d/fd" % P.pid)):
    if time.time() - t0 > 30:
        sys.exit("FAIL: the load never opened the FIFO")
    P.drain()
    time.sleep(0.01)
time.sleep(0.1)
t0 = time.time()
send("\x03")
read_until("interrupted", timeout=30)
read_until("rgx> ", timeout=30)
bound = max(1.0, 20 * base)
if time.time() - t0 > bound:
    sys.exit("FAIL: the prompt took %.2f s to return (bound %.2f: 20 x a %.3f s round trip)"
             % (time.time() - t0, bound, base))
os.close(writer)
send("tables\r")
out = read_until("rgx> ")
if "surv" not in out or "slow" in out:
    sys.exit("FAIL: tables after the interrupt: %r" % out)
send("show surv rows=1\r")
read_until("TCGA-02-0001")
read_until("rgx> ")
send("quit\r")
status = P.wait()
if status != 0:
    sys.exit("FAIL: exit status %d" % status)
h = open(hist).read()
if "describe surv OS_days" not in h or "tables" not in h:
    sys.exit("FAIL: history file: %r" % h)
print("ok")
