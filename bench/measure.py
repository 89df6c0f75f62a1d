"""Run a command; print its wall-clock seconds and peak resident memory (MB).
usage: measure.py CMD ARGS..."""
import resource, subprocess, sys, time

t0 = time.time()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
dt = time.time() - t0
if r.returncode != 0:
    sys.stderr.write(r.stderr.decode(errors="replace"))
    sys.exit(r.returncode)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print("%.3f %.1f" % (dt, peak))
