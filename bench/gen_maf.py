"""Write a synthetic MAF of the MC3 pan-cancer shape to stdout: N variant
lines (3,600,000) over S tumour samples (10,000), each line a real line of
tests/data/mc3_gbm.maf.gz (the GBM variants: their genes, classes and
columns, so that the gene list and its distribution are the real ones) with
the sample barcode replaced.  The mutation burden is skewed as in MC3: a
twentieth of the samples (hypermutated) carry 40% of the variants.
usage: gen_maf.py [N] [S] [SEED] > big.maf"""
import gzip, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 3600000
ns = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
with gzip.open("tests/data/mc3_gbm.maf.gz", "rt") as f:
    header = f.readline()
    lines = [l.rstrip("\n").split("\t") for l in f]
barcodes = ["TCGA-%02d-%04d-01A-11D-A%03d-08" % (i // 10000 + 10, i % 10000, i % 1000) for i in range(ns)]
normals = [b.replace("-01A-", "-10A-") for b in barcodes]
hyper = max(1, ns // 20)
out = sys.stdout
out.write(header)
buf = []
for k in range(n):
    f = lines[rng.randrange(len(lines))]
    s = rng.randrange(hyper) if rng.random() < 0.4 else rng.randrange(ns)
    f = f[:]
    f[8] = barcodes[s]
    f[9] = normals[s]
    f[21] = barcodes[s][:12]
    buf.append("\t".join(f))
    if len(buf) == 100000:
        out.write("\n".join(buf) + "\n")
        buf = []
if buf:
    out.write("\n".join(buf) + "\n")
