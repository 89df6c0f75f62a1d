/* linfit.c — see linfit.h.  Two passes: means, then centred sums. */
#include "stats/linfit.h"
#include <math.h>

LinFit linfit(const double *x, const double *y, size_t n) {
    LinFit f = {0, NAN, NAN, NAN};
    long double sx = 0, sy = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) { sx += x[i]; sy += y[i]; f.n++; }
    if (f.n < 2) return f;
    long double mx = sx / f.n, my = sy / f.n, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) continue;
        long double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (sxx > 0) {
        f.slope = (double)(sxy / sxx);
        f.intercept = (double)(my - (sxy / sxx) * mx);
    }
    if (sxx > 0 && syy > 0) f.r = (double)(sxy / sqrtl(sxx * syy));
    return f;
}
