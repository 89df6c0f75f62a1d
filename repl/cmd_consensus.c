/* cmd_consensus.c — consensus clustering and assign. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/progress.h"
#include "stats/consensus.h"

int cmd_consensus(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
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
    const char *pacs = args_opt(a, "pac");
    if (args_failed(s, a)) return 1;
    double plo = 0.1, phi = 0.9;
    if (pacs) {
        char *end;
        plo = strtod(pacs, &end);
        if (*end != ',' || (phi = strtod(end + 1, &end), *end) || plo < 0 || phi > 1 || plo >= phi) {
            rgx_error(s, "consensus: pac=%s: expected two numbers such as 0.1,0.9", pacs);
            return 1;
        }
    }
    if (a->npos != 1) return args_usage(s, a);
    if (as && !valid_table_name(s, "consensus", as)) return 1;
    Table *t = command_table(s, "consensus", in, a->pos[0]);
    if (!t) return 1;
    size_t *cols;
    long nc = command_columns(s, "consensus", t, a->pos[0], &cols);
    if (nc < 0) return 1;
    size_t p = 0;
    for (long k = 0; k < nc; k++)
        if (t->cols[cols[k]].type == COL_NUM) cols[p++] = cols[k];
    if (p < 2) { rgx_error(s, "consensus: select two numeric features or more"); free(cols); return 1; }
    /* patients with every feature present */
    size_t n = 0, *rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows);
    for (size_t i = 0; i < t->nrow; i++) {
        int ok = 1;
        for (size_t j = 0; j < p && ok; j++) ok = !isnan(t->cols[cols[j]].num[i]);
        if (ok) rows[n++] = i;
    }
    int rc = 1;
    if ((size_t)kmax > n) { rgx_error(s, "consensus: k up to %ld but only %zu patients have every feature", kmax, n); goto done; }
    double *x = xmalloc(n * p * sizeof *x);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++) x[i * p + j] = t->cols[cols[j]].num[rows[i]];
    static const Linkage links[] = {LINK_AVERAGE, LINK_COMPLETE, LINK_SINGLE, LINK_WARD};
    Progress bar;
    progress_start(&bar, s, "consensus");
    ConsensusOpts o = {(size_t)kmin, (size_t)kmax, (size_t)reps, pitem, pfeature, (DistKind)dist, links[link], links[final],
                       (unsigned long)seed, s->threads, s->cancel, progress_callback, &bar, (ConsensusAlg)alg, (size_t)starts};
    ConsensusFit f;
    int cr = consensus_run(x, n, p, &o, plo, phi, &f);
    progress_end(&bar);
    free(x);
    if (cr == -2) { rgx_error(s, "consensus: interrupted; no result was stored"); goto done; }
    if (cr < 0) {
        /* the consensus matrices (float, one per k), two n × n distance
           matrices and the workers' 16-bit pair counts */
        double nn = (double)n * (double)n, nk = (double)(kmax - kmin + 1);
        double mb = (nn * 4 * nk + nn * 16 + nn / 2 * (nk + 1) * 2 * (s->threads > 0 ? s->threads : 1)) / 1048576;
        rgx_error(s, "consensus: out of memory while clustering %zu patients (about %.0f MB needed); fewer patients, a "
                     "smaller k range or set threads=1 need less", n, mb);
        goto done;
    }
    char *name = as ? xstrdup(as) : session_new_name(s, "consensus");
    /* NAME: k cdf_area delta pac */
    Table *o1 = table_new(name, t->name, f.nk);
    double *ck = xmalloc(f.nk * sizeof *ck), *ca = xmalloc(f.nk * sizeof *ca), *cd = xmalloc(f.nk * sizeof *cd), *cp = xmalloc(f.nk * sizeof *cp);
    for (size_t k = 0; k < f.nk; k++) { ck[k] = (double)(f.kmin + k); ca[k] = f.k[k].area; cd[k] = f.k[k].delta; cp[k] = f.k[k].pac; }
    table_add_num(o1, "k", NULL, ck);
    table_add_num(o1, "cdf_area", NULL, ca);
    table_add_num(o1, "delta", NULL, cd);
    table_add_num(o1, "pac", NULL, cp);
    /* NAME.classes: id k2 k3 … */
    Buf bn = {0};
    buf_printf(&bn, "%s.classes", name);
    Table *o2 = table_new(bn.s, t->name, n);
    char **ids = xcalloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        const char *id = t->id >= 0 ? t->cols[t->id].str[rows[i]] : NULL;
        char tmp[32];
        if (!id) { snprintf(tmp, sizeof tmp, "row%zu", rows[i] + 1); id = tmp; }
        ids[i] = xstrdup(id);
    }
    table_add_str(o2, "id", NULL, ids);
    for (size_t k = 0; k < f.nk; k++) {
        double *v = xmalloc(n * sizeof *v);
        for (size_t i = 0; i < n; i++) v[i] = f.k[k].classes[i];
        char cn[16];
        snprintf(cn, sizeof cn, "k%zu", f.kmin + k);
        table_add_num(o2, cn, NULL, v);
    }
    table_set_id(o2, 0);
    /* NAME.items: id k cluster item_consensus */
    bn.len = 0;
    buf_printf(&bn, "%s.items", name);
    Table *o3 = table_new(bn.s, t->name, n * f.nk);
    char **iid = xcalloc(n * f.nk, sizeof *iid);
    double *ik = xmalloc(n * f.nk * sizeof *ik), *icl = xmalloc(n * f.nk * sizeof *icl), *ic = xmalloc(n * f.nk * sizeof *ic);
    for (size_t k = 0; k < f.nk; k++)
        for (size_t i = 0; i < n; i++) {
            size_t r = k * n + i;
            iid[r] = xstrdup(ids[i]);
            ik[r] = (double)(f.kmin + k);
            icl[r] = f.k[k].classes[i];
            ic[r] = f.k[k].item_consensus[i];
        }
    table_add_str(o3, "id", NULL, iid);
    table_add_num(o3, "k", NULL, ik);
    table_add_num(o3, "cluster", NULL, icl);
    table_add_num(o3, "item_consensus", NULL, ic);
    /* NAME.cdf: k x cdf (for plot cdf) */
    bn.len = 0;
    buf_printf(&bn, "%s.cdf", name);
    Table *o4 = table_new(bn.s, t->name, 100 * f.nk);
    double *fk = xmalloc(100 * f.nk * sizeof *fk), *fx = xmalloc(100 * f.nk * sizeof *fx), *fc = xmalloc(100 * f.nk * sizeof *fc);
    for (size_t k = 0; k < f.nk; k++)
        for (size_t b = 0; b < 100; b++) {
            fk[k * 100 + b] = (double)(f.kmin + k);
            fx[k * 100 + b] = (double)(b + 1) / 100;
            fc[k * 100 + b] = f.k[k].cdf[b];
        }
    table_add_num(o4, "k", NULL, fk);
    table_add_num(o4, "consensus", NULL, fx);
    table_add_num(o4, "cdf", NULL, fc);
    /* NAME.m2, NAME.m3…: the consensus matrices (id, then one column per patient) */
    size_t nmats = f.nk;   /* f is freed before the tables are stored */
    Table **mats = xcalloc(nmats, sizeof *mats);
    for (size_t k = 0; k < f.nk; k++) {
        Buf mn = {0};
        buf_printf(&mn, "%s.m%zu", name, f.kmin + k);
        mats[k] = table_new(mn.s, t->name, n);
        char **mid = xcalloc(n, sizeof *mid);
        for (size_t i = 0; i < n; i++) mid[i] = xstrdup(ids[i]);
        table_add_str(mats[k], "id", NULL, mid);
        for (size_t j = 0; j < n; j++) {
            double *v = xmalloc(n * sizeof *v);
            for (size_t i = 0; i < n; i++) v[i] = f.k[k].m[i * n + j];
            table_add_num(mats[k], ids[j], NULL, v);
        }
        table_set_id(mats[k], 0);
        buf_free(&mn);
    }
    static const char *const dn[] = {"pearson", "spearman", "euclidean"}, *const ln[] = {"average", "complete", "single", "ward"};
    Buf how = {0};
    if (alg == 0) buf_printf(&how, "hc (%s linkage, %s distance)", ln[link], dn[dist]);
    else if (alg == 1) buf_printf(&how, "km (%ld start%s, %s distance)", starts, starts == 1 ? "" : "s", dn[dist]);
    else buf_printf(&how, "pam (%s distance)", dn[dist]);
    out_printf(&s->out, "consensus %s: %zu patients × %zu features of %s; %s, %ld resamples, "
                        "pitem=%g pfeature=%g, seed %ld\n", name, n, p, t->name, how.s, reps, pitem, pfeature, seed);
    buf_free(&how);
    if (n < t->nrow) out_printf(&s->out, "  %zu patients with a missing feature left out\n", t->nrow - n);
    print_table(s, o1, NULL, 0, NULL, 0);
    out_printf(&s->out, "  recommended k = %zu: the lowest PAC (fraction of consensus values in (%g, %g))\n", f.best_k, plo, phi);
    for (size_t k = 0; k < f.nk; k++) {
        out_printf(&s->out, "  k=%zu cluster sizes and consensus:", f.kmin + k);
        for (size_t c = 0; c < f.kmin + k; c++) {
            size_t sz = 0;
            for (size_t i = 0; i < n; i++) sz += (size_t)f.k[k].classes[i] == c + 1;
            char b1[32];
            out_printf(&s->out, " %zu (%s)", sz, fmt_num(b1, 32, f.k[k].cluster_consensus[c], 3));
        }
        out_puts(&s->out, "\n");
    }
    consensus_free(&f);
    Result *res = command_result(a, "consensus", o1);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_paramf(res, "seed", "%ld", seed);
    result_add(res, o2);
    result_add(res, o3);
    result_add(res, o4);
    for (size_t k = 0; k < nmats; k++) result_add(res, mats[k]);
    store_unit(s, res);
    free(mats);
    buf_free(&bn);
    free(name);
    rc = 0;
done:
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
