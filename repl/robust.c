/* robust.c — see robust.h. */
#include "repl/robust.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/numfmt.h"
#include "io/radnames.h"
#include "repl/cmdutil.h"
#include "stats/scalecheck.h"

int icc_scores_get(Session *s, const char *cmd, const char *name, const char *type, IccScores *sc) {
    memset(sc, 0, sizeof *sc);
    Result *r = command_result_of(s, cmd, name, "icc");
    if (!r) return -1;
    Table *t = session_table(s, r->name);
    long jf = t ? table_find(t, "feature") : -1, jt = t ? table_find(t, "type") : -1;
    long ji = t ? table_find(t, "icc") : -1, jl = t ? table_find(t, "low") : -1;
    if (jf < 0 || jt < 0 || ji < 0 || jl < 0 || t->cols[jf].type != COL_STR || t->cols[jt].type != COL_STR ||
        t->cols[ji].type != COL_NUM || t->cols[jl].type != COL_NUM) {
        rgx_error(s, "%s: %s lacks the columns feature, type, icc and low (was it edited?); run icc again", cmd, name);
        return -1;
    }
    /* the types it holds */
    StrList types = {0};
    for (size_t i = 0; i < t->nrow; i++) {
        const char *ty = t->cols[jt].str[i];
        size_t k = 0;
        while (ty && k < types.n && strcasecmp(types.v[k], ty)) k++;
        if (ty && k == types.n) strlist_add(&types, ty);
    }
    const char *use = NULL;
    if (type) {
        for (size_t k = 0; k < types.n && !use; k++)
            if (!strcasecmp(types.v[k], type)) use = types.v[k];
    } else if (types.n == 1) {
        use = types.v[0];
    }
    if (!use) {
        Buf b = {0};
        join_list(&b, (const char *const *)types.v, types.n, 10);
        if (type) rgx_error(s, "%s: %s has no type %s; it has %s", cmd, name, type, b.s ? b.s : "none");
        else rgx_error(s, "%s: %s holds the types %s: name one with type=", cmd, name, b.s ? b.s : "(none)");
        buf_free(&b);
        strlist_free(&types);
        return -1;
    }
    sc->type = xstrdup(use);
    sc->result = xstrdup(r->name);
    strlist_free(&types);
    sc->icc = xmalloc((t->nrow ? t->nrow : 1) * sizeof *sc->icc);
    sc->low = xmalloc((t->nrow ? t->nrow : 1) * sizeof *sc->low);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *f = t->cols[jf].str[i], *ty = t->cols[jt].str[i];
        if (!f || !ty || strcasecmp(ty, sc->type)) continue;
        sc->icc[sc->names.n] = t->cols[ji].num[i];
        sc->low[sc->names.n] = t->cols[jl].num[i];
        strlist_add(&sc->names, f);
    }
    for (size_t k = 0; k < sc->names.n; k++) strmap_put(&sc->map, sc->names.v[k], k, NULL);
    return 0;
}

long icc_scores_find(const IccScores *sc, const Table *t, size_t j) {
    Buf lab = {0};
    size_t k;
    int found = strmap_get(&sc->map, table_col_label(t, j, &lab), &k) || strmap_get(&sc->map, t->cols[j].name, &k);
    buf_free(&lab);
    return found ? (long)k : -1;
}

void icc_scores_free(IccScores *sc) {
    strmap_free(&sc->map);
    strlist_free(&sc->names);
    free(sc->icc);
    free(sc->low);
    free(sc->type);
    free(sc->result);
    memset(sc, 0, sizeof *sc);
}

void print_class_counts(Session *s, const Table *t, const size_t *cols, size_t n, const unsigned char *kept) {
    size_t ccount[16] = {0}, ckept[16] = {0}, icount[16] = {0}, ikept[16] = {0}, named = 0;
    for (size_t k = 0; k < n; k++) {
        size_t c, im;
        radiomics_name_class(t->cols[cols[k]].name, &c, &im);
        named += c + 1 < RAD_NCLASSES;
        ccount[c]++;
        ckept[c] += kept[k] != 0;
        icount[im]++;
        ikept[im] += kept[k] != 0;
    }
    if (!named) return;
    out_puts(&s->out, "  kept by feature class:");
    for (size_t c = 0; c < RAD_NCLASSES; c++)
        if (ccount[c]) out_printf(&s->out, " %s %zu/%zu", RAD_CLASSES[c], ckept[c], ccount[c]);
    out_puts(&s->out, "\n  kept by image type:   ");
    for (size_t c = 0; c < RAD_NIMAGES; c++)
        if (icount[c]) out_printf(&s->out, " %s %zu/%zu", RAD_IMAGES[c], ikept[c], icount[c]);
    out_puts(&s->out, "\n");
}

/* The sd and mean |x| of column cols[j] of t over rows (NULL: all n), v a
 * scratch of n values. */
