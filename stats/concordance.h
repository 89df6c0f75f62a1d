/* concordance.h — Harrell's concordance index with the standard error of
 * R's survival::concordance (survival 3.x, timewt = "n", unweighted).
 *
 * Pairs and ties, as survival counts them: a pair is comparable when the
 * shorter time is an event (a subject censored at an event time counts as
 * surviving longer than that event); pairs of events at the same time are
 * tied.y (tied.xy when x ties too) and not comparable; among comparable
 * pairs, concordant / discordant / tied.x by the predictor.
 * C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).
 * The variance is survival's infinitesimal-jackknife one: with npair =
 * concordant + discordant + tied.x and Somers' d = (conc − disc) / npair,
 * each subject's influence is ((c_i − d_i) − d·(c_i + d_i + t_i)) / npair,
 * where c_i, d_i, t_i count the concordant, discordant and tied.x pairs
 * the subject belongs to; var(C) = Σ influence² / 4.  O(n log n): the
 * subjects are added in decreasing time to two Fenwick trees over the
 * ranks of x (everyone, and the events), as survival's balanced tree.
 * Times equal up to sqrt(DBL_EPSILON) (absolutely, or relative to the mean
 * |time|) are made equal first, as survival's aeqSurv (timefix = TRUE).
 *
 * Direction.  For concordance(Surv(time, event) ~ x), survival calls a pair
 * concordant when the subject with the LONGER time has the LARGER x — x
 * read as a predicted survival time.  A risk score (a Cox linear
 * predictor, a rad-score) needs the reverse: concordant when the shorter
 * time has the larger score, concordance(…, reverse = TRUE), which is what
 * coxph reports.  CONC_HIGHER_RISK is that (rgx's default);
 * CONC_HIGHER_LONGER is survival's default.  The counts are reported as
 * survival reports them for the direction asked (reverse swaps concordant
 * and discordant; C becomes 1 − C; the standard error is the same).
 *
 * For an uncensored 0/1 outcome (time = y, every event = 1) with
 * CONC_HIGHER_LONGER, C is the Mann–Whitney AUC of x for y = 1 against
 * y = 0 (ties counted half).
 *
 * Rows with NaN in time, event or x are skipped.  No globals. */
#ifndef RGX_CONCORDANCE_H
#define RGX_CONCORDANCE_H
#include <stddef.h>

typedef enum { CONC_HIGHER_RISK = 0, CONC_HIGHER_LONGER = 1 } ConcDirection;

typedef struct ConcordanceFit {
    size_t n, events;       /* rows used, events among them */
    double concordant, discordant, tied_x, tied_y, tied_xy;   /* pair counts (survival's count) */
    double c;               /* the concordance index (NaN with no comparable pair) */
    double se;              /* its standard error, sqrt(var) */
    double var;             /* survival's var */
    ConcDirection dir;      /* the direction used */
} ConcordanceFit;

/* event: 0/1 (non-zero = event).  Returns 0, −1 out of memory. */
int concordance_fit(const double *time, const double *event, const double *x, size_t n, ConcDirection dir,
                    ConcordanceFit *f);

/* rgx's 95% limits of C (survival::concordance prints none): the normal
 * approximation c -/+ 1.959963984540054 se, clipped to [0, 1].  Both NaN
 * when c or se is NaN (no comparable pair): never the full [0, 1] for an
 * undefined C. */
void concordance_limits(const ConcordanceFit *f, double *lo, double *hi);
#endif
