/* ccc.c — see ccc.h. */
#include "stats/ccc.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>

int ccc_compute(const double *x, const double *y, size_t n, double conf, CccResult *r) {
    stats_init();
    r->n = r->n_missing = 0;
    r->ccc = r->lower = r->upper = r->lower_asym = r->upper_asym = r->r = NAN;
    r->s_shift = r->l_shift = r->c_b = r->ba_mean = r->ba_sd = r->ba_lower = r->ba_upper = NAN;
    if (!(conf > 0 && conf < 1)) return -5;
    long double sx = 0, sy = 0, sd = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) { r->n_missing++; continue; }
        sx += x[i];
        sy += y[i];
        sd += x[i] - y[i];
        k++;
    }
    r->n = k;
    if (k < 2) return 0;
    long double xb = sx / k, yb = sy / k, db = sd / k;
    long double sxx = 0, syy = 0, sxy = 0, sdd = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) continue;
        long double dx = x[i] - xb, dy = y[i] - yb, dd = (x[i] - y[i]) - db;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
        sdd += dd * dd;
    }
    double K = (double)k;
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
    /* Bland–Altman: epiR's delta = x − y, sd with k − 1 */
    r->ba_mean = (double)db;
    r->ba_sd = sqrt((double)(sdd / (k - 1)));
    r->ba_lower = r->ba_mean - z * r->ba_sd;
    r->ba_upper = r->ba_mean + z * r->ba_sd;
    if (!(sxx > 0) || !(syy > 0)) return 0;
    double sx2 = (double)(sxx / k), sy2 = (double)(syy / k);   /* population variances */
    double rr = (double)(sxy / sqrtl(sxx * syy));
    double sxyp = (double)(sxy / k);
    double dm = (double)(yb - xb);
    double p = 2 * sxyp / (sx2 + sy2 + dm * dm);
    r->r = rr;
    r->ccc = p;
    r->s_shift = sqrt((double)(syy / sxx));       /* sd(y) / sd(x) */
    r->l_shift = dm / pow(sx2 * sy2, 0.25);
    r->c_b = p / rr;
    if (k < 3) return 0;
    double u = r->l_shift;
    double se = sqrt(((1 - rr * rr) * p * p * (1 - p * p) / (rr * rr) + 2 * p * p * p * (1 - p) * u * u / rr -
                      0.5 * p * p * p * p * u * u * u * u / (rr * rr)) / (K - 2));
    r->lower_asym = p - z * se;
    r->upper_asym = p + z * se;
    double t = log((1 + p) / (1 - p)) / 2, set = se / (1 - p * p);
    double lt = t - z * set, ut = t + z * set;
    r->lower = tanh(lt);   /* epiR's (e^2l − 1)/(e^2l + 1), without its overflow */
    r->upper = tanh(ut);
    return 0;
}
