/* cmd_consensus.c — consensus clustering and assign.  The clustering is
 * stats/consensus.c, the choice of k stats/kchoice.c, the scale rule
 * repl/robust.c; here the options, the result tables and the summary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/progress.h"
#include "repl/robust.h"
#include "stats/consensus.h"
#include "stats/kchoice.h"
#include "stats/transform.h"

/* The options of consensus; returns 0, or 1 after the error. */
static int read_options(Session *s, Args *a, ConsensusOpts *o, double *plo, double *phi, int *scale) {
    long kmin = 2, kmax = 6;
    args_get_range(a, "k", &kmin, &kmax, 2, 100);
    long reps = args_get_int(a, "reps", 1000, 1, 65535);
    double pitem = args_get_double(a, "pitem", 0.8, 0.05, 1);
    double pfeature = args_get_double(a, "pfeature", 1, 0.01, 1);
    int alg = args_get_choice(a, "alg", 0, NULL);
    /* k-means defaults to euclidean, as ConsensusClusterPlus's km (which has no other) */
    int dist = args_get_choice(a, "distance", alg == 1 ? 2 : 0, NULL);
    long starts = args_get_int(a, "starts", 1, 1, 1000);   /* CCP: kmeans(nstart = 1) */
    int link = args_get_choice(a, "linkage", 0, NULL);
    int final = args_get_choice(a, "final", 0, NULL);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    *scale = args_opt(a, "scale") ? args_get_bool(a, "scale", 0) : -1;   /* -1: the scale rule decides */
    const char *pacs = args_opt(a, "pac");
    if (args_failed(s, a)) return 1;
    *plo = 0.1;
    *phi = 0.9;
    if (pacs) {
        char *end;
        *plo = strtod(pacs, &end);
        if (*end != ',' || (*phi = strtod(end + 1, &end), *end) || *plo < 0 || *phi > 1 || *plo >= *phi) {
            rgx_error(s, "consensus: pac=%s: expected two numbers such as 0.1,0.9", pacs);
            return 1;
        }
    }
    static const Linkage links[] = {LINK_AVERAGE, LINK_COMPLETE, LINK_SINGLE, LINK_WARD};
    *o = (ConsensusOpts){(size_t)kmin, (size_t)kmax, (size_t)reps, pitem, pfeature, (DistKind)dist, links[link],
                         links[final], (unsigned long)seed, s->threads, s->cancel, progress_callback, NULL,
                         (ConsensusAlg)alg, (size_t)starts};
    return 0;
}

/* Bytes this process can still take: what the system has available
 * (MemAvailable) and, under a limit on the address space (ulimit -v), what
 * the limit leaves; INFINITY when neither is known. */
static double memory_available(void) {
    double avail = INFINITY;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        unsigned long kb;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1) { avail = (double)kb * 1024; break; }
        fclose(f);
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        unsigned long pages = 0;
        FILE *g = fopen("/proc/self/statm", "r");
        if (g) {
            if (fscanf(g, "%lu", &pages) != 1) pages = 0;
            fclose(g);
        }
        double left = (double)rl.rlim_cur - (double)pages * (double)sysconf(_SC_PAGESIZE);
        if (left < avail) avail = left;
    }
    return avail;
}

/* The memory consensus needs for n patients × p features (the formula of
 * consensus_bytes, the data, a stack per thread) against what is
 * available: fewer worker threads when that is enough (with a note), else
 * a refusal that gives the size.  Returns 0 to go on, 1 after the error. */
static int fit_memory(Session *s, size_t n, size_t p, ConsensusOpts *o) {
    const double stack = 8.0 * 1048576, data = 8.0 * (double)n * (double)p, avail = memory_available();
    int t = o->threads < 1 ? 1 : o->threads;
    double want = consensus_bytes(n, p, o, t) + data + t * stack, need = want;
    while (t > 1 && need > avail) {
        t--;
        need = consensus_bytes(n, p, o, t) + data + t * stack;
    }
    if (need <= avail) {
        if (t < (o->threads < 1 ? 1 : o->threads))
            rgx_warn(s, "consensus: %zu patients need about %.0f MB with %d worker threads, %.0f MB are available: "
                        "clustering with %d (the same results, slower)", n, want / 1048576, o->threads, avail / 1048576, t);
        o->threads = t;
        return 0;
    }
    rgx_error(s, "consensus: out of memory while clustering %zu patients: about %.0f MB needed (8 n² bytes for the "
                 "final clustering or 8 n²/2 + 12 m² per worker, m = pitem × n, while resampling; manual/guide.md, "
                 "consensus), %.0f MB available; fewer patients or a smaller pitem need less", n, need / 1048576,
              avail / 1048576);
    return 1;
}

