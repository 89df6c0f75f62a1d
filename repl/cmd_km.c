/* cmd_km.c — km: Kaplan–Meier curves by group, the log-rank test, and the
 * survival at chosen times; plot km draws a stored result.  The curves,
 * the test, the hazard ratio and the split= cuts are stats/survival.h's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/survutil.h"
#include "stats/cox.h"
#include "stats/survival.h"

/* What `km` was asked for: its keywords and options. */
typedef struct KmArgs {
    const char *in, *by, *as;               /* the keywords, or NULL */
    const char *split, *times, *strata;     /* split=, times=, strata=, or NULL */
    int conf;                               /* ConfType */
    double level, rho;                      /* level=, rho= */
} KmArgs;

/* The groups of the rows, and their strata. */
typedef struct KmGroups {
    size_t k;               /* groups: 1 ("all") without by GROUP */
    size_t *gid;            /* the rows' groups (GROUP_NONE_IDX: none), all 0 without by (owned) */
    StrList names;          /* k names, as made */
    StrList shown;          /* the same, sanitised for printing */
    size_t *strata;         /* the rows' strata with strata= and two groups or more, else NULL (owned) */
    StrList snames;         /* the strata's names */
} KmGroups;

/* Parse km's words into o.  Returns 0, or 1 after the usage or error. */
static int km_args(Session *s, Args *a, KmArgs *o) {
    o->in = args_take_kw(a, "in");
    o->by = args_take_kw(a, "by");
    o->as = args_take_kw(a, "as");
    o->conf = args_get_choice(a, "conf", 0, NULL);
    o->level = args_get_double(a, "level", 0.95, 0.5, 0.999);
    o->rho = args_get_double(a, "rho", 0, 0, 5);
    o->split = args_opt(a, "split");
    o->times = args_opt(a, "times");
    o->strata = args_opt(a, "strata");
    if (args_failed(s, a)) return 1;
    if (a->npos != 2) return args_usage(s, a);
    return o->as && !valid_table_name(s, "km", o->as);
}

/* split=HOW of numeric column j: the groups of the rows (gid) and their
 * names ("COL <= cut", "COL in (a, b]", "COL > cut").  Returns the number
 * of groups, or -1 after the message. */
static int split_groups(Session *s, const Table *t, long j, const char *how, size_t *gid, StrList *names) {
    const Column *c = &t->cols[j];
    if (c->type != COL_NUM) { rgx_error(s, "km: split= needs a numeric column; %s is text", c->name); return -1; }
    static const char *const words[] = {"median", "tertiles", "quartiles"};
    SplitHow h = SPLIT_VALUE;
    for (int q = 0; q < 3; q++)
        if (!strcasecmp(how, words[q])) h = (SplitHow)q;
    char *end = NULL;
    double value = h == SPLIT_VALUE ? strtod(how, &end) : NAN;
    double cut[3];
    int nc = split_cuts(c->num, t->nrow, h, value, cut);
    if (nc < 0) { rgx_error(s, "km: out of memory"); return -1; }
    if (!nc) { rgx_error(s, "km: %s has no values", c->name); return -1; }
    if (end && (end == how || *end)) {
        rgx_error(s, "km: split=%s: expected median, tertiles, quartiles or a number", how);
        return -1;
    }
    char lo[64], hi[64];
    for (int g = 0; g <= nc; g++) {
        if (g) fmt_num(lo, sizeof lo, cut[g - 1], s->digits);
        if (g < nc) fmt_num(hi, sizeof hi, cut[g], s->digits);
        if (g == 0) strlist_addf(names, "%s <= %s", c->name, hi);
        else if (g == nc) strlist_addf(names, "%s > %s", c->name, lo);
        else strlist_addf(names, "%s in (%s, %s]", c->name, lo, hi);
    }
    split_assign(c->num, t->nrow, cut, nc, gid);
    return nc + 1;
}

/* The groups of t's rows (by GROUP, split=) and the strata (strata=, with
 * two groups or more) into g.  Returns 0, or -1 after the message; g is
 * to be freed with km_groups_free either way. */
