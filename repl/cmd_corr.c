/* cmd_corr.c — corr: the feature × gene correlation map with FDR. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/atomic.h"
#include "io/save.h"
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/corr.h"
#include "stats/padjust.h"

static const CorMethod METHOD_OF[] = {COR_SPEARMAN, COR_PEARSON, COR_KENDALL};

/* The numeric columns of a selector (text columns are skipped and counted). */
static long numeric_columns(Session *s, const Table *t, const char *sel, size_t **cols, size_t *skipped) {
    long n = command_columns(s, "corr", t, sel, cols);
    if (n < 0) return -1;
    size_t w = 0;
    *skipped = 0;
    for (long k = 0; k < n; k++) {
        if (t->cols[(*cols)[k]].type == COL_NUM) (*cols)[w++] = (*cols)[k];
        else (*skipped)++;
    }
    if (!w) {
        rgx_error(s, "corr: %s selects no numeric column of %s", sel, t->name);
        free(*cols);
        return -1;
    }
    return (long)w;
}

/* keep=q<F or keep=p<F */
static int parse_keep(Session *s, const char *v, int *on_q, double *limit) {
    if (!v) { *limit = INFINITY; return 0; }
    char *end;
    if ((v[0] == 'q' || v[0] == 'p') && v[1] == '<') {
        *on_q = v[0] == 'q';
        *limit = strtod(v + 2, &end);
        if (end != v + 2 && !*end && *limit > 0 && *limit <= 1) return 0;
    }
    rgx_error(s, "corr: keep=%s: expected q<F or p<F with F in (0, 1], e.g. keep=q<0.05", v);
    return -1;
}

/* Maps beyond this many pairs keep only the q < 0.05 pairs unless keep= or
 * top= says otherwise (keep=all stores every pair; save= streams them). */
#define CORR_FULL_LIMIT 2000000

/* The map, kept as matrices (row i = X column i, column j = Y column j):
 * r; p, which p_adjust turns into q in place; the pairs used per pair
 * only when some value is missing.  p is recomputed from r and n (and
 * whether the pair's p is the exact one) when needed — the same function
 * that computed it, so the same bits — except for Kendall, whose p depends
 * on the ties: that one is kept apart. */
typedef struct Map {
    size_t nx, ny, n;   /* shape; patients */
    int self;           /* X with itself: the family is the pairs i < j */
    size_t nz;          /* covariates of a partial correlation */
    CorMethod m;        /* method */
    CorExact e;         /* exact= */
    double *r, *q;      /* nx × ny */
    double *p;          /* Kendall's p, or NULL */
    uint32_t *nn;       /* pairs used, or NULL when every pair uses n */
    unsigned char *ex;  /* per pair: the p is exact (with nn), or NULL */
    unsigned char *tx, *ty; /* complete columns with ties (when ex is NULL), or NULL */
} Map;

static size_t map_n(const Map *M, size_t k) { return M->nn ? M->nn[k] : M->n; }

/* Is pair k's p the exact one? */
static int map_exact(const Map *M, size_t k) {
    if (M->nz) return 0;
    if (M->ex) return M->ex[k];
    int ties = M->tx && (M->tx[k / M->ny] || M->ty[k % M->ny]);
    return !isnan(M->r[k]) && cor_exact_applies(M->m, map_n(M, k), ties, M->e);
}

static double map_p(const Map *M, size_t k) {
    if (M->p) return M->p[k];
    size_t n = map_n(M, k);
    if (M->nz) return n < M->nz + 3 ? NAN : cor_p_df(M->r[k], (double)n - 2 - (double)M->nz);
    return cor_p_rn(M->m, M->r[k], n, map_exact(M, k));
}

static int in_family(const Map *M, size_t k) { return !M->self || k % M->ny > k / M->ny; }

/* a stored pair: its place in the matrices, its p and q */
typedef struct Sel {
    size_t k;
    double p, q;
} Sel;

/* The order of the stored pairs: the strongest evidence first — smaller p
 * (NaN last), then larger |r|, then matrix order.  Pairs with the same n
 * come in |r| order; a pair with few patients does not outrank far
 * stronger evidence on many. */
