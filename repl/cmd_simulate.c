/* cmd_simulate.c — simulate cohort / simulate radiomics for=T. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/simulate.h"

/* PyRadiomics-like feature names: image type × feature, unique. */
static char *feature_name(size_t k) {
    static const char *const types[] = {"original", "wavelet-LLH", "wavelet-HLL", "wavelet-LHL", "wavelet-HHH",
                                        "wavelet-LLL", "log-sigma-1-0-mm-3D", "log-sigma-3-0-mm-3D", "square",
                                        "gradient"};
    static const char *const feats[] = {
        "shape_MeshVolume", "firstorder_Mean", "glcm_Contrast", "glcm_Correlation", "glrlm_RunEntropy",
        "firstorder_Entropy", "glszm_ZoneEntropy", "firstorder_Kurtosis", "glcm_JointEnergy", "gldm_DependenceEntropy",
        "firstorder_Skewness", "glcm_Idm", "glrlm_ShortRunEmphasis", "glszm_SmallAreaEmphasis", "ngtdm_Coarseness",
        "firstorder_90Percentile", "glcm_ClusterShade", "gldm_LargeDependenceEmphasis", "shape_Sphericity",
        "ngtdm_Busyness"};
    size_t nt = sizeof types / sizeof *types, nf = sizeof feats / sizeof *feats;
    Buf b = {0};
    buf_printf(&b, "%s_%s", types[(k / nf) % nt], feats[k % nf]);
    if (k >= nt * nf) buf_printf(&b, "_%zu", k / (nt * nf) + 1);
    return b.s;
}

static const char *const GENE_NAMES[] = {"EGFR", "PDGFRA", "MET", "CDK4", "MDM2", "CHI3L1", "OLIG2", "SOX2", "NES", "VEGFA"};
static const char *const MUT_NAMES[SIM_NMUT] = {"EGFR", "IDH1", "TP53"};

static char *gene_name(size_t j) {
    if (j < 10) return xstrdup(GENE_NAMES[j]);
    Buf b = {0};
    buf_printf(&b, "G%04zu", j + 1);
    return b.s;
}

/* Add a numeric column taking ownership of v (n values copied from src when v is NULL). */
static long add_num(Table *t, const char *name, const char *origin, const double *src) {
    double *v = xmalloc((t->nrow ? t->nrow : 1) * sizeof *v);
    memcpy(v, src, t->nrow * sizeof *v);
    return table_add_num(t, name, origin, v);
}

/* The truth table: kind, column, partner, effect, what. */
typedef struct Truth {
    StrList kind, column, partner, what;   /* text columns */
    double *effect;                        /* planted size */
    size_t n, cap;
} Truth;

static void truth_add(Truth *T, const char *kind, const char *col, const char *partner, double eff, const char *what) {
    strlist_add(&T->kind, kind);
    strlist_add(&T->column, col);
    strlist_add(&T->partner, partner);
    strlist_add(&T->what, what);
    if (T->n == T->cap) {
        T->cap = T->cap ? 2 * T->cap : 16;
        T->effect = xrealloc(T->effect, T->cap * sizeof *T->effect);
    }
    T->effect[T->n++] = eff;
}

static char **take(StrList *l) {
    char **v = l->v;
    *l = (StrList){0};
    return v;
}

static Table *truth_table(Truth *T, const char *name) {
    Table *t = table_new(name, "simulate", T->n);
    table_add_str(t, "kind", NULL, take(&T->kind));
    table_add_str(t, "column", NULL, take(&T->column));
    table_add_str(t, "partner", NULL, take(&T->partner));
    table_add_num(t, "effect", NULL, T->effect);
    table_add_str(t, "what", NULL, take(&T->what));
    T->effect = NULL;
    return t;
}

