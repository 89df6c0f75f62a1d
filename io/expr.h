/* expr.h — the small expression language of `filter` and `derive`:
 * numbers, "text", NA, TRUE/FALSE, column references (`odd name` in
 * backquotes), + - * / ^, comparisons (== != < <= > >=, also = and <>),
 * and/or/not (&& || !), and log2 log log10 exp sqrt abs round floor ceil
 * is_na.  Missing values propagate as in R: NA + 1 is NA, NA and FALSE is
 * FALSE, NA or TRUE is TRUE. */
#ifndef RGX_EXPR_H
#define RGX_EXPR_H
#include "io/table.h"

typedef struct Expr Expr;

/* Parse text against table t (columns are resolved now).  Returns NULL
 * with a message in err on a syntax or type error. */
Expr *expr_parse(const char *text, const Table *t, Buf *err);
void expr_free(Expr *e);

/* Is the expression's value text (else numeric or logical)? */
int expr_is_text(const Expr *e);
/* Is it logical (a comparison or and/or/not)? */
int expr_is_logical(const Expr *e);

/* Evaluate for row i: numeric result in *x (NaN = NA), or for a text
 * expression the borrowed string in *s (NULL = NA). */
void expr_eval_row(const Expr *e, const Table *t, size_t i, double *x, const char **s);
#endif
