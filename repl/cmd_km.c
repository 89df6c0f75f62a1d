/* cmd_km.c — km: Kaplan–Meier curves by group, the log-rank test, and the
 * survival at chosen times; plot km draws a stored result. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/cox.h"
#include "stats/describe.h"
#include "stats/survival.h"

/* Numeric split of column j: median, tertiles, quartiles or a value.
 * Fills gid and names; returns the number of groups or -1. */
static int split_groups(Session *s, const Table *t, long j, const char *how, size_t *gid, StrList *names) {
    const Column *c = &t->cols[j];
    if (c->type != COL_NUM) { rgx_error(s, "km: split= needs a numeric column; %s is text", c->name); return -1; }
    size_t n = t->nrow, m = 0;
    double *v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        if (!isnan(c->num[i])) v[m++] = c->num[i];
    if (!m) { free(v); rgx_error(s, "km: %s has no values", c->name); return -1; }
    for (size_t a = 1; a < m; a++)
        for (size_t b = a; b > 0 && v[b - 1] > v[b]; b--) { double x = v[b]; v[b] = v[b - 1]; v[b - 1] = x; }
    double cut[3];
    int nc;
    if (!strcasecmp(how, "median")) { cut[0] = quantile_sorted(v, m, 0.5); nc = 1; }
    else if (!strcasecmp(how, "tertiles")) { cut[0] = quantile_sorted(v, m, 1.0 / 3); cut[1] = quantile_sorted(v, m, 2.0 / 3); nc = 2; }
    else if (!strcasecmp(how, "quartiles")) {
        cut[0] = quantile_sorted(v, m, 0.25); cut[1] = quantile_sorted(v, m, 0.5); cut[2] = quantile_sorted(v, m, 0.75); nc = 3;
    } else {
        char *end;
        cut[0] = strtod(how, &end);
        if (end == how || *end) {
            free(v);
            rgx_error(s, "km: split=%s: expected median, tertiles, quartiles or a number", how);
            return -1;
        }
        nc = 1;
    }
    free(v);
    char lo[64], hi[64];
    for (int g = 0; g <= nc; g++) {
        if (g) fmt_num(lo, sizeof lo, cut[g - 1], s->digits);
        if (g < nc) fmt_num(hi, sizeof hi, cut[g], s->digits);
        if (g == 0) strlist_addf(names, "%s <= %s", c->name, hi);
        else if (g == nc) strlist_addf(names, "%s > %s", c->name, lo);
        else strlist_addf(names, "%s in (%s, %s]", c->name, lo, hi);
    }
    for (size_t i = 0; i < n; i++) {
        double x = c->num[i];
        if (isnan(x)) { gid[i] = GROUP_NONE_IDX; continue; }
        int g = 0;
        while (g < nc && x > cut[g]) g++;
        gid[i] = (size_t)g;
    }
    return nc + 1;
}

static long survival_col(Session *s, const Table *t, const char *ref, const char *what) {
    Buf err = {0};
    long j = table_find_err(t, ref, &err);
    if (j < 0) { rgx_error(s, "km: %s %s", what, err.s); buf_free(&err); return -1; }
    return j;
}

/* The test's name in the output: survdiff's rho = 0 is the log-rank test,
 * rho = 1 Peto & Peto's modification of the Gehan–Wilcoxon test, any other
 * rho the Harrington–Fleming G-rho test. */
static const char *test_name(double rho, char *buf, size_t len) {
    if (rho == 0) snprintf(buf, len, "log-rank");
    else if (rho == 1) snprintf(buf, len, "Peto-Peto (Peto & Peto's modified Gehan-Wilcoxon test, survdiff rho = 1)");
    else snprintf(buf, len, "Harrington-Fleming G-rho test (survdiff rho = %g)", rho);
    return buf;
}