static int stronger(const Map *M, const Sel *a, const Sel *b) {
    double pa = isnan(a->p) ? INFINITY : a->p, pb = isnan(b->p) ? INFINITY : b->p;
    if (pa != pb) return pa < pb;
    double x = isnan(M->r[a->k]) ? -1 : fabs(M->r[a->k]), y = isnan(M->r[b->k]) ? -1 : fabs(M->r[b->k]);
    if (x != y) return x > y;
    return a->k < b->k;
}

static int cmp_stronger(const void *a, const void *b, void *map) {
    const Sel *x = a, *y = b;
    return x->k == y->k ? 0 : stronger(map, x, y) ? -1 : 1;
}

/* the n strongest of cand[0..nc-1] (as stronger()), into heap (a min-heap
 * of the n strongest: heap[0] the weakest kept); returns how many */
static size_t top_pairs(const Map *M, const Sel *cand, size_t nc, size_t n, Sel *heap) {
    size_t h = 0;
    for (size_t c = 0; c < nc; c++) {
        Sel v = cand[c];
        size_t at;
        if (h < n) {
            at = h++;
            while (at > 0 && stronger(M, &heap[(at - 1) / 2], &v)) { heap[at] = heap[(at - 1) / 2]; at = (at - 1) / 2; }
            heap[at] = v;
        } else if (stronger(M, &v, &heap[0])) {
            at = 0;
            for (;;) {
                size_t l = 2 * at + 1, r = l + 1, m = at;
                const Sel *km = &v;
                if (l < h && stronger(M, km, &heap[l])) { m = l; km = &heap[l]; }
                if (r < h && stronger(M, km, &heap[r])) m = r;
                if (m == at) break;
                heap[at] = heap[m];
                at = m;
            }
            heap[at] = v;
        }
    }
    return h;
}

/* save=FILE: every pair of the family, row by row (x y n r p q), written
 * whole or not at all; nothing but the file is built. */
static int stream_map(Session *s, const Map *M, const char *const *xl, const char *const *yl, const char *path) {
    Buf err = {0};
    AtomicFile af;
    char *full = session_out_path(s, path);
    if (atomic_open(&af, full, &err) < 0) {
        rgx_error(s, "corr: %s", err.s);
        buf_free(&err);
        free(full);
        return -1;
    }
    int sep = save_separator(full);
    fprintf(af.f, "x%cy%cn%cr%cp%cq\n", sep, sep, sep, sep, sep);
    size_t rows = 0;
    for (size_t k = 0; k < M->nx * M->ny; k++) {
        if (!in_family(M, k)) continue;
        if ((rows++ & 65535) == 0 && session_cancelled(s)) {
            atomic_abort(&af);
            rgx_error(s, "corr: interrupted; %s was not written", full);
            free(full);
            return -1;
        }
        save_field(af.f, xl[k / M->ny], sep);
        fputc(sep, af.f);
        save_field(af.f, yl[k % M->ny], sep);
        fprintf(af.f, "%c%zu%c", sep, map_n(M, k), sep);
        save_number(af.f, M->r[k]);
        fputc(sep, af.f);
        save_number(af.f, map_p(M, k));
        fputc(sep, af.f);
        save_number(af.f, M->q[k]);
        fputc('\n', af.f);
    }
    int rc = atomic_commit(&af, &err);
    if (rc < 0) rgx_error(s, "corr: %s", err.s);
    else out_printf(&s->out, "  saved all %zu pairs to %s\n", rows, full);
    buf_free(&err);
    free(full);
    return rc;
}