/* The n × p matrix (row-major) of the complete rows, each feature
 * z-scored when scaled. */
static double *feature_matrix(const Table *t, const size_t *cols, size_t p, const size_t *rows, size_t n, int scaled) {
    double *x = xmalloc((n ? n : 1) * p * sizeof *x), *col = xmalloc((n ? n : 1) * sizeof *col);
    for (size_t j = 0; j < p; j++) {
        for (size_t i = 0; i < n; i++) col[i] = t->cols[cols[j]].num[rows[i]];
        if (scaled) zscore(col, n);
        for (size_t i = 0; i < n; i++) x[i * p + j] = col[i];
    }
    free(col);
    return x;
}

/* A table of one text column "id" (the patients) and nothing else yet. */
static Table *id_table(const char *name, const char *src, char *const *ids, size_t n) {
    Table *o = table_new(name, src, n);
    char **v = xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = xstrdup(ids[i]);
    table_add_str(o, "id", NULL, v);
    return o;
}

static double *column_of(size_t n, double (*get)(const ConsensusFit *, size_t, size_t), const ConsensusFit *f, size_t k) {
    double *v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = get(f, k, i);
    return v;
}
static double get_area(const ConsensusFit *f, size_t k, size_t i) { (void)k; return f->k[i].area; }
static double get_delta(const ConsensusFit *f, size_t k, size_t i) { (void)k; return f->k[i].delta; }
static double get_pac(const ConsensusFit *f, size_t k, size_t i) { (void)k; return f->k[i].pac; }
static double get_kk(const ConsensusFit *f, size_t k, size_t i) { (void)k; return (double)(f->kmin + i); }
static double get_class(const ConsensusFit *f, size_t k, size_t i) { return f->k[k].classes[i]; }

/* The consensus matrices as the columns of NAME.m2, NAME.m3…: computed
 * from the fit's labels when read (column k n + j: patient j at the k of
 * index k), exactly count/count, never stored as n × n doubles. */
typedef struct MatrixSource {
    ColSource base;         /* first: what the tables see */
    ConsensusStore *st;     /* one reference */
    size_t n;               /* patients */
} MatrixSource;

static void matrix_fill(const ColSource *src, size_t col, double *out, size_t nrow) {
    const MatrixSource *m = (const MatrixSource *)src;
    (void)nrow;
    consensus_column(m->st, col / m->n, col % m->n, out);
}
static double matrix_value(const ColSource *src, size_t col, size_t row) {
    const MatrixSource *m = (const MatrixSource *)src;
    return consensus_value(m->st, col / m->n, row, col % m->n);
}
static void matrix_destroy(ColSource *src) {
    consensus_store_release(((MatrixSource *)src)->st);
    free(src);
}

/* The result unit: NAME (k cdf_area delta pac), NAME.classes, NAME.items,
 * NAME.cdf, NAME.m2… (the consensus matrices). */
