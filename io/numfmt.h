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

/* x (finite) as the first of "%.15g", "%.16g" and "%.17g" that reads back
 * as x — the text rgx writes to files (save, corr save=): at most 17
 * significant digits, the fewest of 15 to 17 that round-trip — into buf
 * (FMT_EXACT_MAX bytes at least), NUL-terminated; returns its length.
 * The digits come from one 128-bit product with the power of ten (the
 * correctly rounded 15, 16 and 17 digits at once) and the round trip is
 * checked by io/numparse.h's exact reading, not by printf and strtod:
 * about 20x faster, and the same bytes (tests/unit/test_numfmt.c checks
 * them against printf and strtod on millions of values); the rare value
 * whose digits the product cannot settle (within 2^-54 of a tie) goes
 * through printf and strtod as before.  -0 is "-0", as printf writes it. */
#define FMT_EXACT_MAX 32
size_t fmt_exact(double x, char *buf);
#endif
