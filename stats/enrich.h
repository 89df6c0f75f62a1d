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

/* One set's over-representation (ora_sets). */
typedef struct OraRow {
    size_t size;            /* M: the set's genes in the universe */
    size_t overlap;         /* k: of them, in the query */
    double expected;        /* the overlap expected by chance, n·M / N */
    double fold;            /* k / expected (NaN when expected is 0) */
    double p;               /* hyper_upper(k, M, N, n) */
    double q;               /* Benjamini–Hochberg over the sets given (p.adjust(p, "BH")) */
} OraRow;

/* The over-representation of a query in every set of sets (genes as
 * positions 0..N-1 in the universe; inq[u] != 0 for the query's genes, n
 * of them): rows[s] for set s, in the sets' order, as the hypergeometric
 * test per set and p.adjust(p, "BH") over them.  Returns 0, -1 when out
 * of memory. */
int ora_sets(const GsSets *sets, const unsigned char *inq, size_t N, size_t n, OraRow *rows);

/* The enrichment score of the set at positions pos[0..k-1] (sorted
 * ascending, distinct) of a ranking r[0..N-1] (sorted decreasing): the
 * running sum of |r| / N_R over the set's genes and -1 / (N - k) over the
 * others, its largest deviation from zero (max if max > -min, min if
 * max < -min, else 0, as fgsea).  *peak (may be NULL) gets the position
 * where it is reached.  NaN when the set's |r| are all 0 or k is 0 or N. */
double gsea_es(const double *r, size_t N, const size_t *pos, size_t k, size_t *peak);

/* The leading edge of the set at positions pos[0..k-1] (ascending) of
 * the ranking r (as fgsea's leadingEdge): the members at or before the
 * running sum's peak when ES >= 0, at or after it when ES < 0; every
 * member when ES is NaN.  in_edge[h] (k values) gets 1 for pos[h] in it;
 * returns how many; *es (may be NULL) gets gsea_es. */
size_t gsea_leading_edge(const double *r, size_t N, const size_t *pos, size_t k, unsigned char *in_edge, double *es);

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