int cmd_simulate_cohort(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos) return args_usage(s, a);
    long n = args_get_int(a, "n", 200, 3, 10000000L);
    long nf = args_get_int(a, "features", 100, 1, 100000L);
    long ng = args_get_int(a, "genes", 500, 1, 100000L);
    double eff = args_get_double(a, "effect", 0.5, 0, 3);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    char *name = as ? xstrdup(as) : session_new_name(s, "sim");
    if (!valid_table_name(s, "simulate", name)) { free(name); return 1; }
    SimCohort c;
    if (sim_cohort((size_t)n, (size_t)nf, (size_t)ng, eff, (unsigned long)seed, &c) < 0) {
        rgx_error(s, "simulate: out of memory");
        free(name);
        return 1;
    }
    Buf src = {0};
    buf_printf(&src, "simulated cohort (n=%ld features=%ld genes=%ld effect=%g seed=%ld)", n, nf, ng, eff, seed);
    Table *t = table_new(name, src.s, (size_t)n);
    char **ids = xcalloc((size_t)n, sizeof *ids);
    for (long i = 0; i < n; i++) {
        Buf b = {0};
        buf_printf(&b, "SIM-%04ld", i + 1);
        ids[i] = b.s;
    }
    table_add_str(t, "patient", NULL, ids);
    table_set_id(t, 0);
    for (long j = 0; j < nf; j++) {
        char *fname = feature_name((size_t)j);
        add_num(t, fname, "rad", c.feat + j * n);
        free(fname);
    }
    for (long j = 0; j < ng; j++) {
        char *g = gene_name((size_t)j);
        add_num(t, g, "expr", c.gene + j * n);
        free(g);
    }
    for (int m = 0; m < SIM_NMUT; m++) add_num(t, MUT_NAMES[m], "mut", c.mut + m * n);
    add_num(t, "cluster", "clin", c.cluster);
    long tj = add_num(t, "time", "clin", c.time);
    column_set_unit(t, (size_t)tj, "days");
    add_num(t, "event", "clin", c.event);
    /* the truth, as planted */
    Truth T = {0};
    Buf w = {0};
    for (long k = 0; k < 5 && k < nf && k < ng; k++) {
        char *f = feature_name((size_t)k), *g = gene_name((size_t)k);
        w.len = 0;
        buf_printf(&w, "rad.%s correlates with expr.%s (Pearson r = effect)", f, g);
        truth_add(&T, "correlation", f, g, eff > 0.99 ? 0.99 : eff, w.s);
        free(f);
        free(g);
    }
    for (int m = 0; m < 2 && 5 + m < nf; m++) {
        char *f = feature_name((size_t)(5 + m));
        w.len = 0;
        buf_printf(&w, "rad.%s is higher in mut.%s patients by 2 x effect SD", f, MUT_NAMES[m]);
        truth_add(&T, "mutation shift", f, MUT_NAMES[m], 2 * eff, w.s);
        free(f);
    }
    for (long k = 7; k < 10 && k < nf; k++) {
        char *f = feature_name((size_t)k);
        w.len = 0;
        buf_printf(&w, "rad.%s: mean shifts by 3 x effect SD per cluster step", f);
        truth_add(&T, "cluster", f, "cluster", 3 * eff, w.s);
        free(f);
    }
    for (long k = 5; k < 10 && k < ng; k++) {
        w.len = 0;
        buf_printf(&w, "expr.%s: mean shifts by 3 x effect SD per cluster step", GENE_NAMES[k]);
        truth_add(&T, "cluster", GENE_NAMES[k], "cluster", 3 * eff, w.s);
    }
    truth_add(&T, "cluster", "IDH1", "cluster", 0.25, "mut.IDH1: mutated in 25% of cluster 1, 3% elsewhere");
    truth_add(&T, "survival", "cluster", "time,event", exp(eff), "survival: hazard ratio exp(effect) per cluster step");
    buf_free(&w);
    char *tname = xmalloc(strlen(name) + 8);
    sprintf(tname, "%s.truth", name);
    Table *truth = truth_table(&T, tname);
    free(tname);
    double ev = 0;
    for (long i = 0; i < n; i++) ev += c.event[i];
    out_printf(&s->out, "simulated %s: %ld patients × %ld radiomic features, %ld genes, 3 mutations, survival "
                        "(%.0f deaths); seed %ld\n", name, n, nf, ng, ev, seed);
    out_printf(&s->out, "  columns by origin: rad.*, expr.*, mut.EGFR/IDH1/TP53, clin.cluster/time/event\n");
    out_printf(&s->out, "  the planted truth (table %s):\n", truth->name);
    for (size_t i = 0; i < truth->nrow; i++) out_printf(&s->out, "    %s\n", truth->cols[4].str[i]);
    sim_cohort_free(&c);
    Result *res = command_result(a, "simulate cohort", t);
    result_add(res, truth);
    store_unit(s, res);
    buf_free(&src);
    free(name);
    return 0;
}