static Result *consensus_result(const Args *a, const char *name, const Table *t, const ConsensusFit *f, const size_t *rows,
                                Table **main) {
    size_t n = f->n, nk = f->nk;
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        const char *id = t->id >= 0 ? t->cols[t->id].str[rows[i]] : NULL;
        char tmp[32];
        if (!id) { snprintf(tmp, sizeof tmp, "row%zu", rows[i] + 1); id = tmp; }
        ids[i] = xstrdup(id);
    }
    Table *o1 = table_new(name, t->name, nk);
    table_add_num(o1, "k", NULL, column_of(nk, get_kk, f, 0));
    table_add_num(o1, "cdf_area", NULL, column_of(nk, get_area, f, 0));
    table_add_num(o1, "delta", NULL, column_of(nk, get_delta, f, 0));
    table_add_num(o1, "pac", NULL, column_of(nk, get_pac, f, 0));
    Result *res = command_result(a, "consensus", o1);
    *main = o1;
    Buf bn = {0};
    buf_printf(&bn, "%s.classes", name);
    Table *o2 = id_table(bn.s, t->name, ids, n);
    for (size_t k = 0; k < nk; k++) {
        char cn[32];
        snprintf(cn, sizeof cn, "k%zu", f->kmin + k);
        table_add_num(o2, cn, NULL, column_of(n, get_class, f, k));
    }
    table_set_id(o2, 0);
    result_add(res, o2);
    /* NAME.items: id k cluster item_consensus, k after k */
    bn.len = 0;
    buf_printf(&bn, "%s.items", name);
    Table *o3 = table_new(bn.s, t->name, n * nk);
    size_t ni = n * nk > 0 ? n * nk : 1;
    char **iid = xcalloc(ni, sizeof *iid);
    double *ik = xmalloc(ni * sizeof *ik), *icl = xmalloc(ni * sizeof *icl), *ic = xmalloc(ni * sizeof *ic);
    for (size_t k = 0; k < nk; k++)
        for (size_t i = 0; i < n; i++) {
            iid[k * n + i] = xstrdup(ids[i]);
            ik[k * n + i] = (double)(f->kmin + k);
            icl[k * n + i] = f->k[k].classes[i];
            ic[k * n + i] = f->k[k].item_consensus[i];
        }
    table_add_str(o3, "id", NULL, iid);
    table_add_num(o3, "k", NULL, ik);
    table_add_num(o3, "cluster", NULL, icl);
    table_add_num(o3, "item_consensus", NULL, ic);
    result_add(res, o3);
    /* NAME.cdf: k consensus cdf (for plot cdf) */
    bn.len = 0;
    buf_printf(&bn, "%s.cdf", name);
    Table *o4 = table_new(bn.s, t->name, 100 * nk);
    double *fk = xmalloc(100 * nk * sizeof *fk), *fx = xmalloc(100 * nk * sizeof *fx), *fc = xmalloc(100 * nk * sizeof *fc);
    for (size_t k = 0; k < nk; k++)
        for (size_t b = 0; b < 100; b++) {
            fk[k * 100 + b] = (double)(f->kmin + k);
            fx[k * 100 + b] = (double)(b + 1) / 100;
            fc[k * 100 + b] = f->k[k].cdf[b];
        }
    table_add_num(o4, "k", NULL, fk);
    table_add_num(o4, "consensus", NULL, fx);
    table_add_num(o4, "cdf", NULL, fc);
    result_add(res, o4);
    /* NAME.m2, NAME.m3…: the consensus matrices (id, then one column per patient) */
    MatrixSource *ms = xcalloc(1, sizeof *ms);
    *ms = (MatrixSource){{matrix_fill, matrix_value, matrix_destroy, 0}, consensus_store_ref(f->store), n};
    ms->base.refs = 1;   /* ours, while the tables are made */
    for (size_t k = 0; k < nk; k++) {
        bn.len = 0;
        buf_printf(&bn, "%s.m%zu", name, f->kmin + k);
        Table *m = id_table(bn.s, t->name, ids, n);
        for (size_t j = 0; j < n; j++) table_add_computed(m, ids[j], NULL, &ms->base, k * n + j);
        table_set_id(m, 0);
        result_add(res, m);
    }
    if (--ms->base.refs == 0) matrix_destroy(&ms->base);
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    buf_free(&bn);
    return res;
}

/* The summary: the settings, the scale, the table by k, the recommended
 * k with its rules (stats/kchoice.h), and each k's cluster sizes. */
