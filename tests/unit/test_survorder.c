/* test_survorder.c — the one sort of a survival command (surv_sort_rows,
 * surv_order: an LSD radix sort on the times' bits) against a stable
 * comparison sort: the same order, ties kept in row order (−0 and +0 tie),
 * infinities at the ends, the NaN rows after; and the fits that take the
 * shared order (CoxOpts.order, km_compare) give the same numbers, bit for
 * bit, as without it, with and without strata. */
#include "check.h"
#include "stats/cox.h"
#include "stats/survival.h"

static unsigned long st = 12345;
static double unif(void) { st = st * 6364136223846793005UL + 1442695040888963407UL; return (double)(st >> 11) / 9007199254740992.0; }

/* the reference: insertion sort of row numbers by time (stable; == ties) */
static void ref_sort(const double *t, size_t *r, size_t m) {
    for (size_t i = 1; i < m; i++) {
        size_t x = r[i], j = i;
        while (j > 0 && t[r[j - 1]] > t[x]) { r[j] = r[j - 1]; j--; }
        r[j] = x;
    }
}

static void check_against_reference(size_t n, int kind) {
    double *t = malloc(n * sizeof *t);
    size_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (size_t i = 0; i < n; i++) {
        double u = unif();
        t[i] = kind == 0 ? u * 1000 : kind == 1 ? floor(u * 30) : (u - 0.5) * 1e300;
        if (kind == 1 && i % 7 == 0) t[i] = i % 2 ? -0.0 : 0.0;
        if (kind == 2 && i % 11 == 0) t[i] = i % 2 ? INFINITY : -INFINITY;
    }
    for (size_t i = 0; i < n; i++) a[i] = b[i] = i;
    CHECK(surv_sort_rows(t, a, n) == 0);
    ref_sort(t, b, n);
    CHECK(memcmp(a, b, n * sizeof *a) == 0);
    free(t);
    free(a);
    free(b);
}

int main(void) {
    size_t sizes[] = {0, 1, 5, 33, 1000, 20000};
    for (size_t q = 0; q < sizeof sizes / sizeof *sizes; q++)
        for (int kind = 0; kind < 3; kind++) check_against_reference(sizes[q], kind);
    /* surv_order: the non-NaN rows in time order, then the NaN rows */
    double t5[6] = {3, NAN, 1, 3, NAN, 2};
    size_t o5[6];
    CHECK(surv_order(t5, 6, o5) == 4);
    size_t want[6] = {2, 5, 0, 3, 1, 4};
    CHECK(memcmp(o5, want, sizeof want) == 0);
    /* the shared order changes no number: Cox with strata, and km_compare */
    size_t n = 3000;
    double *tm = malloc(n * sizeof *tm), *ev = malloc(n * sizeof *ev), *x = malloc(2 * n * sizeof *x);
    size_t *strata = malloc(n * sizeof *strata), *grp = malloc(n * sizeof *grp), *ord = malloc(n * sizeof *ord);
    for (size_t i = 0; i < n; i++) {
        x[i] = unif();
        x[n + i] = i % 5 == 0 ? NAN : unif();
        tm[i] = i % 97 == 0 ? NAN : floor(unif() * 200 / (1 + x[i]));
        ev[i] = unif() < 0.7;
        strata[i] = i % 3 == 0 ? 7 : i % 3 == 1 ? 2 : COX_SKIP;
        grp[i] = unif() < 0.5;
    }
    CHECK(surv_order(tm, n, ord) == n - 31);
    for (int withstrata = 0; withstrata < 2; withstrata++) {
        CoxOpts a = {.ties = TIES_EFRON, .strata = withstrata ? strata : NULL}, b = a;
        b.order = ord;
        CoxFit fa, fb;
        CHECK(cox_fit_opts(tm, ev, x, n, 2, &a, &fa) == 0 && cox_fit_opts(tm, ev, x, n, 2, &b, &fb) == 0);
        CHECK(fa.n == fb.n && fa.loglik == fb.loglik && memcmp(fa.coef, fb.coef, 2 * sizeof *fa.coef) == 0 &&
              memcmp(fa.var, fb.var, 4 * sizeof *fa.var) == 0);
        double ca[3], cb[3], da[3], db[3], pa[3], pb[3];
        CHECK(cox_zph(tm, ev, x, n, 2, fa.coef, &a, ca, da, pa) == 0 && cox_zph(tm, ev, x, n, 2, fa.coef, &b, cb, db, pb) == 0);
        CHECK(memcmp(ca, cb, sizeof ca) == 0 && memcmp(pa, pb, sizeof pa) == 0);
        cox_free(&fa);
        cox_free(&fb);
    }
    double hra[3], hrb[3];
    CHECK(cox_hazard_ratio(tm, ev, grp, NULL, n, 0.95, hra) == COX_HR_OK);
    CHECK(cox_hazard_ratio_ord(tm, ev, grp, NULL, n, 0.95, ord, hrb) == COX_HR_OK);
    CHECK(memcmp(hra, hrb, sizeof hra) == 0);
    free(tm); free(ev); free(x); free(strata); free(grp); free(ord);
    return TEST_END();
}