static int km_groups(Session *s, const Table *t, const KmArgs *o, KmGroups *g) {
    size_t n = t->nrow;
    g->gid = xcalloc(n ? n : 1, sizeof *g->gid);
    if (o->by) {
        Buf err = {0};
        long gj = table_find_err(t, o->by, &err);
        if (gj < 0) rgx_error(s, "km: by %s", err.s);
        buf_free(&err);
        if (gj < 0) return -1;
        int r = o->split ? split_groups(s, t, gj, o->split, g->gid, &g->names)
                         : command_groups(s, "km", t, gj, g->gid, &g->names);
        if (r < 0) return -1;
    } else {
        strlist_add(&g->names, "all");
    }
    g->k = g->names.n;
    Buf b = {0};
    for (size_t q = 0; q < g->k; q++) strlist_add(&g->shown, fmt_text(&b, g->names.v[q]));
    buf_free(&b);
    if (o->strata && g->k < 2)
        rgx_warn(s, "km: strata= stratifies the test between groups; without two groups (by GROUP) it is ignored");
    if (!o->strata || g->k < 2) return 0;
    g->strata = xmalloc((n ? n : 1) * sizeof *g->strata);
    return command_strata(s, "km", t, o->strata, g->strata, &g->snames) < 0 ? -1 : 0;
}

static void km_groups_free(KmGroups *g) {
    free(g->gid);
    free(g->strata);
    strlist_free(&g->names);
    strlist_free(&g->shown);
    strlist_free(&g->snames);
}

/* The k curves (caller frees each with km_free, then the array), or NULL
 * after the message. */
static KmCurve *km_curves(Session *s, const KmArgs *o, const SurvData *sv, size_t n, const KmGroups *g) {
    KmCurve *cv = xcalloc(g->k, sizeof *cv);
    for (size_t q = 0; q < g->k; q++)
        if (km_fit(sv->time, sv->event, o->by ? g->gid : NULL, q, n, (ConfType)o->conf, o->level, &cv[q]) < 0) {
            rgx_error(s, "km: out of memory");
            for (size_t r = 0; r < q; r++) km_free(&cv[r]);
            free(cv);
            return NULL;
        }
    return cv;
}

/* The result's main table NAME: group n events median median_low
 * median_high, the median in TIME's unit (may be NULL). */
static Table *km_main_table(const char *name, const char *from, const KmGroups *g, const KmCurve *cv,
                            const char *unit) {
    size_t k = g->k;
    Table *o = table_new(name, from, k);
    char **gn = xcalloc(k, sizeof *gn);
    double *col[5];
    for (int q = 0; q < 5; q++) col[q] = xmalloc(k * sizeof **col);
    for (size_t r = 0; r < k; r++) {
        gn[r] = xstrdup(g->names.v[r]);
        double vals[5] = {(double)cv[r].n, (double)cv[r].events, cv[r].median, cv[r].median_lo, cv[r].median_hi};
        for (int q = 0; q < 5; q++) col[q][r] = vals[q];
    }
    static const char *const cnames[5] = {"n", "events", "median", "median_low", "median_high"};
    table_add_str(o, "group", NULL, gn);
    for (int q = 0; q < 5; q++) {
        long cj = table_add_num(o, cnames[q], NULL, col[q]);
        if (q == 2 && unit) column_set_unit(o, (size_t)cj, unit);
    }
    return o;
}

/* NAME.curve: a row per group and distinct time (group time n_risk
 * n_event n_censor surv se ci_low ci_high), time in TIME's unit. */
