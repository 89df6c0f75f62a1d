/* numfmt.h — the one number formatter (STYLE.md: `%.*g` with set
 * digits=N, p-values as 3.2e-05, <1e-300 never printed as 0).  It lives in
 * io/ so that plots/ (figure labels: a log-rank p, a hazard ratio) and
 * repl/ (every printed number) share it. */
#ifndef RGX_NUMFMT_H
#define RGX_NUMFMT_H
#include <stddef.h>

/* x with digits significant digits ("%.*g"); NA, Inf, -Inf; no "-0". */
const char *fmt_num(char *buf, size_t len, double x, int digits);
/* A p-value: 3 significant digits down to 1e-4, then "3.2e-05"; below
 * 1e-300 "<1e-300" (never 0). */
const char *fmt_p(char *buf, size_t len, double p);
#endif
