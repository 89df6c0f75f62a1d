/* corrmap.h — the correlation map: every column of X with every column of
 * Y (or of X with itself), each pair's p as R's cor.test (stats/corr.h),
 * the p-values adjusted over the family as R's p.adjust (stats/padjust.h),
 * and the pairs to keep, strongest first.  R has no one function for it:
 * it is cor() or cor.test() pair by pair, p.adjust() over the matrix, then
 * which(q < F) — the same numbers, computed without the p and q matrices
 * where they are not needed.
 *
 * The family: every pair (i, j), or the pairs i < j when X is correlated
 * with itself.  A pair without a correlation (a constant column, fewer
 * than 3 complete pairs) has r = p = q = NaN and is left out of the
 * adjustment, as p.adjust leaves NA out.
 *
 * The thresholded path: when only the pairs below a p or q threshold are
 * kept, every pair uses all n patients (no missing value, not Kendall,
 * not partial) and the q matrix is not wanted, p falls as |r| grows: the
 * |r| below which p >= F is found by bisection (corrmap_rcut), p is
 * computed only for the pairs beyond it, and the adjustment runs on those
 * with the family's size (p_adjust_head): no p or q matrix at all.  The
 * pairs kept and their numbers are those of the whole map filtered
 * afterwards (tests/unit/test_corrmap.c checks both paths against R).
 * Not for Hommel's adjustment, which needs the whole family. */
#ifndef RGX_CORRMAP_H
#define RGX_CORRMAP_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "stats/corr.h"
#include "stats/padjust.h"

typedef struct CorrMapOpts {
    CorMethod method;       /* coefficient */
    CorExact exact;         /* cor.test's exact= (stats/corr.h) */
    AdjustMethod adjust;    /* p.adjust's method */
    int self;               /* Y is X: the family is the pairs i < j */
    int partial;            /* partial correlations given the nz columns of z (cor_partial; not Kendall) */
    const double *z;        /* partial: nz columns of n values, column j at z + j*n */
    size_t nz;              /* covariates */
    int keep_q;             /* keep= on q (1) or on p (0) */
    double keep_lim;        /* keep the pairs whose q (or p) is below this; INFINITY keeps every pair */
    size_t top;             /* then at most the top strongest; 0: no limit */
    int all_q;              /* the caller reads every pair's q (a map saved whole): no thresholded path */
    int threads;            /* worker threads (the results do not depend on it) */
    volatile sig_atomic_t *cancel;  /* polled; NULL: never */
} CorrMapOpts;

typedef struct CorrPair {
    size_t k;               /* place in the map: row k / ny, column k % ny */
    double p, q;            /* its p and adjusted p */
} CorrPair;

typedef struct CorrMap {
    size_t nx, ny, n;       /* shape (row i = X column i, column j = Y column j); patients */
    int self;               /* X with itself: the family is the pairs i < j */
    int partial;            /* partial correlations */
    size_t nz;              /* their covariates */
    CorMethod m;            /* method */
    CorExact e;             /* exact= */
    int thresholded;        /* p computed only for the pairs strong enough to pass keep= (no q matrix) */
    double *r;              /* nx × ny coefficients */
    double *q;              /* nx × ny adjusted p (NaN outside the family), or NULL when thresholded */
    double *p;              /* Kendall's nx × ny p (not a function of r and n), or NULL */
    uint32_t *nn;           /* nx × ny pairs used, or NULL when every pair uses n */
    unsigned char *ex;      /* nx × ny: the pair's p is the exact one (with nn, not partial), or NULL */
    unsigned char *tx, *ty; /* complete columns with tied values (when ex is NULL and not partial), or NULL */
    size_t family;          /* pairs in the family */
    size_t tested;          /* of them with a correlation */
    size_t na;              /* of them without (family − tested) */
    size_t nominal;         /* tested pairs at p < 0.05 */
    size_t sig;             /* tested pairs at q < 0.05 */
    size_t nexact;          /* tested pairs whose p is the exact one */
    size_t ntail;           /* exact Spearman pairs given the t approximation's p far in the tail (COR_EDGEWORTH_TAIL) */
    CorrPair *pairs;        /* the pairs kept, strongest first: smaller p (NaN last), larger |r|, map order */
    size_t npairs;          /* how many */
    size_t nkept;           /* kept by keep= before top= cut them to npairs */
} CorrMap;

/* Return codes of corrmap_compute. */
#define CORRMAP_NOMEM (-1)      /* out of memory along the way */
#define CORRMAP_CANCELLED (-2)  /* *cancel was set */
#define CORRMAP_HOMMEL (-3)     /* adjust=hommel on more than PADJ_HOMMEL_MAX tested pairs (m->tested says how many) */
#define CORRMAP_NOMAP (-4)      /* out of memory for the map's own matrices (about 20 bytes a pair) */

/* The map of the nx columns X[i] with the ny columns Y[j] (n values each;
 * with o->self, Y is X), into *m (caller frees with corrmap_free, whatever
 * the return code).  Returns 0 or a CORRMAP_ code. */
int corrmap_compute(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n,
                    const CorrMapOpts *o, CorrMap *m);
/* Frees what *m owns; m may be zeroed or half built.  NULL does nothing. */
void corrmap_free(CorrMap *m);

/* Pair k (0 <= k < nx·ny): is it in the family; the patients it used; its
 * p — recomputed from r and n by the function that computed it (the same
 * bits), Kendall's kept.  NaN when it has no correlation. */
int corrmap_in_family(const CorrMap *m, size_t k);
size_t corrmap_n(const CorrMap *m, size_t k);
double corrmap_p(const CorrMap *m, size_t k);

/* The |r| at or below which the p of method m on n complete pairs without
 * missing values is >= F, for the t approximation and (where exact=e lets
 * it apply, pairs without ties) the exact p: the smaller cut of the two,
 * by bisection to 1e-15, then lowered by 1e-9 relative so that rounding
 * never loses a pair.  Every pair with p < F has |r| > the cut. */
double corrmap_rcut(CorMethod m, size_t n, double F, CorExact e);
#endif
