/* test_numparse.c — io/numparse.c against glibc's strtod, bit for bit:
 * random doubles written with every precision from 1 to 17 digits and
 * with 18-25 (beyond the 19 the fast paths keep), random digit strings
 * with random exponents (subnormals, overflow, underflow), the known hard
 * cases (halfway between two doubles, the subnormal edges, long exact
 * halfway strings), and the grammar against the old parser (Clinger's
 * path and strtod, kept here as the reference) on random junk. */
#include <float.h>
#include <stdint.h>
#include <strings.h>
#include "io/load_table.h"
#include "io/numparse.h"
#include "tests/unit/check.h"

static uint64_t rs = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void) {   /* splitmix64 */
    uint64_t z = (rs += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t bits(double x) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

/* The parser before this change: Clinger's path for at most 15 digits
 * and 10^±22, else strtod — the reference for the grammar. */
static const double P10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
static int old_parse(const char *s, double *out) {
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if ((p[0] | 32) == 'i') {
        if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0) {
            *out = neg ? -INFINITY : INFINITY;
            return 1;
        }
        return 0;
    }
    if (p[0] == '0' && (p[1] | 32) == 'x') {
        if (!((p[2] >= '0' && p[2] <= '9') || ((p[2] | 32) >= 'a' && (p[2] | 32) <= 'f'))) return 0;
        char *end;
        double x = strtod(s, &end);
        if (*end) return 0;
        *out = x;
        return 1;
    }
    uint64_t m = 0;
    int sig = 0, digits = 0, scale = 0;
    while (*p >= '0' && *p <= '9') {
        if (sig < 19) { if (m || *p != '0') { m = m * 10 + (uint64_t)(*p - '0'); sig++; } }
        else scale++;
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (sig < 19) { if (m || *p != '0') { m = m * 10 + (uint64_t)(*p - '0'); sig++; } scale--; }
            p++;
            digits++;
        }
    }
    if (!digits) return 0;
    int e = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        int eneg = 0;
        if (*p == '+' || *p == '-') eneg = *p++ == '-';
        if (*p < '0' || *p > '9') return 0;
        while (*p >= '0' && *p <= '9') {
            if (e < 100000) e = e * 10 + (*p - '0');
            p++;
        }
        if (eneg) e = -e;
    }
    if (*p) return 0;
    int e10 = e + scale;
    if (sig <= 15 && e10 >= -22 && e10 <= 22) {
        double x = (double)m;
        x = e10 >= 0 ? x * P10[e10] : x / P10[-e10];
        *out = neg ? -x : x;
        return 1;
    }
    *out = strtod(s, NULL);
    return 1;
}

static long mismatches;

/* s must parse, to strtod's bits (and parse_number must agree). */
static void same(const char *s) {
    double a = 0, b = strtod(s, NULL), c = 0;
    int ok = num_parse(s, strlen(s), &a), ok2 = parse_number(s, &c);
    if (!ok || !ok2 || bits(a) != bits(b) || bits(c) != bits(b)) {
        if (mismatches++ < 10)
            printf("FAIL %s: got %d %.17g (%016llx), strtod %.17g (%016llx)\n", s, ok, a, (unsigned long long)bits(a), b,
                   (unsigned long long)bits(b));
        t_fail++;
    } else {
        t_pass++;
    }
}

/* a random double from its bits: every exponent, subnormals included */
static double rnd_double(void) {
    for (;;) {
        double x;
        uint64_t b = rnd();
        memcpy(&x, &b, sizeof x);
        if (isfinite(x)) return x;
    }
}