static void consensus_print(Session *s, const Table *o1, const Table *t, const ConsensusFit *f, const ConsensusOpts *o,
                            size_t p, double plo, double phi, const KChoice *kc, const char *scaled_why) {
    const char *name = o1->name;
    static const char *const dn[] = {"pearson", "spearman", "euclidean"}, *const ln[] = {"average", "complete", "single", "ward"};
    Buf how = {0};
    if (o->alg == CONS_HC) buf_printf(&how, "hc (%s linkage, %s distance)", ln[o->link], dn[o->dist]);
    else if (o->alg == CONS_KM) buf_printf(&how, "km (%zu start%s, %s distance)", o->starts, o->starts == 1 ? "" : "s", dn[o->dist]);
    else buf_printf(&how, "pam (%s distance)", dn[o->dist]);
    out_printf(&s->out, "consensus %s: %zu patients × %zu features of %s; %s, %zu resamples, pitem=%g pfeature=%g, seed %lu\n",
               name, f->n, p, t->name, how.s, o->reps, o->pitem, o->pfeature, o->seed);
    buf_free(&how);
    if (scaled_why)
        out_printf(&s->out, "  scale: the features were z-scored first, because %s (scale=no clusters the raw values)\n",
                   scaled_why);
    if (f->n < t->nrow) out_printf(&s->out, "  %zu patients with a missing feature left out\n", t->nrow - f->n);
    print_table(s, o1, NULL, 0, NULL, 0);
    Buf rule = {0};   /* the size rule in words */
    if (kc->min_size > 2) buf_printf(&rule, "of fewer than %zu patients (5%% of %zu)", kc->min_size, f->n);
    else buf_puts(&rule, "of a single patient");
    if (kc->k)
        out_printf(&s->out, "  recommended k = %zu: the lowest PAC (fraction of consensus values in (%g, %g)) among the k "
                            "without a cluster %s\n", kc->k, plo, phi, rule.s);
    else
        out_printf(&s->out, "  no k recommended: every k has a cluster %s: outliers split off, not subtypes\n", rule.s);
    buf_free(&rule);
    if (kc->lowest_pac_k && kc->lowest_pac_k != kc->k)
        out_printf(&s->out, "  (k = %zu has the lowest PAC, but a cluster of %zu patient%s: not recommended)\n",
                   kc->lowest_pac_k, kc->smallest[kc->lowest_pac_k - f->kmin],
                   kc->smallest[kc->lowest_pac_k - f->kmin] == 1 ? "" : "s");
    if (kc->flat) {
        char b1[32], b2[32];
        out_printf(&s->out, "  caution: PAC is flat across k (%s to %s, a range under 0.05): no k stands out, as in data "
                            "without stable clusters; read the CDF (plot cdf %s) before reporting any k\n",
                   fmt_num(b1, sizeof b1, kc->pac_min, 3), fmt_num(b2, sizeof b2, kc->pac_max, 3), name);
    }
    for (size_t k = 0; k < f->nk; k++) {
        out_printf(&s->out, "  k=%zu cluster sizes and consensus:", f->kmin + k);
        for (size_t c = 0; c < f->kmin + k; c++) {
            size_t sz = 0;
            for (size_t i = 0; i < f->n; i++) sz += (size_t)f->k[k].classes[i] == c + 1;
            char b1[32];
            out_printf(&s->out, " %zu (%s)", sz, fmt_num(b1, 32, f->k[k].cluster_consensus[c], 3));
        }
        out_puts(&s->out, "\n");
    }
}