/* Why a two-group hazard ratio was not estimated (cox_hazard_ratio). */
static const char *hr_reason(int st, int stratified) {
    switch (st) {
    case COX_HR_NO_EVENTS: return "no events";
    case COX_HR_NOT_ESTIMABLE:
        return stratified ? "no stratum holds patients of both groups at an event time"
                          : "the groups do not both have patients at risk at an event time";
    case COX_HR_INFINITE:
        return "the Cox coefficient is infinite: monotone likelihood, the groups separate the events (e.g. one "
               "group has none)";
    case COX_HR_NO_CONVERGENCE: return "the Cox model did not converge in 20 iterations";
    default: return "out of memory";
    }
}

int cmd_km(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *by = args_take_kw(a, "by");
    const char *as = args_take_kw(a, "as");
    int conf = args_get_choice(a, "conf", 0, NULL);
    double level = args_get_double(a, "level", 0.95, 0.5, 0.999);
    double rho = args_get_double(a, "rho", 0, 0, 5);
    const char *split = args_opt(a, "split"), *times = args_opt(a, "times"), *strata = args_opt(a, "strata");
    if (args_failed(s, a)) return 1;
    if (a->npos != 2) return args_usage(s, a);
    if (as && !valid_table_name(s, "km", as)) return 1;
    Table *t = command_table(s, "km", in, a->pos[0]);
    if (!t) return 1;
    long jt = survival_col(s, t, a->pos[0], "TIME"), je = jt >= 0 ? survival_col(s, t, a->pos[1], "EVENT") : -1;
    if (je < 0) return 1;
    if (t->cols[jt].type != COL_NUM) {
        rgx_error(s, "km: TIME column %s is text; load the file with load clinical to code it", a->pos[0]);
        return 1;
    }
    size_t n = t->nrow;
    const double *time = t->cols[jt].num;
    double *event;
    char *enote;
    if (command_event(s, "km", t, je, &event, &enote) < 0) return 1;
    size_t *gid = xcalloc(n ? n : 1, sizeof *gid), *sg = NULL;
    StrList names = {0}, shown = {0}, snames = {0};
    Buf sb = {0}, b1 = {0}, b2 = {0};
    int rc = 1;
    size_t k = 1;
    if (by) {
        Buf err = {0};
        long gj = table_find_err(t, by, &err);
        if (gj < 0) { rgx_error(s, "km: by %s", err.s); buf_free(&err); goto done; }
        int r = split ? split_groups(s, t, gj, split, gid, &names) : command_groups(s, "km", t, gj, gid, &names);
        if (r < 0) goto done;
        k = names.n;
    } else {
        strlist_add(&names, "all");
    }
    for (size_t g = 0; g < k; g++) strlist_add(&shown, fmt_text(&b1, names.v[g]));
    if (strata && k < 2) rgx_warn(s, "km: strata= stratifies the test between groups; without two groups (by GROUP) it is ignored");
    if (strata && k >= 2) {
        sg = xmalloc((n ? n : 1) * sizeof *sg);
        if (command_strata(s, "km", t, strata, sg, &snames) < 0) goto done;
    }
    /* fit each group */
    KmCurve *cv = xcalloc(k, sizeof *cv);
    size_t used = 0, dropped = 0;
    for (size_t g = 0; g < k; g++) {
        if (km_fit(time, event, by ? gid : NULL, g, n, (ConfType)conf, level, &cv[g]) < 0) {
            rgx_error(s, "km: out of memory");
            for (size_t q = 0; q < g; q++) km_free(&cv[q]);
            free(cv);
            goto done;
        }
        used += cv[g].n;
    }
    dropped = n - used;
    char *name = as ? xstrdup(as) : session_new_name(s, "km");
    const char *unit = t->cols[jt].unit;
    /* NAME: group n events median median_low median_high */
    Table *o = table_new(name, t->name, k);
    char **gn = xcalloc(k, sizeof *gn);
    double *cn = xmalloc(k * sizeof *cn), *ce = xmalloc(k * sizeof *ce), *cm = xmalloc(k * sizeof *cm);
    double *cl = xmalloc(k * sizeof *cl), *ch = xmalloc(k * sizeof *ch);
    size_t rows = 0;
    for (size_t g = 0; g < k; g++) {
        gn[g] = xstrdup(names.v[g]);
        cn[g] = (double)cv[g].n;
        ce[g] = (double)cv[g].events;
        cm[g] = cv[g].median;
        cl[g] = cv[g].median_lo;
        ch[g] = cv[g].median_hi;
        rows += cv[g].m;
    }
    table_add_str(o, "group", NULL, gn);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "events", NULL, ce);
    long mj = table_add_num(o, "median", NULL, cm);
    table_add_num(o, "median_low", NULL, cl);
    table_add_num(o, "median_high", NULL, ch);
    if (unit) column_set_unit(o, (size_t)mj, unit);
    /* NAME.curve */
    Buf nb = {0};
    buf_printf(&nb, "%s.curve", name);
    Table *cu = table_new(nb.s, t->name, rows);
    char **cg = xcalloc(rows ? rows : 1, sizeof *cg);
    double *col[8];
    for (int q = 0; q < 8; q++) col[q] = xmalloc((rows ? rows : 1) * sizeof **col);
    size_t r = 0;
    for (size_t g = 0; g < k; g++)
        for (size_t i = 0; i < cv[g].m; i++, r++) {
            cg[r] = xstrdup(names.v[g]);
            double vals[8] = {cv[g].time[i], cv[g].n_risk[i], cv[g].n_event[i], cv[g].n_censor[i],
                              cv[g].surv[i], cv[g].se[i], cv[g].lo[i], cv[g].hi[i]};
            for (int q = 0; q < 8; q++) col[q][r] = vals[q];
        }
    static const char *const cnames[8] = {"time", "n_risk", "n_event", "n_censor", "surv", "se", "ci_low", "ci_high"};
    table_add_str(cu, "group", NULL, cg);
    for (int q = 0; q < 8; q++) {
        long cj = table_add_num(cu, cnames[q], NULL, col[q]);
        if (q == 0 && unit) column_set_unit(cu, (size_t)cj, unit);
    }
    static const char *const confn[] = {"log", "log-log", "plain"};
    out_printf(&s->out, "km %s: Kaplan-Meier of %s, %s in %s (%zu patients, conf=%s %g%%)\n", name,
               fmt_text(&b1, a->pos[0]), fmt_text(&b2, a->pos[1]), t->name, used, confn[conf], level * 100);
    if (enote) out_printf(&s->out, "  event: %s\n", enote);
    if (dropped) out_printf(&s->out, "  %zu patient%s without time, event%s left out\n", dropped, dropped == 1 ? "" : "s", by ? " or group" : "");
    print_table(s, o, NULL, 0, NULL, 0);
    if (unit) out_printf(&s->out, "  (median in %s; NA: the curve does not reach 0.5)\n", unit);
    /* the test, and for two groups the hazard ratio */
    Table *test = NULL;
    if (k >= 2) {
        double df, p, *O = xmalloc(k * sizeof *O), *E = xmalloc(k * sizeof *E), chi;
        chi = logrank_strata(time, event, gid, sg, snames.n, n, k, rho, O, E, &df, &p);
        char pb[32], tb[128];
        if (sg) {   /* "stratified by COL (3 strata: …)", and who had no stratum */
            size_t nos = 0;
            for (size_t i = 0; i < n; i++)
                nos += !isnan(time[i]) && !isnan(event[i]) && gid[i] != GROUP_NONE_IDX && sg[i] == GROUP_NONE_IDX;
            Buf sl = {0};
            join_list(&sl, (const char *const *)snames.v, snames.n, 6);
            buf_printf(&sb, ", stratified by %s (%zu strat%s: %s)", strata, snames.n, snames.n == 1 ? "um" : "a", sl.s);
            buf_free(&sl);
            if (nos)
                out_printf(&s->out, "  %zu patient%s without a value of %s left out of the test%s\n", nos,
                           nos == 1 ? "" : "s", fmt_text(&b1, strata), k == 2 ? " and the hazard ratio" : "");
        }
        const char *sdesc = fmt_text(&b2, sb.s ? sb.s : "");
        if (isnan(chi) || isnan(df))
            out_printf(&s->out, "  %s%s: no test (no events, or no group with patients at risk at an event)\n",
                       test_name(rho, tb, sizeof tb), sdesc);
        else
            out_printf(&s->out, "  %s%s: chisq = %.4g on %g df, p = %s\n", test_name(rho, tb, sizeof tb), sdesc, chi,
                       df, fmt_p(pb, sizeof pb, p));
        Buf tn = {0};
        buf_printf(&tn, "%s.test", name);
        test = table_new(tn.s, t->name, 1);
        /* two groups: the hazard ratio of the second against the first
           (Cox, Efron; within strata when stratified) */
        double hr[3] = {NAN, NAN, NAN};
        if (k == 2) {
            int st = cox_hazard_ratio(time, event, gid, sg, n, 0.95, hr);
            Buf hl = {0};
            buf_printf(&hl, "hazard ratio %s vs %s", shown.v[1], shown.v[0]);
            if (sg) buf_printf(&hl, " within strata of %s", fmt_text(&b1, strata));
            if (st == COX_HR_OK) {
                char h1[32], h2[32], h3[32];
                out_printf(&s->out, "  %s: %s (95%% CI %s-%s; Cox, Efron%s%s%s)\n", hl.s, fmt_num(h1, 32, hr[0], 4),
                           fmt_num(h2, 32, hr[1], 4), fmt_num(h3, 32, hr[2], 4),
                           sg ? ", coxph(Surv ~ group + strata(" : "", sg ? fmt_text(&b1, strata) : "", sg ? "))" : "");
            } else {
                out_printf(&s->out, "  %s: not estimated (%s)\n", hl.s, hr_reason(st, sg != NULL));
            }
            buf_free(&hl);
        }
        double tv[7] = {chi, df, p, rho, hr[0], hr[1], hr[2]};
        static const char *const tnames[7] = {"chisq", "df", "p", "rho", "hr", "hr_low", "hr_high"};
        for (int q = 0; q < 7; q++) {
            double *v = xmalloc(sizeof *v);
            *v = tv[q];
            table_add_num(test, tnames[q], NULL, v);
        }
        char **sv = xcalloc(1, sizeof *sv);
        sv[0] = strata ? xstrdup(strata) : NULL;
        table_add_str(test, "strata", NULL, sv);
        buf_free(&tn);
        free(O);
        free(E);
    }
    /* survival at chosen times */
    if (times) {
        char *copy = xstrdup(times);
        out_printf(&s->out, "  %-24s %10s %9s %9s %9s %8s\n", "group", "time", "surv", "lower", "upper", "at risk");
        for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char *end;
            double tt = strtod(tok, &end);
            if (end == tok || *end) { rgx_warn(s, "km: times=%s: '%s' is not a number; skipped", times, tok); continue; }
            for (size_t g = 0; g < k; g++) {
                double sv, lo, hi, nr;
                km_at(&cv[g], tt, &sv, &lo, &hi, &nr);
                char c1[32], c2[32], c3[32], c4[32];
                out_printf(&s->out, "  %-24s %10s %9s %9s %9s %8.0f\n", shown.v[g], fmt_num(c1, 32, tt, s->digits),
                           fmt_num(c2, 32, sv, 4), fmt_num(c3, 32, lo, 4), fmt_num(c4, 32, hi, 4), nr);
            }
        }
        free(copy);
    }
    for (size_t g = 0; g < k; g++) km_free(&cv[g]);
    free(cv);
    Result *res = command_result(a, "km", o);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "table", t->name);
    result_param(res, "conf", conf == 0 ? "log" : conf == 1 ? "loglog" : "plain");
    result_paramf(res, "level", "%g", level);
    result_add(res, cu);
    if (test) result_add(res, test);   /* a run without groups has no test: the old one goes */
    store_unit(s, res);
    buf_free(&nb);
    free(name);
    rc = 0;
done:
    free(gid);
    free(sg);
    free(event);
    free(enote);
    strlist_free(&names);
    strlist_free(&shown);
    strlist_free(&snames);
    buf_free(&sb);
    buf_free(&b1);
    buf_free(&b2);
    return rc;
}
