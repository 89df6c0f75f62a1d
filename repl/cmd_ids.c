/* cmd_ids.c — IDs that do not meet: the join's warning of why no patient
 * matched (io/idshape.h), and recode, which changes given values of one
 * column (a bad ID, EZ-7264A for EZ-7264; a category's spelling). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/idshape.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/ids.h"

void join_warn_idshape(Session *s, Table *const *ts, size_t n) {
    Buf why = {0};
    if (idshape_explain(ts, n, &why)) rgx_warn(s, "join: %s", why.s);
    buf_free(&why);
}

/* One side of OLD=NEW at *p: a "double-quoted" (\" and \\ escaped) or
 * 'single-quoted' text, or the characters up to one of stop (or the end).
 * *quoted says whether it was quoted.  Advances *p. */
static void read_side(const char **p, const char *stop, Buf *out, int *quoted) {
    const char *q = *p;
    *quoted = 0;
    out->len = 0;
    buf_puts(out, "");
    if (*q == '"' || *q == '\'') {
        char c = *q++;
        *quoted = 1;
        while (*q && *q != c) {
            if (c == '"' && *q == '\\' && q[1]) q++;
            buf_add(out, q++, 1);
        }
        if (*q) q++;
    } else {
        while (*q && !strchr(stop, *q)) buf_add(out, q++, 1);
    }
    *p = q;
}

/* A pair OLD=NEW: the texts, and whether NEW is NA (unquoted NA: missing). */
typedef struct Pair {
    char *old, *new;        /* as written, quotes removed (owned) */
    int new_na;             /* NEW was an unquoted NA */
    size_t rows;            /* rows it changed */
} Pair;

/* The pairs of words 2.. of a (read from the command's raw text, so that
 * quotes may hold '=' and blanks).  Returns how many, or -1 after the
 * error. */
static long read_pairs(Session *s, const Args *a, Pair **pairs) {
    size_t np = a->npos - 2;
    *pairs = xcalloc(np ? np : 1, sizeof **pairs);
    Buf b = {0};
    for (size_t i = 0; i < np; i++) {
        const char *p = a->raw + a->off[2 + i];
        int q1, q2;
        read_side(&p, "= \t", &b, &q1);
        Pair *w = &(*pairs)[i];
        w->old = xstrdup(b.s);
        if (*p != '=') {
            rgx_error(s, "recode: '%s' is not OLD=NEW (quote a value that holds '=' or blanks: \"a b\"=\"c\"); usage: %s",
                      a->pos[2 + i], a->usage);
            buf_free(&b);
            return -1;
        }
        p++;
        read_side(&p, " \t", &b, &q2);
        w->new = xstrdup(b.s);
        w->new_na = !q2 && !strcmp(b.s, "NA");
    }
    buf_free(&b);
    return (long)np;
}

static void pairs_free(Pair *p, size_t n) {
    for (size_t i = 0; i < n; i++) { free(p[i].old); free(p[i].new); }
    free(p);
}

/* A number written in full (no trailing text), or -1. */
static int read_number(const char *v, double *x) {
    char *end;
    *x = strtod(v, &end);
    return end != v && !*end ? 0 : -1;
}

/* Recode the numeric column c: each pair's OLD a number (or NA) and NEW a
 * number or NA.  Returns 0, or -1 after the error. */
static int recode_num(Session *s, Column *c, size_t nrow, Pair *pr, size_t np) {
    double *from = xmalloc(np * sizeof *from), *to = xmalloc(np * sizeof *to);
    for (size_t k = 0; k < np; k++) {
        int bad = !strcmp(pr[k].old, "NA") ? (from[k] = NAN, 0) : read_number(pr[k].old, &from[k]);
        if (!bad) bad = pr[k].new_na ? (to[k] = NAN, 0) : read_number(pr[k].new, &to[k]);
        if (bad) {
            rgx_error(s, "recode: %s is a numeric column: %s=%s is not a number for a number (or NA)", c->name,
                      pr[k].old, pr[k].new);
            free(from);
            free(to);
            return -1;
        }
    }
    for (size_t i = 0; i < nrow; i++)
        for (size_t k = 0; k < np; k++)
            if (c->num[i] == from[k] || (isnan(c->num[i]) && isnan(from[k]))) {
                c->num[i] = to[k];
                pr[k].rows++;
                break;   /* one change per value: a=b b=c does not chain */
            }
    free(from);
    free(to);
    return 0;
}

/* Recode the text column c (missing values match an unquoted NA). */
static void recode_str(Column *c, size_t nrow, Pair *pr, size_t np) {
    for (size_t i = 0; i < nrow; i++)
        for (size_t k = 0; k < np; k++) {
            int na_old = !strcmp(pr[k].old, "NA") && !c->str[i];
            if (!na_old && (!c->str[i] || strcmp(c->str[i], pr[k].old))) continue;
            free(c->str[i]);
            c->str[i] = pr[k].new_na ? NULL : xstrdup(pr[k].new);
            pr[k].rows++;
            break;
        }
}

/* recode NAME COL OLD=NEW [OLD=NEW …]: in place, as derive. */
int cmd_recode(Session *s, Args *a) {
    if (a->npos < 3) return args_usage(s, a);
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    Buf err = {0};
    long j = table_find_err(t, a->pos[1], &err);
    if (j < 0) { rgx_error(s, "recode: %s", err.s); buf_free(&err); return 1; }
    Pair *pr;
    long np = read_pairs(s, a, &pr);
    if (np < 0) { pairs_free(pr, a->npos - 2); return 1; }
    Column *c = &t->cols[j];
    int key = j == t->id, rc = 1;
    if (key) {
        for (long k = 0; k < np; k++)
            if (pr[k].new_na || !pr[k].new[0]) {
                rgx_error(s, "recode: %s is the key of %s: a patient's ID cannot become missing (filter the row out "
                             "instead)", c->name, t->name);
                goto done;
            }
    }
    if (c->type == COL_NUM) { if (recode_num(s, c, t->nrow, pr, (size_t)np) < 0) goto done; }
    else recode_str(c, t->nrow, pr, (size_t)np);
    size_t changed = 0;
    Buf b1 = {0}, b2 = {0}, lab = {0};
    for (long k = 0; k < np; k++) {
        changed += pr[k].rows;
        if (!pr[k].rows)
            rgx_warn(s, "recode: no row of %s has %s = %s; nothing changed for it", t->name,
                     fmt_text(&b1, table_col_label(t, (size_t)j, &lab)), fmt_text(&b2, pr[k].old));
    }
    out_printf(&s->out, "recode %s.%s: %zu row%s changed", t->name, fmt_text(&b1, c->name), changed,
               changed == 1 ? "" : "s");
    for (long k = 0; k < np; k++)
        if (pr[k].rows) {
            out_printf(&s->out, "%s %s -> ", k ? "," : ";", fmt_text(&b1, pr[k].old));
            out_printf(&s->out, "%s (%zu)", pr[k].new_na ? "NA" : fmt_text(&b2, pr[k].new), pr[k].rows);
        }
    out_puts(&s->out, "\n");
    if (key) {   /* the key's index, and a key that now repeats */
        size_t before = t->ndup, dup = table_set_id(t, j);
        if (dup > before)
            rgx_warn(s, "recode: %zu more row%s of %s now repeat a key (a join uses the first row of each)",
                     dup - before, dup - before == 1 ? "" : "s", t->name);
    }
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&lab);
    rc = 0;
done:
    pairs_free(pr, (size_t)np);
    return rc;
}