static void column_scale(const Table *t, size_t j, const size_t *rows, size_t n, double *v, double *sd, double *level) {
    const double *x = t->cols[j].num;
    for (size_t i = 0; i < n; i++) v[i] = x[rows ? rows[i] : i];
    const double *col = v;
    column_sds(&col, 1, n, sd, level);
}

/* "NAME: sd 5.21e-12, NAME: sd 2.84e-10": the first 3 of c's columns
 * constant only up to rounding, into what. */
static void list_rounding(const Table *t, const size_t *cols, const double *sd, const ScaleCheck *c, Buf *what) {
    Buf lab = {0};
    size_t shown = 0;
    for (size_t k = 0; k < c->n_zero; k++) {
        size_t j = c->constant[k];
        if (sd[j] == 0) continue;
        char b[32];
        if (shown++ < 3)
            buf_printf(what, "%s%s: sd %s", shown > 1 ? ", " : "", table_col_label(t, cols[j], &lab),
                       fmt_num(b, sizeof b, sd[j], 3));
    }
    if (shown > 3) buf_puts(what, ", …");
    buf_free(&lab);
}

/* The scale check of the p columns (stats/scalecheck.h, with each
 * column's level) into c, their sds into sd (p values).  Returns 0, or -1
 * when out of memory. */
static int check_columns(const Table *t, const size_t *cols, size_t p, const size_t *rows, size_t n, double *sd,
                         ScaleCheck *c) {
    double *level = malloc((p ? p : 1) * sizeof *level), *v = malloc((n ? n : 1) * sizeof *v);
    if (!level || !v) { free(level); free(v); return -1; }
    for (size_t j = 0; j < p; j++) column_scale(t, cols[j], rows, n, v, &sd[j], &level[j]);
    free(v);
    int rc = scale_check(sd, level, p, 0.9, c);
    free(level);
    return rc;
}

int scale_rule(const Table *t, const size_t *cols, size_t p, const size_t *rows, size_t n, Buf *what) {
    double *sd = malloc((p ? p : 1) * sizeof *sd);
    ScaleCheck c;
    if (!sd || check_columns(t, cols, p, rows, n, sd, &c) < 0) { free(sd); return -1; }
    int mixed = c.n_used >= 2 && c.ratio > SCALE_RULE_RATIO;
    if (mixed) {
        char r[32], a[32], b[32];
        Buf lab = {0};
        buf_printf(what, "their standard deviations differ %s-fold (%s: %s", fmt_num(r, sizeof r, c.ratio, 2),
                   table_col_label(t, cols[c.largest], &lab), fmt_num(a, sizeof a, sd[c.largest], 3));
        buf_printf(what, "; %s: %s); ", table_col_label(t, cols[c.smallest], &lab),
                   fmt_num(b, sizeof b, sd[c.smallest], 3));
        for (size_t k = 0; k < c.n_dominant && k < 5; k++)
            buf_printf(what, "%s%s", k ? ", " : "", table_col_label(t, cols[c.dominant[k]], &lab));
        if (c.n_dominant > 5) buf_printf(what, " and %zu more", c.n_dominant - 5);
        buf_printf(what, " carr%s %.1f%% of the variance", c.n_dominant == 1 ? "ies" : "y", 100 * c.dominant_share);
        if (c.n_rounding) {
            buf_printf(what, "; %zu column%s constant up to rounding left out of the comparison (", c.n_rounding,
                       plural_s(c.n_rounding));
            list_rounding(t, cols, sd, &c, what);
            buf_puts(what, ")");
        }
        buf_free(&lab);
    }
    scale_check_free(&c);
    free(sd);
    return mixed;
}

size_t scale_rounding(const Table *t, const size_t *cols, size_t p, const size_t *rows, size_t n, Buf *what) {
    double *sd = malloc((p ? p : 1) * sizeof *sd);
    ScaleCheck c;
    if (!sd || check_columns(t, cols, p, rows, n, sd, &c) < 0) { free(sd); return 0; }
    size_t k = c.n_rounding;
    if (k) list_rounding(t, cols, sd, &c, what);
    scale_check_free(&c);
    free(sd);
    return k;
}

void warn_scaled_rounding(Session *s, const char *cmd, const Table *t, const size_t *cols, size_t p,
                          const size_t *rows, size_t n, const char *where) {
    Buf rb = {0};
    size_t nr = scale_rounding(t, cols, p, rows, n, &rb);
    if (nr)
        rgx_warn(s, "%s: %zu feature%s %s constant up to rounding (%s): scaled to unit variance, %s rounding noise "
                    "weighs as much as any feature %s; leave %s out (reduce drops %s as near-zero variance) or "
                    "scale=no", cmd, nr, plural_s(nr), nr == 1 ? "is" : "are", rb.s, nr == 1 ? "its" : "their", where,
                 nr == 1 ? "it" : "them", nr == 1 ? "it" : "them");
    buf_free(&rb);
}