int main(void) {
    char s[512];
    /* random doubles at every precision; the 16-17 digits of a round trip
       (rgx's save, R's write.csv, Python) above all */
    for (int i = 0; i < 120000; i++) {
        double x = rnd_double();
        if (i % 3 == 1) x = ldexp((double)(rnd() >> 11), -53) * pow(10, (int)(rnd() % 40) - 20);   /* data-like */
        for (int d = 1; d <= 25; d += (d < 14 ? 3 : 1)) {
            snprintf(s, sizeof s, "%.*g", d, x);
            same(s);
        }
        snprintf(s, sizeof s, "%.17e", x);
        same(s);
        snprintf(s, sizeof s, "%.*f", (int)(rnd() % 20), x);
        if (strlen(s) < 400) same(s);
    }
    /* random digit strings: 1-30 digits, the point anywhere, exponents far out */
    for (int i = 0; i < 300000; i++) {
        int nd = 1 + (int)(rnd() % 30), dot = (int)(rnd() % (unsigned)(nd + 2)) - 1, k = 0;
        if (rnd() % 2) s[k++] = '-';
        for (int j = 0; j < nd; j++) {
            if (j == dot) s[k++] = '.';
            s[k++] = (char)('0' + (j == 0 && rnd() % 4 ? 1 + rnd() % 9 : rnd() % 10));
        }
        int e = (int)(rnd() % 760) - 380;
        if (rnd() % 3) k += snprintf(s + k, sizeof s - (size_t)k, "e%d", e);
        s[k] = '\0';
        same(s);
    }
    /* the hard cases */
    const char *hard[] = {
        "9007199254740993", "9007199254740992", "9007199254740991", "9007199254740995", "18014398509481985",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "4.9406564584124654e-324", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "1e308", "1e309", "1e-400", "1e23", "8.988465674311579e307", "0.1", "0.3",
        "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "7.2057594037927933e16", "123456789012345678901234567890",
        "0.000000000000000000000000000000000000001", "1e-320", "3e-324", "2e-324", "5e-324", "0e999999", "-0", "-0.0",
        "0.0000", "4503599627370496.5", "4503599627370497.5", "1.4e-45", "100000000000000000000000",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        "2.22507385850720113605740979670913197593481954635164564802342610972482222202107694551652952390813508791414915891303962110687008643869459464552765720740782062174337998814106326732925355228688137214901298112245145188984905722230728525513315575501591439747639798341180199932396254828901710708185069063066665599493827577257201576306269066333264756530000924588831643303777979186961204949739037782970490505108060994073026293712895895000358379996720725430436028407889577179615094551674824347103070260914462157228988025818254518032570701886087211312807951223342628836862232150377566662250398253433597456888442390026549819838548794829220689472168983109969836584681402285424333066033985088644580400103493397042756718644338377048603786162277173854562306587467901408672332763671875e-308",
    };
    for (size_t i = 0; i < sizeof hard / sizeof *hard; i++) same(hard[i]);
    /* every power of ten, and the halfway points around powers of two */
    for (int e = -350; e <= 310; e++) {
        snprintf(s, sizeof s, "1e%d", e);
        same(s);
        snprintf(s, sizeof s, "9.999999999999999e%d", e);
        same(s);
    }
    for (int e = -1074; e <= 1023; e += 1) {
        double x = ldexp(1, e), up = nextafter(x, INFINITY);
        snprintf(s, sizeof s, "%.40e", x + (up - x) / 2);   /* near the halfway point (rounded by printf) */
        same(s);
        snprintf(s, sizeof s, "%.17g", x);
        same(s);
    }
    printf("numparse: %ld mismatches against strtod\n", mismatches);
    /* the grammar: what parses and what not, against the old parser */
    const char alpha[] = "0123456789..eE+-xXaAfFiInNtTyY \t";
    long gram_bad = 0;
    for (int i = 0; i < 400000; i++) {
        int k = (int)(rnd() % 12);
        for (int j = 0; j < k; j++) s[j] = alpha[rnd() % (sizeof alpha - 1)];
        s[k] = '\0';
        if (i % 7 == 0) snprintf(s, sizeof s, "%s", (const char *[]){"inf", "-Infinity", "+INF", "infinit", "0x1p3", "0x",
                                                                     "0xg", "-0x1A", "1e", "1e+", ".", "-.", ".5", "5.",
                                                                     "+.5e-3", "1..2", "1e5.5", "--1", "nan"}[rnd() % 19]);
        double a = 0, b = 0;
        int ra = num_parse(s, strlen(s), &a), rb = old_parse(s, &b);
        if (ra != rb || (ra && bits(a) != bits(b) && !(isnan(a) && isnan(b)))) {
            if (gram_bad++ < 10) printf("FAIL grammar '%s': new %d %.17g, old %d %.17g\n", s, ra, a, rb, b);
            t_fail++;
        } else {
            t_pass++;
        }
    }
    /* not NUL-terminated: the length bounds the read */
    double x;
    CHECK(num_parse("1.5e3xyz", 5, &x) && x == 1500);
    CHECK(num_parse("12345678901234567890", 8, &x) && x == 12345678);
    CHECK(!num_parse("1.5e3xyz", 6, &x));
    CHECK(!num_parse("", 0, &x));
    return TEST_END();
}