static Table *km_curve_table(const char *name, const char *from, const KmGroups *g, const KmCurve *cv,
                             const char *unit) {
    size_t rows = 0;
    for (size_t q = 0; q < g->k; q++) rows += cv[q].m;
    Buf nb = {0};
    buf_printf(&nb, "%s.curve", name);
    Table *cu = table_new(nb.s, from, rows);
    buf_free(&nb);
    char **cg = xcalloc(rows ? rows : 1, sizeof *cg);
    double *col[8];
    for (int q = 0; q < 8; q++) col[q] = xmalloc((rows ? rows : 1) * sizeof **col);
    size_t r = 0;
    for (size_t q = 0; q < g->k; q++)
        for (size_t i = 0; i < cv[q].m; i++, r++) {
            cg[r] = xstrdup(g->names.v[q]);
            double vals[8] = {cv[q].time[i], cv[q].n_risk[i], cv[q].n_event[i], cv[q].n_censor[i],
                              cv[q].surv[i], cv[q].se[i], cv[q].lo[i], cv[q].hi[i]};
            for (int c = 0; c < 8; c++) col[c][r] = vals[c];
        }
    static const char *const cnames[8] = {"time", "n_risk", "n_event", "n_censor", "surv", "se", "ci_low", "ci_high"};
    table_add_str(cu, "group", NULL, cg);
    for (int q = 0; q < 8; q++) {
        long cj = table_add_num(cu, cnames[q], NULL, col[q]);
        if (q == 0 && unit) column_set_unit(cu, (size_t)cj, unit);
    }
    return cu;
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

/* The test line, after the line of who had no stratum when stratified. */
static void print_test(Session *s, const KmArgs *o, const KmGroups *g, const KmCompare *c) {
    Buf sb = {0}, b1 = {0}, b2 = {0};
    if (g->strata) {   /* "stratified by COL (3 strata: …)", and who had no stratum */
        Buf sl = {0};
        join_list(&sl, (const char *const *)g->snames.v, g->snames.n, 6);
        buf_printf(&sb, ", stratified by %s (%zu strat%s: %s)", o->strata, g->snames.n, g->snames.n == 1 ? "um" : "a",
                   sl.s);
        buf_free(&sl);
        if (c->no_stratum)
            out_printf(&s->out, "  %zu patient%s without a value of %s left out of the test%s\n", c->no_stratum,
                       c->no_stratum == 1 ? "" : "s", fmt_text(&b1, o->strata),
                       g->k == 2 ? " and the hazard ratio" : "");
    }
    const char *sdesc = fmt_text(&b2, sb.s ? sb.s : "");
    char pb[32], tb[128];
    if (isnan(c->chisq) || isnan(c->df))
        out_printf(&s->out, "  %s%s: no test (no events, or no group with patients at risk at an event)\n",
                   test_name(o->rho, tb, sizeof tb), sdesc);
    else
        out_printf(&s->out, "  %s%s: chisq = %.4g on %g df, p = %s\n", test_name(o->rho, tb, sizeof tb), sdesc,
                   c->chisq, c->df, fmt_p(pb, sizeof pb, c->p));
    buf_free(&sb);
    buf_free(&b1);
    buf_free(&b2);
}

/* The hazard ratio line of two groups: the second against the first (Cox,
 * Efron; within strata when stratified) with its interval at level=, or
 * why there is none. */
static void print_hr(Session *s, const KmArgs *o, const KmGroups *g, const KmCompare *c) {
    Buf hl = {0}, b1 = {0};
    buf_printf(&hl, "hazard ratio %s vs %s", g->shown.v[1], g->shown.v[0]);
    if (g->strata) buf_printf(&hl, " within strata of %s", fmt_text(&b1, o->strata));
    if (c->hr_status == COX_HR_OK) {
        char h1[32], h2[32], h3[32];
        out_printf(&s->out, "  %s: %s (%g%% CI %s-%s; Cox, Efron%s%s%s)\n", hl.s, fmt_num(h1, 32, c->hr[0], 4), o->level * 100,
                   fmt_num(h2, 32, c->hr[1], 4), fmt_num(h3, 32, c->hr[2], 4),
                   g->strata ? ", coxph(Surv ~ group + strata(" : "", g->strata ? fmt_text(&b1, o->strata) : "",
                   g->strata ? "))" : "");
    } else {
        out_printf(&s->out, "  %s: not estimated (%s)\n", hl.s, hr_reason(c->hr_status, g->strata != NULL));
    }
    buf_free(&hl);
    buf_free(&b1);
}

/* The comparison of k >= 2 groups (km_compare): printed, and returned as
 * NAME.test (chisq df p rho hr hr_low hr_high strata; caller owns it). */
static Table *km_test(Session *s, const KmArgs *o, const SurvData *sv, size_t n, const KmGroups *g, const char *name,
                      const char *from) {
    KmCompare c;
    km_compare(sv->time, sv->event, g->gid, g->strata, g->snames.n, n, g->k, o->rho, o->level, &c);
    print_test(s, o, g, &c);
    if (g->k == 2) print_hr(s, o, g, &c);
    Buf tn = {0};
    buf_printf(&tn, "%s.test", name);
    Table *test = table_new(tn.s, from, 1);
    buf_free(&tn);
    double tv[7] = {c.chisq, c.df, c.p, o->rho, c.hr[0], c.hr[1], c.hr[2]};
    static const char *const tnames[7] = {"chisq", "df", "p", "rho", "hr", "hr_low", "hr_high"};
    for (int q = 0; q < 7; q++) {
        double *v = xmalloc(sizeof *v);
        *v = tv[q];
        table_add_num(test, tnames[q], NULL, v);
    }
    char **sv1 = xcalloc(1, sizeof *sv1);
    sv1[0] = o->strata ? xstrdup(o->strata) : NULL;
    table_add_str(test, "strata", NULL, sv1);
    return test;
}

/* times=LIST: each group's survival, limits and number at risk at each
 * time (km_at), as summary(survfit, times =); a word that is not a number
 * is skipped with a warning. */
static void print_times(Session *s, const KmArgs *o, const KmGroups *g, const KmCurve *cv) {
    char *copy = xstrdup(o->times);
    out_printf(&s->out, "  %-24s %10s %9s %9s %9s %8s\n", "group", "time", "surv", "lower", "upper", "at risk");
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        double tt = strtod(tok, &end);
        if (end == tok || *end) { rgx_warn(s, "km: times=%s: '%s' is not a number; skipped", o->times, tok); continue; }
        for (size_t q = 0; q < g->k; q++) {
            double sv, lo, hi, nr;
            km_at(&cv[q], tt, &sv, &lo, &hi, &nr);
            char c1[32], c2[32], c3[32], c4[32];
            out_printf(&s->out, "  %-24s %10s %9s %9s %9s %8.0f\n", g->shown.v[q], fmt_num(c1, 32, tt, s->digits),
                       fmt_num(c2, 32, sv, 4), fmt_num(c3, 32, lo, 4), fmt_num(c4, 32, hi, 4), nr);
        }
    }
    free(copy);
}

