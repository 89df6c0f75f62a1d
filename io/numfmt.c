/* numfmt.c — see numfmt.h. */
#include "io/numfmt.h"
#include <math.h>
#include <stdio.h>

const char *fmt_num(char *buf, size_t len, double x, int digits) {
    if (isnan(x)) snprintf(buf, len, "NA");
    else if (isinf(x)) snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
    else snprintf(buf, len, "%.*g", digits, x == 0 ? 0.0 : x);
    return buf;
}

const char *fmt_p(char *buf, size_t len, double p) {
    if (isnan(p)) snprintf(buf, len, "NA");
    else if (p < 1e-300) snprintf(buf, len, "<1e-300");
    else if (p >= 1e-4) snprintf(buf, len, "%.3g", p);
    else snprintf(buf, len, "%.2g", p);
    return buf;
}
