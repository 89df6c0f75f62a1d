/* test_numfmt.c — fmt_exact (io/numfmt.h) against the way rgx wrote
 * numbers before it (the first of %.15g, %.16g, %.17g that strtod reads
 * back as the same double), byte for byte: random doubles of every
 * exponent, data-like values (a few decimals, correlations, p-values),
 * integers, powers of ten and two and their neighbours, subnormals, the
 * extremes; and that what it writes reads back as the same double.
 * Then table_save of a table large enough to be formatted by several
 * threads (slices of rows, written in order) against the same rows made
 * one by one: the same bytes. */
#include <float.h>
#include <stdint.h>
#include "io/numfmt.h"
#include "io/save.h"
#include "tests/unit/check.h"

static uint64_t rs = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void) {
    rs ^= rs >> 12;
    rs ^= rs << 25;
    rs ^= rs >> 27;
    return rs * 2685821657736338717ULL;
}

static void ref(double x, char *buf) {
    for (int d = 15; d <= 17; d++) {
        snprintf(buf, 40, "%.*g", d, x);
        if (strtod(buf, NULL) == x) break;
    }
}

static long bad, n;

static void one(double x) {
    if (!isfinite(x)) return;
    char a[FMT_EXACT_MAX], b[40];
    size_t len = fmt_exact(x, a);
    ref(x, b);
    n++;
    if (strcmp(a, b) != 0 || len != strlen(b) || strtod(a, NULL) != x) {
        if (bad++ < 10) printf("FAIL %.17g: got \"%s\" (%zu), want \"%s\"\n", x, a, len, b);
    }
}

/* A 300 x 8,001 table (2.4 M cells: ten slices of rows), numbers with
 * NA and Inf, and a text column with quotes, separators and missing
 * values; its saved rows against the rows made here one at a time. */
static void save_threads(void) {
    const size_t nr = 300, nc = 8000;
    Table *t = table_new("big", "test", nr);
    char **txt = calloc(nr, sizeof *txt);
    for (size_t i = 0; i < nr; i++) {
        char b[64];
        snprintf(b, sizeof b, i % 7 == 0 ? "p\"%zu\",x" : "P%06zu", i);
        txt[i] = i % 11 == 5 ? NULL : strdup(b);
    }
    table_add_str(t, "id", NULL, txt);
    for (size_t j = 0; j < nc; j++) {
        double *v = malloc(nr * sizeof *v);
        for (size_t i = 0; i < nr; i++) {
            uint64_t r = rnd();
            v[i] = r % 97 == 0 ? NAN : r % 101 == 0 ? -INFINITY : (double)(int64_t)(r >> 20) * 1e-7 / (double)(j + 1);
        }
        char name[32];
        snprintf(name, sizeof name, "f%zu", j);
        table_add_num(t, name, NULL, v);
    }
    const char *path = "tests/tmp/save_threads.csv";
    Buf err = {0}, want = {0};
    CHECK(table_save(t, path, NULL, &err) == 0);
    for (size_t i = 0; i < nr; i++) {
        save_field_buf(&want, t->cols[0].str[i], ',');
        for (size_t j = 1; j <= nc; j++) {
            buf_add(&want, ",", 1);
            save_number_buf(&want, t->cols[j].num[i]);
        }
        buf_add(&want, "\n", 1);
    }
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        int c;
        while ((c = fgetc(f)) != EOF && c != '\n') {}   /* the header */
        char *got = malloc(want.len + 1);
        size_t got_n = fread(got, 1, want.len + 1, f);
        CHECK_COUNT(got_n, want.len);
        CHECK(got_n == want.len && memcmp(got, want.s, want.len) == 0);
        free(got);
        fclose(f);
    }
    remove(path);
    buf_free(&want);
    buf_free(&err);
    table_free(t);
}

int main(void) {
    for (long i = 0; i < 500000; i++) {   /* every exponent, subnormals included */
        uint64_t b = rnd();
        double x;
        memcpy(&x, &b, sizeof x);
        one(x);
    }
    for (long i = 0; i < 400000; i++) {   /* data: a few decimals, read from text */
        char s[64];
        int dec = (int)(rnd() % 8);
        snprintf(s, sizeof s, "%.*f", dec, (double)(int64_t)(rnd() % 20000001 - 10000000) / pow(10, (double)(rnd() % 6)));
        one(strtod(s, NULL));
        snprintf(s, sizeof s, "%.*e", (int)(rnd() % 16), ldexp((double)(rnd() >> 11), -53) * pow(10, (int)(rnd() % 60) - 30));
        one(strtod(s, NULL));
    }
    for (long i = 0; i < 300000; i++) {   /* computed values: correlations, p-values, means */
        double u = ldexp((double)(rnd() >> 11), -53);
        one(2 * u - 1);
        one(pow(u, 7.3));
        one(exp(-1000 * u));
        one((double)(rnd() % 1000000) / 7.0);
    }
    for (int e = -330; e <= 310; e++) {   /* powers of ten and their neighbours */
        char s[16];
        snprintf(s, sizeof s, "1e%d", e);
        double x = strtod(s, NULL);
        one(x);
        one(nextafter(x, 0));
        one(nextafter(x, INFINITY));
        one(-x);
    }
    for (int e = -1074; e <= 1023; e++) {   /* powers of two and their neighbours */
        double x = ldexp(1, e);
        one(x);
        one(nextafter(x, 0));
        one(nextafter(x, INFINITY));
        one(3 * x);
    }
    for (int64_t k = -100000; k <= 100000; k += 7) one((double)k);   /* integers */
    for (int k = 0; k < 64; k++) one(ldexp(1, 53) + (double)k);
    double specials[] = {0.0, -0.0, DBL_MAX, -DBL_MAX, DBL_MIN, DBL_TRUE_MIN, 1e15, 1e16, 1e17, 999999999999999.9,
                         9999999999999998.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100, 1e-5, 1e-4, 0.0001234, 123456789012345680.0};
    for (size_t i = 0; i < sizeof specials / sizeof *specials; i++) one(specials[i]);
    printf("numfmt: %ld values, %ld differ from %%.15g/%%.16g/%%.17g + strtod\n", n, bad);
    CHECK(bad == 0);
    CHECK(n > 2500000);
    char buf[FMT_EXACT_MAX];
    fmt_exact(-0.0, buf);
    CHECK_STR(buf, "-0");
    fmt_exact(0.1, buf);
    CHECK_STR(buf, "0.1");
    fmt_exact(1e21, buf);
    CHECK_STR(buf, "1e+21");
    save_threads();
    return TEST_END();
}
