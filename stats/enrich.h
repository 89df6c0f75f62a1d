/* enrich.h — gene-set enrichment: the hypergeometric test of
 * over-representation (R's phyper(k - 1, M, N - M, n, lower.tail =
 * FALSE)) and preranked GSEA (Subramanian et al. 2005, weight p = 1) with
 * a gene-set permutation p-value and NES as fgsea's simple method
 * (Korotkevich et al. 2021, fgseaSimple). */
#ifndef RGX_ENRICH_H
#define RGX_ENRICH_H
#include <signal.h>
#include <stddef.h>
#include "stats/gsva.h"

/* P(X >= k) for X hypergeometric: n drawn without replacement from N of
 * which M are marked (phyper(k - 1, M, N - M, n, lower.tail = FALSE)),
 * to a relative 1e-13; 1 for k <= 0, 0 above min(M, n); NaN for
 * impossible margins. */
double hyper_upper(long k, long M, long N, long n);
/* The probability of exactly x (dhyper(x, M, N - M, n)), by Loader's
 * saddle-point expansion as R computes it. */
double hyper_pdf(long x, long M, long N, long n);

/* The enrichment score of the set at positions pos[0..k-1] (sorted
 * ascending, distinct) of a ranking r[0..N-1] (sorted decreasing): the
 * running sum of |r| / N_R over the set's genes and -1 / (N - k) over the
 * others, its largest deviation from zero (max if max > -min, min if
 * max < -min, else 0, as fgsea).  *peak (may be NULL) gets the position
 * where it is reached.  NaN when the set's |r| are all 0 or k is 0 or N. */
double gsea_es(const double *r, size_t N, const size_t *pos, size_t k, size_t *peak);

/* The running sum at every position, walk[0..N-1], for plots. */
void gsea_walk(const double *r, size_t N, const size_t *pos, size_t k, double *walk);

typedef struct GseaOpts {
    size_t perm;                /* permutations (random gene sets of each size) */
    unsigned long seed;         /* permutation b draws from its own stream (seed, block of b) */
    int threads;                /* results do not depend on them */
    volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, double frac);
    void *progress_ctx;
} GseaOpts;

/* Preranked GSEA of the sets (positions into r, each sorted ascending) of a
 * ranking r[0..N-1] sorted decreasing: es, nes, p per set (NaN for an
 * empty set), the null made of perm random sets of each set's size:
 * p = (1 + #null as extreme, same sign) / (1 + #null of that sign), NES =
 * ES / the mean null ES of that sign; pfloor (may be NULL) gets the
 * smallest p the permutations could have given, 1 / (1 + #null of that
 * sign).  Returns 0, -1 out of memory, -2 cancelled. */
int gsea_prerank(const double *r, size_t N, const GsSets *sets, const GseaOpts *o, double *es, double *nes,
                 double *p, double *pfloor);
#endif