/* The first lines: the curves, the patients used and left out, how EVENT
 * was read; then the main table top. */
static void km_header(Session *s, const Args *a, const KmArgs *o, const Table *t, const char *name,
                      const SurvData *sv, const KmGroups *g, const KmCurve *cv, const Table *top) {
    static const char *const confn[] = {"log", "log-log", "plain"};
    size_t used = 0, dropped;
    for (size_t q = 0; q < g->k; q++) used += cv[q].n;
    dropped = t->nrow - used;
    Buf b1 = {0}, b2 = {0};
    out_printf(&s->out, "km %s: Kaplan-Meier of %s, %s in %s (%zu patient%s, conf=%s %g%%)\n", name,
               fmt_text(&b1, a->pos[0]), fmt_text(&b2, a->pos[1]), t->name, used, plural_s(used), confn[o->conf],
               o->level * 100);
    if (sv->note) out_printf(&s->out, "  event: %s\n", sv->note);
    if (dropped)
        out_printf(&s->out, "  %zu patient%s without time, event%s left out\n", dropped, dropped == 1 ? "" : "s",
                   o->by ? " or group" : "");
    print_table(s, top, NULL, 0, NULL, 0);
    const char *unit = t->cols[sv->jt].unit;
    if (unit) out_printf(&s->out, "  (median in %s; NA: the curve does not reach 0.5)\n", unit);
    buf_free(&b1);
    buf_free(&b2);
}

int cmd_km(Session *s, Args *a) {
    KmArgs o = {0};
    if (km_args(s, a, &o)) return 1;
    Table *t = command_table(s, "km", o.in, a->pos[0]);
    if (!t) return 1;
    SurvData sv;
    if (command_survival(s, "km", t, a->pos[0], a->pos[1], 1, &sv) < 0) return 1;
    KmGroups g = {0};
    KmCurve *cv = NULL;
    int rc = 1;
    if (km_groups(s, t, &o, &g) < 0 || !(cv = km_curves(s, &o, &sv, t->nrow, &g))) goto done;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "km");
    const char *unit = t->cols[sv.jt].unit;
    Table *top = km_main_table(name, t->name, &g, cv, unit), *curve = km_curve_table(name, t->name, &g, cv, unit);
    km_header(s, a, &o, t, name, &sv, &g, cv, top);
    Table *test = g.k >= 2 ? km_test(s, &o, &sv, t->nrow, &g, name, t->name) : NULL;
    if (o.times) print_times(s, &o, &g, cv);
    Result *res = command_result(a, "km", top);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "table", t->name);
    result_param(res, "endpoint", t->cols[sv.je].unit);   /* load clinical's endpoint (io/load_clinical.h), or none */
    result_param(res, "conf", o.conf == 0 ? "log" : o.conf == 1 ? "loglog" : "plain");
    result_paramf(res, "level", "%g", o.level);
    result_add(res, curve);
    if (test) result_add(res, test);   /* a run without groups has no test: the old one goes */
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    for (size_t q = 0; cv && q < g.k; q++) km_free(&cv[q]);
    free(cv);
    km_groups_free(&g);
    surv_data_free(&sv);
    return rc;
}