int cmd_consensus(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *as = args_take_kw(a, "as");
    ConsensusOpts o;
    double plo, phi;
    int scale;
    if (read_options(s, a, &o, &plo, &phi, &scale)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    if (as && !valid_table_name(s, "consensus", as)) return 1;
    Table *t = command_table(s, "consensus", in, a->pos[0]);
    if (!t) return 1;
    size_t *cols, *rows = NULL;
    long nc = command_columns(s, "consensus", t, a->pos[0], &cols);
    if (nc < 0) return 1;
    size_t p = 0, n = 0;
    for (long k = 0; k < nc; k++)
        if (t->cols[cols[k]].type == COL_NUM) cols[p++] = cols[k];
    int rc = 1;
    Buf why = {0};
    if (p < 2) { rgx_error(s, "consensus: select two numeric features or more"); goto done; }
    rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows);   /* patients with every feature present */
    for (size_t i = 0; i < t->nrow; i++) {
        size_t j = 0;
        while (j < p && !isnan(t->cols[cols[j]].num[i])) j++;
        if (j == p) rows[n++] = i;
    }
    if (o.kmax > n) { rgx_error(s, "consensus: k up to %zu but only %zu patients have every feature", o.kmax, n); goto done; }
    if (fit_memory(s, n, p, &o)) goto done;
    int mixed = scale_rule(t, cols, p, rows, n, &why), scaled = scale < 0 ? mixed == 1 : scale;
    double *x = feature_matrix(t, cols, p, rows, n, scaled);
    Progress bar;
    progress_start(&bar, s, "consensus");
    o.progress_ctx = &bar;
    ConsensusFit f;
    int cr = consensus_run(x, n, p, &o, plo, phi, &f);
    progress_end(&bar);
    free(x);
    if (cr == -2) { rgx_error(s, "consensus: interrupted; no result was stored"); goto done; }
    if (cr < 0) {
        rgx_error(s, "consensus: out of memory while clustering %zu patients (about %.0f MB needed); fewer patients, a "
                     "smaller pitem or set threads=1 need less", n, consensus_bytes(n, p, &o, o.threads) / 1048576);
        goto done;
    }
    KChoice kc;
    if (consensus_choose_k(&f, 0.05, 0.05, &kc) < 0) { consensus_free(&f); kchoice_free(&kc); rgx_error(s, "consensus: out of memory"); goto done; }
    char *name = as ? xstrdup(as) : session_new_name(s, "consensus");
    Table *o1;
    Result *res = consensus_result(a, name, t, &f, rows, &o1);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_paramf(res, "seed", "%lu", o.seed);
    result_param(res, "scale", scaled ? "yes" : "no");
    if (kc.k) result_paramf(res, "recommended", "%zu", kc.k);
    if (scale == 0 && mixed == 1)
        rgx_warn(s, "consensus: scale=no, but %s: the distances, and so the clusters, are those features alone; "
                    "transform %s SELECTOR zscore, or scale=yes", why.s, t->name);
    if (scaled) warn_scaled_rounding(s, "consensus", t, cols, p, rows, n, "in the distances");
    consensus_print(s, o1, t, &f, &o, p, plo, phi, &kc, scale < 0 && mixed == 1 ? why.s : NULL);
    store_unit(s, res);
    consensus_free(&f);
    kchoice_free(&kc);
    free(name);
    rc = 0;
done:
    buf_free(&why);
    free(rows);
    free(cols);
    return rc;
}

int cmd_assign(Session *s, Args *a) {
    const char *to = args_take_kw(a, "to");
    const char *as = args_take_kw(a, "as");
    long k = args_get_int(a, "k", 0, 2, 100);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !k) return args_usage(s, a);
    Result *res = command_result_of(s, "assign", a->pos[0], "consensus");
    if (!res) return 1;
    Table *cl = result_part(s, res, "classes");
    if (!cl) { rgx_error(s, "assign: %s has no part classes (%s.classes was dropped or replaced); run consensus again", res->name, res->name); return 1; }
    if (!to) to = cl->source;   /* the table that was clustered */
    char kc[16];
    snprintf(kc, sizeof kc, "k%ld", k);
    long jk = table_find(cl, kc);
    if (jk < 0) { rgx_error(s, "assign: %s has no k=%ld", a->pos[0], k); return 1; }
    Table *t = session_table(s, to);
    if (!t) return 1;
    if (t->id < 0) { rgx_error(s, "assign: table %s has no key (patient) column", t->name); return 1; }
    Buf name = {0};
    if (as) buf_puts(&name, as);
    else buf_printf(&name, "%s_k%ld", a->pos[0], k);
    /* the classes as categories (text "C1".."Ck", zero-padded from k = 10
       so that they sort), so that km, assoc, screen and cox (dummies
       against C1) treat them as groups, as factor(cluster) does in R */
    char **v = xcalloc(t->nrow ? t->nrow : 1, sizeof *v);
    size_t found = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        long r = t->cols[t->id].str[i] ? table_row_of(cl, t->cols[t->id].str[i]) : -1;
        if (r < 0 || isnan(cl->cols[jk].num[r])) continue;
        char lab[16];
        snprintf(lab, sizeof lab, "C%0*.0f", k >= 10 ? 2 : 1, cl->cols[jk].num[r]);
        v[i] = xstrdup(lab);
        found++;
    }
    long old = table_find(t, name.s);
    if (old >= 0 && old != t->id && !strcmp(t->cols[old].origin, t->name)) table_drop_col(t, (size_t)old);
    table_add_str(t, name.s, NULL, v);
    out_printf(&s->out, "%s.%s: the k=%ld classes of %s (categories C1..C%ld) for %zu of %zu patients (the others NA)\n",
               t->name, name.s, k, a->pos[0], k, found, t->nrow);
    buf_free(&name);
    return 0;
}
