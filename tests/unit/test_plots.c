/* test_plots.c — the plot layer: quoting, and the curve building block
 * (steps with censoring marks, a band, a table of numbers under the plot). */
#include <unistd.h>
#include "check.h"
#include "plots/generic.h"

static const char *quoted(const char *s) {
    static Buf b;
    b.len = 0;
    gp_str(&b, s);
    return b.s;
}

int main(void) {
    CHECK_STR(quoted("plain"), "'plain'");
    CHECK_STR(quoted("it's"), "'it''s'");
    CHECK_STR(quoted("a\nb\tc\r"), "'a b c '");
    CHECK_STR(quoted("`touch X` @m $HOME \\n \"q\" %s"), "'`touch X` @m $HOME \\n \"q\" %s'");
    CHECK_STR(quoted("ünï"), "'ünï'");
    CHECK_STR(quoted(NULL), "''");
    Buf d = {0};
    dat_str(&d, "a\"b\nc");
    CHECK_STR(d.s, "\"a'b c\"");
    buf_free(&d);
    /* two Kaplan-Meier-like curves with marks, bands and a risk table */
    double x1[] = {0, 100, 200, 400, 800}, y1[] = {1, 0.8, 0.6, 0.45, 0.3};
    double lo1[] = {1, 0.7, 0.5, 0.35, 0.2}, hi1[] = {1, 0.9, 0.7, 0.55, 0.4};
    double x2[] = {0, 150, 300, 600}, y2[] = {1, 0.7, 0.4, 0.2};
    double m1x[] = {250, 500}, m1y[] = {0.6, 0.45};
    PlotCurve c[2] = {{"EGFR = 0", x1, y1, 5, 1, lo1, hi1, m1x, m1y, 2, NULL, 0}, {"EGFR = 1 'x'", x2, y2, 4, 1, NULL, NULL, NULL, NULL, 0, NULL, 0}};
    double at[] = {0, 250, 500, 750}, risk[] = {50, 30, 12, 4, 40, 20, 6, 1};
    PlotTableUnder tab = {"Number at risk", at, 4, risk};
    PlotOut o = {.dir = "tests/tmp", .name = "curves", .format = "png", .width = 80};
    PlotText t = {.title = "Overall survival by EGFR (n = 90 patients)", .xlabel = "time (days)", .ylabel = "survival probability"};
    PlotResult r = {0};
    int rc = plot_curves(&o, &t, c, 2, "log-rank p = 0.012", &tab, 0, 1, &r);
    CHECK(rc == 0);
    FILE *f = fopen("tests/tmp/curves.gp", "r");
    CHECK(f != NULL);
    if (f) {
        char text[8192];
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
        CHECK(strstr(text, "with steps lw 2 lc rgb '#0072B2' title 'EGFR = 0'") != NULL);
        CHECK(strstr(text, "title 'EGFR = 1 ''x'''") != NULL);
        CHECK(strstr(text, "set label 2 'Number at risk'") != NULL);
        CHECK(strstr(text, "'50' at first 0, graph 0") != NULL);
        CHECK(strstr(text, "with filledcurves") != NULL);
        CHECK(strstr(text, "set label 1 'log-rank p = 0.012'") != NULL);
    }
    if (r.rendered) {   /* gnuplot is there (make deps installs it) */
        f = fopen("tests/tmp/curves.png", "rb");
        unsigned char magic[4] = {0};
        CHECK(f && fread(magic, 1, 4, f) == 4 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G');
        if (f) fclose(f);
    } else {
        CHECK(strstr(r.msg.s, "plots need gnuplot") != NULL);
    }
    plot_result_free(&r);
    return TEST_END();
}