int cmd_simulate_radiomics(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos) return args_usage(s, a);
    const char *forname = args_opt(a, "for");
    long nf = args_get_int(a, "features", 100, 1, 100000L);
    double eff = args_get_double(a, "effect", 0.5, 0, 3);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    if (!forname) {
        rgx_error(s, "simulate radiomics: name the cohort whose patients get features: for=TABLE");
        return 1;
    }
    Table *c = session_table(s, forname);
    if (!c) return 1;
    if (c->id < 0) { rgx_error(s, "simulate radiomics: table %s has no key (patient) column", c->name); return 1; }
    /* the groups: named, or the most frequent 0/1 columns (mutations) */
    size_t *gcols = NULL;
    long ng = 0;
    const char *gopt = args_opt(a, "groups");
    if (gopt && !strcasecmp(gopt, "none")) {   /* no group shifts */
        gcols = xmalloc(sizeof *gcols);
    } else if (gopt) {
        ng = command_columns(s, "simulate radiomics", c, gopt, &gcols);
        if (ng < 0) return 1;
        for (long k = 0; k < ng; k++)
            if (c->cols[gcols[k]].type != COL_NUM) {
                rgx_error(s, "simulate radiomics: groups: %s is not a 0/1 column", c->cols[gcols[k]].name);
                free(gcols);
                return 1;
            }
    } else {
        gcols = xmalloc((c->ncol ? c->ncol : 1) * sizeof *gcols);
        double *freq = xmalloc((c->ncol ? c->ncol : 1) * sizeof *freq);
        for (size_t j = 0; j < c->ncol; j++) {
            const Column *col = &c->cols[j];
            if (col->type != COL_NUM || col->meta) continue;
            double ones = 0, known = 0;
            int binary = 1;
            for (size_t i = 0; i < c->nrow && binary; i++) {
                double x = col->num[i];
                if (isnan(x)) continue;
                if (x != 0 && x != 1) binary = 0;
                ones += x;
                known++;
            }
            if (!binary || known == 0 || ones < 0.05 * known || ones > 0.95 * known) continue;
            size_t p = (size_t)ng++;   /* insertion by frequency, descending */
            while (p > 0 && freq[p - 1] < ones) { gcols[p] = gcols[p - 1]; freq[p] = freq[p - 1]; p--; }
            gcols[p] = j;
            freq[p] = ones;
        }
        free(freq);
        if (ng > 3) ng = 3;
    }
    if (ng > nf) ng = nf;
    /* link=COLS: the next features correlate with these (numeric) columns */
    size_t *lcols = NULL;
    long nl = 0;
    const char *lopt = args_opt(a, "link");
    if (lopt) {
        nl = command_columns(s, "simulate radiomics", c, lopt, &lcols);
        if (nl < 0) { free(gcols); return 1; }
        for (long k = 0; k < nl; k++)
            if (c->cols[lcols[k]].type != COL_NUM) {
                rgx_error(s, "simulate radiomics: link: %s is not a numeric column", c->cols[lcols[k]].name);
                free(gcols);
                free(lcols);
                return 1;
            }
        if (nl > nf - ng) nl = nf - ng;
    }
    const double **groups = xmalloc(((size_t)ng + 1) * sizeof *groups);
    const double **links = xmalloc(((size_t)nl + 1) * sizeof *links);
    for (long k = 0; k < ng; k++) groups[k] = c->cols[gcols[k]].num;
    for (long k = 0; k < nl; k++) links[k] = c->cols[lcols[k]].num;
    double *f = sim_features_for(c->nrow, (size_t)nf, groups, (size_t)ng, links, (size_t)nl, eff, (unsigned long)seed);
    free(groups);
    free(links);
    if (!f) { rgx_error(s, "simulate: out of memory"); free(gcols); free(lcols); return 1; }
    char *name = as ? xstrdup(as) : xstrdup("rad_sim");
    if (!valid_table_name(s, "simulate", name)) { free(name); free(f); free(gcols); return 1; }
    Buf src = {0};
    buf_printf(&src, "SIMULATED radiomic features for %s (effect=%g seed=%ld)", c->name, eff, seed);
    Table *t = table_new(name, src.s, c->nrow);
    char **ids = xcalloc(c->nrow ? c->nrow : 1, sizeof *ids);
    for (size_t i = 0; i < c->nrow; i++) ids[i] = c->cols[c->id].str[i] ? xstrdup(c->cols[c->id].str[i]) : NULL;
    table_add_str(t, "patient", NULL, ids);
    table_set_id(t, 0);
    for (long j = 0; j < nf; j++) {
        char *fname = feature_name((size_t)j);
        add_num(t, fname, NULL, f + j * c->nrow);
        free(fname);
    }
    free(f);
    Truth T = {0};
    Buf w = {0};
    for (long k = 0; k < ng; k++) {
        char *fname = feature_name((size_t)k);
        Buf lab = {0};
        table_col_label(c, gcols[k], &lab);
        w.len = 0;
        buf_printf(&w, "%s is higher by 2 x effect SD where %s.%s = 1", fname, c->name, lab.s);
        truth_add(&T, "group shift", fname, lab.s, 2 * eff, w.s);
        buf_free(&lab);
        free(fname);
    }
    for (long k = 0; k < nl; k++) {
        char *fname = feature_name((size_t)(ng + k));
        Buf lab = {0};
        table_col_label(c, lcols[k], &lab);
        w.len = 0;
        double rho = eff < 0.95 ? eff : 0.95;
        buf_printf(&w, "%s correlates with %s.%s (r = %g where it is present)", fname, c->name, lab.s, rho);
        truth_add(&T, "correlation", fname, lab.s, rho, w.s);
        buf_free(&lab);
        free(fname);
    }
    free(lcols);
    buf_free(&w);
    char *tname = xmalloc(strlen(name) + 8);
    sprintf(tname, "%s.truth", name);
    Table *truth = truth_table(&T, tname);
    free(tname);
    out_printf(&s->out, "simulated %s: %ld SIMULATED radiomic features for the %zu patients of %s; seed %ld\n", name,
               nf, c->nrow, c->name, seed);
    if (ng || nl) {
        out_printf(&s->out, "  the planted truth (table %s):\n", truth->name);
        for (size_t i = 0; i < truth->nrow; i++) out_printf(&s->out, "    %s\n", truth->cols[4].str[i]);
    } else {
        out_puts(&s->out, "  no 0/1 column to condition on and no link=: the features are pure noise\n");
    }
    Result *res = command_result(a, "simulate radiomics", t);
    result_add(res, truth);
    store_unit(s, res);
    buf_free(&src);
    free(gcols);
    free(name);
    return 0;
}

/* `simulate` alone or with an unknown kind is answered by dispatch. */
int cmd_simulate(Session *s, Args *a) { return args_usage(s, a); }
