"""Run a command; print its wall-clock seconds and peak resident memory (MB),
and, when its output has rgx's timer lines (`set timer=on`), the seconds
they report (real time, summed): the commands' own time, without the
process's start and exit, as R's system.time measures a function.
usage: measure.py CMD ARGS..."""
import re, resource, subprocess, sys, time

t0 = time.time()
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
dt = time.time() - t0
if r.returncode != 0:
    sys.stderr.write(r.stderr.decode(errors="replace"))
    sys.exit(r.returncode)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
timed = re.findall(r"^time: .* ([0-9.]+) s real", r.stdout.decode(errors="replace"), re.M)
print("%.3f %.1f" % (dt, peak) + (" %.3f" % sum(map(float, timed)) if timed else ""))
