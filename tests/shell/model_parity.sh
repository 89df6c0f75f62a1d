#!/bin/sh
# The predictive-model commands agree with R: tests/models/parity.rgx saves
# every result at full precision, and the numbers are compared with those
# tests/reference/model_commands.R wrote (model_cmd_*.tsv):
#   model logistic (glm)       coef se z p or low high, deviance, AUC   1e-6 relative
#   model logistic (lasso, R's foldid: lambda.min; auc measure, lambda.1se)
#                              lambda.min, lambda.1se                   1e-9
#                              coefficients (relative to the largest)  1e-4 (glmnet's convergence)
#   model cox (lasso, R's foldid), coxph (veteran), the C-index         1e-4 / 1e-6
#   screen … by TIME EVENT     n events coef hr_sd low high z p q       1e-6
#   concordance (both directions) c_index se and the pair counts        1e-9
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$TMPDIR/model_parity"
rm -rf "$out" && mkdir -p "$out"
cd "$top/tests/models" || exit 1
$RGX -q -o "$out" -f parity.rgx >"$out/log" 2>&1 || { cat "$out/log"; echo "FAIL: parity.rgx failed"; exit 1; }
python3 - "$out" "$top/tests/reference" <<'EOF'
import csv, math, sys
out, ref = sys.argv[1], sys.argv[2]
fails = 0
checks = 0

def read(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f, delimiter='\t'))

def num(v):
    v = (v or '').strip()
    return float('nan') if v in ('', 'NA') else float(v)

def close(a, b, tol, scale=None):
    if math.isnan(a) and math.isnan(b):
        return True
    d = abs(a - b) / (scale if scale else max(abs(b), 1e-300))
    return d <= tol

worst = {}
def check(what, a, b, tol, scale=None):
    global fails, checks
    checks += 1
    key = what.split()[0]
    if not (math.isnan(a) and math.isnan(b)):
        d = abs(a - b) / (scale if scale else max(abs(b), 1e-300))
        worst[key] = max(worst.get(key, 0), d)
    if not close(a, b, tol, scale):
        fails += 1
        print(f"FAIL {what}: rgx {a!r} R {b!r} (tolerance {tol})")

coef = read(f"{ref}/model_cmd_coef.tsv")
fit = {r['set']: r for r in read(f"{ref}/model_cmd_fit.tsv")}

def coefs(set_, file_, ratio, tol, full):
    got = {r['term']: r for r in read(f"{out}/{file_}")}
    want = [r for r in coef if r['set'] == set_]
    big = max(abs(num(r['coef'])) for r in want if r['term'] != '(Intercept)')
    if len(got) != len(want):
        global fails
        fails += 1
        print(f"FAIL {set_}: {len(got)} terms, R has {len(want)}: {sorted(got)} / {[r['term'] for r in want]}")
    for r in want:
        g = got.get(r['term'])
        if g is None:
            continue
        check(f"{set_} {r['term']} coef", num(g['coef']), num(r['coef']), tol, None if full else big)
        if full:
            for k, rk in (('se', 'se'), ('z', 'z'), ('p', 'p'), (ratio, 'ratio'), ('low', 'low'), ('high', 'high')):
                check(f"{set_} {r['term']} {k}", num(g[k]), num(r[rk]), tol)

def fits(set_, file_, cols, tol):
    g = read(f"{out}/{file_}")[0]
    for k, rk, t in cols:
        check(f"{set_} {k}", num(g[k]), num(fit[set_][rk]), t if t else tol)

coefs('arita5', 'g5.tsv', 'or', 1e-6, True)
fits('arita5', 'g5_fit.tsv', [('n', 'n', 0), ('events', 'events', 0), ('df', 'df', 0), ('deviance', 'deviance', 0),
                               ('auc', 'disc', 0)], 1e-6)
coefs('arita_lasso', 'las.tsv', 'or', 1e-4, False)
fits('arita_lasso', 'las_fit.tsv', [('df', 'df', 0), ('lambda', 'lambda', 1e-9), ('lambda_min', 'lambda_min', 1e-9),
                                     ('lambda_1se', 'lambda_1se', 1e-9), ('deviance', 'deviance', 1e-4),
                                     ('auc', 'disc', 1e-4)], 1e-4)
coefs('arita_lasso_auc_1se', 'lauc.tsv', 'or', 1e-4, False)
fits('arita_lasso_auc_1se', 'lauc_fit.tsv', [('df', 'df', 0), ('lambda_min', 'lambda_min', 1e-9),
                                             ('lambda_1se', 'lambda_1se', 1e-9), ('auc', 'disc', 1e-4)], 1e-4)
coefs('nsclc30_lasso', 'cl.tsv', 'hr', 1e-4, False)
fits('nsclc30_lasso', 'cl_fit.tsv', [('df', 'df', 0), ('lambda_min', 'lambda_min', 1e-9),
                                     ('lambda_1se', 'lambda_1se', 1e-9), ('c_index', 'disc', 1e-4)], 1e-4)
coefs('veteran', 'cv.tsv', 'hr', 1e-6, True)
fits('veteran', 'cv_fit.tsv', [('n', 'n', 0), ('events', 'events', 0), ('c_index', 'disc', 1e-9)], 1e-6)

got = {r['feature']: r for r in read(f"{out}/sc.tsv")}
for r in read(f"{ref}/model_cmd_screen.tsv"):
    for k in ('n', 'events', 'coef', 'hr_sd', 'low', 'high', 'z', 'p', 'q'):
        check(f"screen {r['feature']} {k}", num(got[r['feature']][k]), num(r[k]), 1e-6)

for rev, f in (('0', 'k0.tsv'), ('1', 'k1.tsv')):
    got = {r['predictor']: r for r in read(f"{out}/{f}")}
    for r in read(f"{ref}/model_cmd_concordance.tsv"):
        if r['reverse'] != rev:
            continue
        for k in ('n', 'c_index', 'se', 'concordant', 'discordant', 'tied_x'):
            check(f"concordance reverse={rev} {r['predictor']} {k}", num(got[r['predictor']][k]), num(r[k]), 1e-9)
for k in worst:
    print(f"  {k}: largest relative difference {worst[k]:.1e}")
print(f"{checks} numbers compared, {fails} differ")
sys.exit(1 if fails else 0)
EOF
