/* check.h — the unit tests' few macros.  Each test binary prints its
 * failures and a count, and exits non-zero when anything failed. */
#ifndef RGX_CHECK_H
#define RGX_CHECK_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond)                                                               \
    do {                                                                          \
        if (cond) t_pass++;                                                       \
        else { t_fail++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

#define CHECK_STR(got, want)                                                                    \
    do {                                                                                        \
        const char *g_ = (got), *w_ = (want);                                                   \
        if (g_ && w_ && strcmp(g_, w_) == 0) t_pass++;                                          \
        else { t_fail++; printf("FAIL %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,   \
                                g_ ? g_ : "(null)", w_ ? w_ : "(null)"); }                       \
    } while (0)

/* A count that must be exact, printed when it is not: above all the rows
 * of a reference table a loop checked (a loop whose filter matches no row
 * checks nothing and would pass), or a table's size before indexing it. */
#define CHECK_COUNT(got, want)                                                                        \
    do {                                                                                              \
        long long g_ = (long long)(got), w_ = (long long)(want);                                      \
        if (g_ == w_) t_pass++;                                                                       \
        else { t_fail++; printf("FAIL %s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); } \
    } while (0)

/* relative tolerance (absolute near zero) */
#define CHECK_NEAR(got, want, tol)                                                                  \
    do {                                                                                            \
        double g_ = (got), w_ = (want);                                                             \
        double d_ = fabs(g_ - w_), s_ = fabs(w_) > 1 ? fabs(w_) : 1;                                \
        if ((isnan(g_) && isnan(w_)) || d_ <= (tol) * s_) t_pass++;                                  \
        else { t_fail++; printf("FAIL %s:%d: %s = %.17g, want %.17g\n", __FILE__, __LINE__, #got, g_, w_); } \
    } while (0)

#define TEST_END()                                                                   \
    (printf("%s: %d checks passed, %d failed\n", __FILE__, t_pass, t_fail), t_fail ? 1 : 0)

/* Write text to a fresh file under tests/tmp and return its path (static buffer). */
__attribute__((unused)) static const char *write_tmp(const char *name, const char *text, size_t len) {
    static char path[512];
    snprintf(path, sizeof path, "tests/tmp/%s", name);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(2); }
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}
#define WRITE_TMP(name, lit) write_tmp(name, lit, sizeof(lit) - 1)
#endif
