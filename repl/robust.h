/* robust.h — what the feature-robustness commands share (icc, ccc,
 * select by=icc, reduce, harmonize, pca, consensus): a stored ICC result
 * read back by feature, the per-class counts of kept features, and the
 * scale rule. */
#ifndef RGX_ROBUST_H
#define RGX_ROBUST_H
#include <stddef.h>
#include "io/table.h"
#include "repl/session.h"

/* The ICCs of an icc result, by feature. */
typedef struct IccScores {
    StrMap map;             /* feature label → row in icc/low (keys borrowed from names) */
    StrList names;          /* the features */
    double *icc, *low;      /* per feature: the coefficient and its lower bound */
    char *type;             /* the type used ("ICC2") */
    char *result;           /* the result's name */
} IccScores;

/* Read icc result name for cmd: its rows of type (NULL: the result's
 * only type; an error names the types when it holds several).  Returns 0,
 * or -1 after the error. */
int icc_scores_get(Session *s, const char *cmd, const char *name, const char *type, IccScores *sc);
/* The row of column j of t in sc (by its label, then its bare name), or -1. */
long icc_scores_find(const IccScores *sc, const Table *t, size_t j);
void icc_scores_free(IccScores *sc);

/* Print, for the n columns cols of t, how many were kept (kept[k]) per
 * PyRadiomics feature class and image type, as two lines under indent "  ".
 * Nothing when no column has a PyRadiomics name. */
void print_class_counts(Session *s, const Table *t, const size_t *cols, size_t n, const unsigned char *kept);

/* The scale rule of consensus and pca: are the sds of the p columns cols
 * (over the n rows rows) more than 100-fold apart?  Returns 1 (and the
 * description in what: the ratio, the largest and smallest, and the
 * features carrying 90% of the variance), 0, or -1 when out of memory.
 * A column constant up to rounding (stats/scalecheck.h) takes no part,
 * as a constant one; when the rule holds, what names them too. */
#define SCALE_RULE_RATIO 100.0
int scale_rule(const Table *t, const size_t *cols, size_t p, const size_t *rows, size_t n, Buf *what);
/* How many of the p columns are constant up to rounding but not exactly
 * (scaled to unit variance, their rounding noise weighs as a feature);
 * "NAME: sd 5.21e-12, …" (the first 3) appended to what.  0 when out of
 * memory. */
size_t scale_rounding(const Table *t, const size_t *cols, size_t p, const size_t *rows, size_t n, Buf *what);
/* When scaled: the warning of cmd ("pca", "consensus") that the columns
 * scale_rounding finds were scaled to unit variance all the same, so that
 * their rounding noise weighs as much as any feature (where: "(prcomp
 * does the same)", "in the distances"). */
void warn_scaled_rounding(Session *s, const char *cmd, const Table *t, const size_t *cols, size_t p,
                          const size_t *rows, size_t n, const char *where);
#endif