int cmd_corr(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *with = args_take_kw(a, "with");
    const char *as = args_take_kw(a, "as");
    int mk = args_get_choice(a, "method", 0, NULL);
    int adjm = adjust_option(a);
    static const CorExact EXACT_OF[] = {COR_EXACT_AUTO, COR_EXACT_YES, COR_EXACT_NO};
    CorExact ex = EXACT_OF[args_get_choice(a, "exact", 0, NULL)];
    long top = args_get_int(a, "top", 0, 1, 1000000000L);
    const char *savepath = args_opt(a, "save");
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    const char *control = args_opt(a, "control");
    if (control && mk == 2) {
        rgx_error(s, "corr: control= works with method=spearman or pearson (ppcor's Kendall partial is not offered)");
        return 1;
    }
    int keep_q = 1, keep_all = 0;
    double keep_lim;
    const char *keeps = args_opt(a, "keep");
    if (keeps && !strcasecmp(keeps, "all")) { keep_all = 1; keeps = NULL; }
    if (parse_keep(s, keeps, &keep_q, &keep_lim) < 0) return 1;
    if (as && !valid_table_name(s, "corr", as)) return 1;
    Table *t = command_table(s, "corr", in, a->pos[0]);
    if (!t) return 1;
    size_t *xc = NULL, *yc = NULL, skx = 0, sky = 0;
    long nx = numeric_columns(s, t, a->pos[0], &xc, &skx);
    if (nx < 0) return 1;
    long ny = nx;
    if (with) {
        ny = numeric_columns(s, t, with, &yc, &sky);
        if (ny < 0) { free(xc); return 1; }
    } else {
        yc = xmalloc((size_t)nx * sizeof *yc);
        memcpy(yc, xc, (size_t)nx * sizeof *yc);
    }
    size_t n = t->nrow, NX = (size_t)nx, NY = (size_t)ny, NP = NX * NY;
    Map M = {NX, NY, n, !with, 0, METHOD_OF[mk], ex, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    const double **Xc = xmalloc((NX ? NX : 1) * sizeof *Xc), **Yc = xmalloc((NY ? NY : 1) * sizeof *Yc);
    int complete = mk != 2 && !control;   /* every pair on all n patients? */
    for (size_t k = 0; k < NX; k++) {
        Xc[k] = t->cols[xc[k]].num;
        for (size_t i = 0; i < n && complete; i++) complete = !isnan(Xc[k][i]);
    }
    for (size_t k = 0; k < NY; k++) {
        Yc[k] = t->cols[yc[k]].num;
        for (size_t i = 0; i < n && complete; i++) complete = !isnan(Yc[k][i]);
    }
    Sel *sel = NULL;
    size_t nsel = 0;
    StrList xl = {0}, yl = {0};
    int rc = 1;
    /* what will be stored: all pairs, or those passing keep=, or the top N
       by |r|; a map beyond CORR_FULL_LIMIT pairs keeps q < 0.05 by default */
    size_t np_all = with ? NP : NX * (NX - 1) / 2;
    int large = !keeps && !keep_all && !top && np_all > CORR_FULL_LIMIT;
    if (large) { keep_q = 1; keep_lim = 0.05; }
    /* When only the pairs below a p or q threshold are wanted and every pair
       uses all n patients (so p falls as |r| grows), p is computed only for
       the pairs strong enough to pass and the adjustment runs on those
       (p_adjust_head): no p or q matrix at all. */
    int head = !isinf(keep_lim) && complete && !savepath && n >= 3 && adjm != ADJ_HOMMEL;
    M.r = malloc((NP ? NP : 1) * sizeof *M.r);
    if (!head) M.q = malloc((NP ? NP : 1) * sizeof *M.q);
    if (!complete) {
        M.nn = malloc((NP ? NP : 1) * sizeof *M.nn);
        if (!control) M.ex = malloc(NP ? NP : 1);
    } else if (!control) {
        M.tx = calloc(NX ? NX : 1, 1);
        M.ty = calloc(NY ? NY : 1, 1);
    }
    if (!M.r || (!head && !M.q) || (!complete && (!M.nn || (!control && !M.ex))) ||
        (complete && !control && (!M.tx || !M.ty))) {
        rgx_error(s, "corr: out of memory for a %zu × %zu map (%.0f MB)", NX, NY, (double)NP * 20 / 1048576);
        goto done;
    }
    int brc;
    if (control) {   /* partial correlations, pair by pair */
        size_t *zc = NULL;
        long nz = command_columns(s, "corr", t, control, &zc);
        if (nz < 0) goto done;
        double *Z = xmalloc((nz && n ? (size_t)nz * n : 1) * sizeof *Z);
        for (long k = 0; k < nz; k++) {
            if (t->cols[zc[k]].type != COL_NUM) {
                rgx_error(s, "corr: control column %s is text", t->cols[zc[k]].name);
                free(Z);
                free(zc);
                goto done;
            }
            memcpy(Z + (size_t)k * n, t->cols[zc[k]].num, n * sizeof *Z);
        }
        M.nz = (size_t)nz;
        brc = 0;
        for (size_t i = 0; i < NX && !brc; i++) {
            if (session_cancelled(s)) brc = -2;
            for (size_t j = 0; j < NY && !brc; j++) {
                size_t k = i * NY + j;
                if (!in_family(&M, k)) { M.r[k] = M.q[k] = NAN; M.nn[k] = 0; continue; }
                CorResult cr = cor_partial(Xc[i], Yc[j], Z, n, (size_t)nz, METHOD_OF[mk]);
                M.r[k] = cr.r;
                M.q[k] = cr.p;
                M.nn[k] = (uint32_t)cr.n;
            }
        }
        free(Z);
        free(zc);
    } else {
        brc = cor_block(Xc, NX, Yc, NY, n, METHOD_OF[mk], ex, s->threads, s->cancel, M.r, head ? NULL : M.q, M.nn, M.ex,
                        M.tx, M.ty);
    }
    if (brc == -2) { rgx_error(s, "corr: interrupted; no result was stored"); goto done; }
    if (brc < 0) { rgx_error(s, "corr: out of memory"); goto done; }
    size_t np = 0, tested = 0, sig = 0, na = 0, nominal = 0, nexact = 0, nzero = 0, cap = 1024;
    sel = xmalloc(cap * sizeof *sel);
    if (head) {
        /* the |r| below which p >= F (F = the threshold, or 0.05 for the
           summary's counts): bisection on the same p functions — the t
           approximation, and the exact p (pairs without ties) when exact=
           allows it; the smaller cut of the two */
        double F = keep_lim > 0.05 ? keep_lim : 0.05, rcut = 1;
        for (int exact = 0; exact < 2; exact++) {
            if (exact && !cor_exact_applies(METHOD_OF[mk], n, 0, ex)) continue;
            double lo = 0, hi = 1;
            for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
                double mid = (lo + hi) / 2;
                if (cor_p_rn(METHOD_OF[mk], mid, n, exact) >= F) lo = mid;
                else hi = mid;
            }
            if (lo * (1 - 1e-9) < rcut) rcut = lo * (1 - 1e-9);
        }
        size_t *ck = NULL, nc = 0, ccap = 0;
        double *cp = NULL;
        /* row by row (the exact p's column ties read once per row); the
           count of exact pairs is per row: the non-NA pairs of a row
           without ties whose column has none either */
        int ex_ok = !control && cor_exact_applies(METHOD_OF[mk], n, 0, ex);
        for (size_t i = 0; i < NX; i++) {
            if (((i * NY) >> 22) != (((i + 1) * NY) >> 22) && session_cancelled(s)) {
                free(ck);
                free(cp);
                rgx_error(s, "corr: interrupted; no result was stored");
                goto done;
            }
            const double *ri = M.r + i * NY;
            int row_ex = ex_ok && !M.tx[i];
            for (size_t j = M.self ? i + 1 : 0; j < NY; j++) {
                np++;
                double rr = ri[j];
                if (isnan(rr)) { na++; continue; }
                tested++;
                int exk = row_ex && !M.ty[j];
                nexact += (size_t)exk;
                if (!(fabs(rr) > rcut)) continue;
                double pv = cor_p_rn(METHOD_OF[mk], rr, n, exk);
                if (exk && mk == 0 && pv < COR_EDGEWORTH_TAIL) nzero += cor_spearman_tail_fallback(rr, n, &pv);
                if (!(pv < F)) continue;
                if (nc == ccap) {
                    ccap = ccap ? 2 * ccap : 4096;
                    ck = xrealloc(ck, ccap * sizeof *ck);
                    cp = xrealloc(cp, ccap * sizeof *cp);
                }
                ck[nc] = i * NY + j;
                cp[nc++] = pv;
            }
        }
        double *cq = xmalloc((nc ? nc : 1) * sizeof *cq);
        if (p_adjust_head(cp, nc, tested, (AdjustMethod)adjm, cq) < 0) {
            free(ck); free(cp); free(cq);
            rgx_error(s, "corr: out of memory");
            goto done;
        }
        for (size_t c = 0; c < nc; c++) {
            nominal += cp[c] < 0.05;
            sig += cq[c] < 0.05;
            double v = keep_q ? cq[c] : cp[c];
            if (!(v < keep_lim)) continue;
            if (nsel == cap) sel = xrealloc(sel, (cap *= 2) * sizeof *sel);
            sel[nsel++] = (Sel){ck[c], cp[c], cq[c]};
        }
        free(ck);
        free(cp);
        free(cq);
    } else {
        /* the family: every pair (i < j when X is correlated with itself) */
        for (size_t k = 0; k < NP; k++) {
            if (!in_family(&M, k)) { M.q[k] = NAN; continue; }
            np++;
            if (isnan(M.q[k])) na++;
            else {
                tested++;
                nominal += M.q[k] < 0.05;
                int exk = map_exact(&M, k);
                nexact += exk;
                if (exk && mk == 0 && M.q[k] < COR_EDGEWORTH_TAIL) {
                    double pv;
                    nzero += cor_spearman_tail_fallback(M.r[k], map_n(&M, k), &pv);
                }
            }
        }
        if (mk == 2) {   /* Kendall's p is not a function of r and n: keep it */
            M.p = malloc((NP ? NP : 1) * sizeof *M.p);
            if (!M.p) { rgx_error(s, "corr: out of memory"); goto done; }
            memcpy(M.p, M.q, NP * sizeof *M.p);
        }
        int arc = p_adjust(M.q, NP, (AdjustMethod)adjm, M.q);
        if (arc == -2) {
            rgx_error(s, "corr: adjust=hommel takes time in the square of the family: %zu p-values is more than its %d "
                         "(adjust=hochberg is close to it and fast)", tested, PADJ_HOMMEL_MAX);
            goto done;
        }
        if (arc < 0) { rgx_error(s, "corr: out of memory"); goto done; }
        for (size_t k = 0; k < NP; k++) sig += M.q[k] < 0.05;
        for (size_t k = 0; k < NP; k++) {
            if (!in_family(&M, k)) continue;
            if (!isinf(keep_lim) && keep_q && (isnan(M.q[k]) || !(M.q[k] < keep_lim))) continue;
            double pk = map_p(&M, k);   /* computed once, for the stored pairs only */
            if (!isinf(keep_lim) && !keep_q && (isnan(pk) || !(pk < keep_lim))) continue;
            if (nsel == cap) sel = xrealloc(sel, (cap *= 2) * sizeof *sel);
            sel[nsel++] = (Sel){k, pk, M.q[k]};
        }
    }
    size_t kept_before_top = nsel;
    if (top > 0 && (size_t)top < nsel) {
        Sel *heap = xmalloc((size_t)top * sizeof *heap);
        nsel = top_pairs(&M, sel, nsel, (size_t)top, heap);
        free(sel);
        sel = heap;
    }
    qsort_r(sel, nsel, sizeof *sel, cmp_stronger, &M);
    table_col_labels(t, xc, NX, &xl);
    table_col_labels(t, yc, NY, &yl);
    char *name = as ? xstrdup(as) : session_new_name(s, "corr");
    Table *o = table_new(name, t->name, nsel);
    char **xs = xcalloc(nsel ? nsel : 1, sizeof *xs), **ys = xcalloc(nsel ? nsel : 1, sizeof *ys);
    double *cn = xmalloc((nsel ? nsel : 1) * sizeof *cn), *cr = xmalloc((nsel ? nsel : 1) * sizeof *cr);
    double *cp = xmalloc((nsel ? nsel : 1) * sizeof *cp), *cq = xmalloc((nsel ? nsel : 1) * sizeof *cq);
    for (size_t c = 0; c < nsel; c++) {
        size_t k = sel[c].k;
        xs[c] = xstrdup(xl.v[k / NY]);
        ys[c] = xstrdup(yl.v[k % NY]);
        cn[c] = (double)map_n(&M, k);
        cr[c] = M.r[k];
        cp[c] = sel[c].p;
        cq[c] = sel[c].q;
    }
    table_add_str(o, "x", NULL, xs);
    table_add_str(o, "y", NULL, ys);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "r", NULL, cr);
    table_add_num(o, "p", NULL, cp);
    table_add_num(o, "q", NULL, cq);
    static const char *const mnames[] = {"spearman", "pearson", "kendall"};
    out_printf(&s->out, "corr %s: %zu pair%s (%zu × %zu columns of %s, %zu patients), method=%s adjust=%s\n", name, np,
               np == 1 ? "" : "s", NX, NY, t->name, n, mnames[mk], adjust_name(adjm));
    if (control)
        out_printf(&s->out, "  partial correlations given %s (%zu covariate%s; t on n - 2 - %zu df, as ppcor)\n", control,
                   M.nz, M.nz == 1 ? "" : "s", M.nz);
    out_printf(&s->out, "  %zu pair%s at p < 0.05 (%.0f expected by chance alone); %zu at q < 0.05", nominal,
               nominal == 1 ? "" : "s", 0.05 * (double)tested, sig);
    if (na)
        out_printf(&s->out, "; %zu pair%s no correlation (a constant column, or fewer than 3 complete pairs)", na,
                   na == 1 ? " has" : "s have");
    out_puts(&s->out, "\n");
    if (mk != 1 && !control && tested) {   /* which p: exact= as cor.test */
        const char *approx = mk == 0 ? "the t approximation" : "the normal approximation with R's tie correction";
        if (ex == COR_EXACT_NO)
            out_printf(&s->out, "  p: %s for every pair (exact=no, as cor.test(exact = FALSE))\n", approx);
        else {
            const char *ename = ex == COR_EXACT_YES ? "yes" : "auto";
            const char *rule = mk == 0 ? "AS 89, as cor.test; no ties, n <= 1290" : "as cor.test; no ties, n < 50";
            char all[48];
            if (tested == 1) snprintf(all, sizeof all, "the pair");
            else snprintf(all, sizeof all, "all %zu pairs", tested);
            if (nexact == tested)
                out_printf(&s->out, "  p: exact=%s: the exact p (%s) for %s\n", ename, rule, all);
            else if (!nexact)
                out_printf(&s->out, "  p: exact=%s: %s for %s (the exact p needs %s)\n", ename, approx, all,
                           mk == 0 ? "no ties and n <= 1290" : "no ties and n < 50");
            else
                out_printf(&s->out, "  p: exact=%s: the exact p (%s) for %zu of the %zu pairs, %s for the other %zu (%s)\n",
                           ename, rule, nexact, tested, approx, tested - nexact,
                           mk == 0 ? "tied values, or n > 1290" : "tied values, or n >= 50");
            if (ex == COR_EXACT_YES && mk == 2 && tested > nexact)
                out_puts(&s->out, "  exact=yes: rgx's exact Kendall p stops at n < 50 (cor.test(exact = TRUE) would compute "
                                  "it for more); larger samples use the normal approximation\n");
            if (nzero)
                out_printf(&s->out, "  %zu pair%s the t approximation's p: there AS 89's Edgeworth series (cor.test's "
                                    "\"exact\" p for n > 9) falls below it, down to 0, far in the tail (p < 1e-6); "
                                    "cor.test would print its smaller value or p < 2.2e-16\n",
                           nzero, nzero == 1 ? " has" : "s have");
        }
    }
    if (skx + sky) out_printf(&s->out, "  %zu text column%s skipped\n", skx + sky, skx + sky == 1 ? "" : "s");
    if (large)
        out_printf(&s->out, "  stored the %zu pairs at q < 0.05 of %zu (keep=all stores every pair; save=FILE writes them "
                            "all to a file)\n", nsel, np);
    else if (nsel < np)
        out_printf(&s->out, "  stored %zu of the pairs (%s)\n", nsel,
                   top > 0 && nsel < kept_before_top ? "top=" : "keep=");
    size_t show = nsel < 10 ? nsel : 10;
    if (show) {
        out_printf(&s->out, "  the %zu strongest (smallest p, then largest |r|):\n", show);
        size_t rows[10];
        for (size_t k = 0; k < show; k++) rows[k] = k;
        print_table_digits(s, o, rows, show, NULL, 0, s->digits < 4 ? s->digits : 4);
    }
    Result *res = command_result(a, "corr", o);
    result_param(res, "x", a->pos[0]);
    result_param(res, "method", mnames[mk]);
    result_param(res, "adjust", adjust_name(adjm));
    store_unit(s, res);
    free(name);
    rc = 0;
    if (savepath && stream_map(s, &M, (const char *const *)xl.v, (const char *const *)yl.v, savepath) < 0) rc = 1;
done:
    free(M.r);
    free(M.q);
    free(M.p);
    free(M.nn);
    free(M.ex);
    free(M.tx);
    free(M.ty);
    free(Xc);
    free(Yc);
    free(sel);
    strlist_free(&xl);
    strlist_free(&yl);
    free(xc);
    free(yc);
    return rc;
}
