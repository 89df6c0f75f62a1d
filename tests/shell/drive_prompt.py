"""Drive rgx at a real prompt through a pseudo-terminal.

Checks: the banner and prompt, tab completion of a command and a table
name, Ctrl-C clearing a half-typed line, Ctrl-C stopping a running command
(a load that blocks reading a FIFO) with the prompt back within a second
and the earlier table intact, and the history file written on exit.
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
send("load table %s as slow\r" % fifo)
time.sleep(0.5)
t0 = time.time()
send("\x03")
read_until("interrupted")
read_until("rgx> ", timeout=1.0)
if time.time() - t0 > 1.0:
    sys.exit("FAIL: the prompt took more than a second to return")
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
