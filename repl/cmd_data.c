/* cmd_data.c — data commands: load, tables, show, select, filter, derive,
 * save, drop.  (describe lives in cmd_describe.c.) */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/expr.h"
#include "io/join.h"
#include "repl/ids.h"
#include "io/save.h"
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"

/* tables: one row per table; a result's parts indented under it, and a
 * kind column when the session holds results. */
int cmd_tables(Session *s, Args *a) {
    if (!s->ntab) {
        out_puts(&s->out, "no tables yet (see help load)\n");
        return 0;
    }
    size_t n = s->ntab;
    char **name = xcalloc(n, sizeof *name), **src = xcalloc(n, sizeof *src), **kind = xcalloc(n, sizeof *kind);
    double *rows = xmalloc(n * sizeof *rows), *cols = xmalloc(n * sizeof *cols);
    size_t k = 0;
    Buf b = {0};
    for (size_t i = 0; i < s->ntab; i++) {
        const Table *t = s->tables[i];
        const char *part;
        Result *r = session_owner(s, t->name, &part);
        if (r && part) continue;   /* listed under its result */
        for (size_t q = 0; q <= (r ? r->parts.n : 0); q++) {
            const Table *u = t;
            if (q > 0 && !(u = result_part(s, r, r->parts.v[q - 1]))) continue;
            b.len = 0;
            buf_printf(&b, "%s%s", q ? "  " : "", u->name);
            name[k] = xstrdup(b.s);
            kind[k] = xstrdup(r && !q ? r->kind : "");
            src[k] = xstrdup(u->source);
            rows[k] = (double)u->nrow;
            cols[k++] = (double)u->ncol;
        }
    }
    buf_free(&b);
    Table *t = table_new("tables", "tables", k);
    table_add_str(t, "name", NULL, name);
    table_add_num(t, "rows", NULL, rows);
    table_add_num(t, "columns", NULL, cols);
    if (s->nres) table_add_str(t, "kind", NULL, kind);
    else {
        for (size_t i = 0; i < k; i++) free(kind[i]);
        free(kind);
    }
    table_add_str(t, "source", NULL, src);
    print_table_digits(s, t, NULL, 0, NULL, 0, 15);
    table_free(t);
    /* the files behind them, with the size and SHA-256 taken while each was read */
    Lineage in = {0};
    for (size_t i = 0; i < s->ntab; i++) lineage_merge(&in, &s->tables[i]->lineage);
    if (in.nin) out_puts(&s->out, "files read (bytes, SHA-256):\n");
    for (size_t i = 0; i < in.nin; i++) {
        out_puts(&s->out, "  ");
        out_text(&s->out, in.in[i].path);
        out_printf(&s->out, "  %llu  %s\n", in.in[i].size, in.in[i].sha256);
    }
    lineage_clear(&in);
    return 0;
}

/* Sort order for show: by one column, missing last. */
typedef struct SortCtx {
    const Column *c;    /* the sort column */
    int desc;           /* descending */
} SortCtx;

/* qsort_r's comparator, ctx the SortCtx */
static int cmp_rows(const void *pa, const void *pb, void *ctx) {
    const SortCtx *sc = ctx;
    size_t i = *(const size_t *)pa, j = *(const size_t *)pb;
    const Column *c = sc->c;
    int r;
    if (c->type == COL_NUM) {
        double x = c->num[i], y = c->num[j];
        if (isnan(x) || isnan(y)) return isnan(x) && isnan(y) ? (i > j) - (i < j) : isnan(x) ? 1 : -1;
        r = (x > y) - (x < y);
    } else {
        const char *x = c->str[i], *y = c->str[j];
        if (!x || !y) return !x && !y ? (i > j) - (i < j) : !x ? 1 : -1;
        r = strcmp(x, y);
    }
    if (sc->desc) r = -r;
    return r ? r : (i > j) - (i < j);   /* stable */
}

int cmd_show(Session *s, Args *a) {
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    const char *rowsopt = args_opt(a, "rows");
    long nshow = 10;
    if (rowsopt && strcasecmp(rowsopt, "all") == 0) nshow = (long)t->nrow;
    else nshow = args_get_int(a, "rows", 10, 0, 1000000000L);
    int desc = args_get_bool(a, "desc", 0);
    if (args_failed(s, a)) return 1;
    size_t *cols = NULL, extra = 0;
    Buf err = {0};
    long nc = command_columns(s, "show", t, a->npos > 1 ? a->pos[1] : NULL, &cols);
    if (nc < 0) return 1;
    if (a->npos == 1 && nc > 8) { extra = (size_t)nc - 8; nc = 8; }
    /* the key column first */
    size_t *all = xmalloc(((size_t)nc + 1) * sizeof *all);
    size_t na = 0;
    if (t->id >= 0) all[na++] = (size_t)t->id;
    for (long k = 0; k < nc; k++)
        if ((long)cols[k] != t->id) all[na++] = cols[k];
    free(cols);
    size_t *rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows);
    for (size_t i = 0; i < t->nrow; i++) rows[i] = i;
    const char *sortcol = args_opt(a, "sort");
    if (sortcol) {
        long j = table_find_err(t, sortcol, &err);
        if (j < 0) {
            rgx_error(s, "show: sort=%s: %s", sortcol, err.s);
            buf_free(&err);
            free(all);
            free(rows);
            return 1;
        }
        SortCtx sc = {&t->cols[j], desc};
        qsort_r(rows, t->nrow, sizeof *rows, cmp_rows, &sc);
    }
    size_t nr = (size_t)nshow < t->nrow ? (size_t)nshow : t->nrow;
    out_data_printf(&s->out, "%s: %zu row%s × %zu column%s\n", t->name, t->nrow, t->nrow == 1 ? "" : "s", t->ncol,
               t->ncol == 1 ? "" : "s");
    if (na) print_table(s, t, rows, nr, all, na);
    if (nr < t->nrow) out_printf(&s->out, "… %zu more row%s (rows=N or rows=all to see more)\n", t->nrow - nr,
                                 t->nrow - nr == 1 ? "" : "s");
    if (extra) out_data_printf(&s->out, "… %zu more column%s (name them, e.g. show %s NAME*)\n", extra,
                          extra == 1 ? "" : "s", t->name);
    free(all);
    free(rows);
    buf_free(&err);
    return 0;
}

/* The output name: `as NAME`, else the input's own name (replace). */
static char *result_name(Session *s, const char *cmd, const char *as, const Table *t) {
    if (as && !valid_table_name(s, cmd, as)) return NULL;
    return xstrdup(as ? as : t->name);
}

/* The text of positional words from..to-1 as written (for expressions). */
static char *raw_span(const Args *a, size_t from, size_t to) {
    const char *b = a->raw + a->off[from];
    const char *e = to < a->npos ? a->raw + a->off[to] : a->raw + strlen(a->raw);
    while (e > b && isspace((unsigned char)e[-1])) e--;
    return xstrndup(b, (size_t)(e - b));
}

int cmd_filter(Session *s, Args *a) {
    if (strcasecmp(a->pos[1], "where") != 0) {
        rgx_error(s, "filter: expected 'where' after the table name; usage: %s", a->usage);
        return 1;
    }
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    size_t end = a->npos;
    const char *as = NULL;
    if (a->npos >= 5 && strcasecmp(a->pos[a->npos - 2], "as") == 0) {
        as = a->pos[a->npos - 1];
        end = a->npos - 2;
    }
    char *text = raw_span(a, 2, end);
    Buf err = {0};
    Expr *e = expr_parse(text, t, &err);
    if (!e) { rgx_error(s, "filter: %s", err.s); goto fail; }
    if (expr_is_text(e)) { rgx_error(s, "filter: '%s' is text, not a condition", text); goto fail; }
    size_t *rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows), nr = 0, nna = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        double x;
        const char *sv;
        expr_eval_row(e, t, i, &x, &sv);
        if (isnan(x)) nna++;
        else if (x != 0) rows[nr++] = i;
    }
    char *name = result_name(s, "filter", as, t);
    if (!name) { free(rows); goto fail; }
    Table *o = table_subset(t, name, rows, nr, NULL, 0);
    free(rows);
    if (!o) { rgx_error(s, "filter: out of memory"); free(name); goto fail; }
    out_data_printf(&s->out, "%s: kept %zu of %zu row%s", name, nr, t->nrow, plural_s(t->nrow));
    if (nna) out_printf(&s->out, "; %zu row%s dropped because the condition was NA", nna, nna == 1 ? "" : "s");
    out_puts(&s->out, "\n");
    store_result(s, t, o);
    free(name);
    expr_free(e);
    free(text);
    buf_free(&err);
    return 0;
fail:
    expr_free(e);
    free(text);
    buf_free(&err);
    return 1;
}

/* derive's `COL = EXPR` or `COL=EXPR`: the new column's name and the
 * expression's text (both malloc'd, the caller frees).  Returns 0, or -1
 * after the usage error. */
static int derive_words(Session *s, const Args *a, char **col, char **text) {
    const char *eq = strchr(a->pos[1], '=');
    if (eq) {   /* derive T col=expr */
        *col = xstrndup(a->pos[1], (size_t)(eq - a->pos[1]));
        const char *r = strchr(a->raw + a->off[1], '=');
        *text = xstrdup(r + 1 + strspn(r + 1, " \t"));
        return 0;
    }
    if (a->pos[2][0] == '=' && a->pos[2][1] != '=') {
        *col = xstrdup(a->pos[1]);
        const char *r = a->raw + a->off[2] + 1;
        *text = xstrdup(r + strspn(r, " \t"));
        return 0;
    }
    rgx_error(s, "derive: expected '=' after the column name; usage: %s", a->usage);
    return -1;
}

/* Evaluate e on every row of t into a new column (named "\x01new" until
 * placed), counting the NA values in *nna.  Returns its index, or -1 when
 * out of memory. */
static long derive_values(Table *t, const Expr *e, size_t *nna) {
    *nna = 0;
    if (expr_is_text(e)) {
        char **v = xcalloc(t->nrow ? t->nrow : 1, sizeof *v);
        for (size_t i = 0; i < t->nrow; i++) {
            double x;
            const char *sv;
            expr_eval_row(e, t, i, &x, &sv);
            if (sv) v[i] = xstrdup(sv);
            else (*nna)++;
        }
        return table_add_str(t, "\x01new", t->name, v);
    }
    double *v = xmalloc((t->nrow ? t->nrow : 1) * sizeof *v);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *sv;
        expr_eval_row(e, t, i, &v[i], &sv);
        *nna += isnan(v[i]) != 0;
    }
    return table_add_num(t, "\x01new", t->name, v);
}

/* The key column old of t replaced by the new text column j (dropped
 * after the swap): the index rebuilt, and how many keys changed.  Returns 0. */
static int derive_key(Session *s, Table *t, long old, long j, const char *col, size_t nna) {
    size_t changed = 0;   /* the key rewritten (e.g. R01-001L -> R01-001): say how many changed */
    for (size_t i = 0; i < t->nrow; i++) {
        const char *x = t->cols[old].str[i], *y = t->cols[j].str[i];
        changed += (!x != !y) || (x && strcmp(x, y));
    }
    Column c = t->cols[j];   /* the new values take the old column's place */
    t->cols[j] = t->cols[old];
    t->cols[old] = c;
    size_t ndup = table_set_id(t, old);   /* the index borrowed the old keys: rebuilt first */
    table_drop_col(t, (size_t)j);
    out_printf(&s->out, "%s.%s: replaced the key column; %zu of %zu key%s changed", t->name, col, changed, t->nrow,
               plural_s(t->nrow));
    if (nna) out_printf(&s->out, "; %zu row%s no key", nna, nna == 1 ? " has" : "s have");
    out_puts(&s->out, "\n");
    if (ndup)
        rgx_warn(s, "derive: %zu row%s of %s now repeat%s a key; lookups and joins use the first", ndup, plural_s(ndup),
                 t->name, ndup == 1 ? "s" : "");
    return 0;
}

/* Place the new column j of t under the name col: it replaces a column of
 * that name from t itself (the key only by text), else it is added.
 * Returns 0, or 1 after the error (j dropped). */
static int derive_place(Session *s, Table *t, const Expr *e, long j, const char *col, size_t nna) {
    long old = -1;
    for (size_t k = 0; k < t->ncol; k++)
        if ((long)k != j && strcmp(t->cols[k].name, col) == 0 && strcmp(t->cols[k].origin, t->name) == 0) old = (long)k;
    free(t->cols[j].name);
    t->cols[j].name = xstrdup(col);
    if (old >= 0 && old == t->id) {
        if (expr_is_text(e)) return derive_key(s, t, old, j, col, nna);
        rgx_error(s, "derive: %s is the key column of %s and must stay text; derive a new column, or make text "
                     "with as_text()", col, t->name);
        table_drop_col(t, (size_t)j);
        return 1;
    }
    if (old >= 0) {
        Column c = t->cols[j];   /* the new values take the old column's place */
        t->cols[j] = t->cols[old];
        t->cols[old] = c;
        table_drop_col(t, (size_t)j);
    }
    out_data_printf(&s->out, "%s.%s: %s %s column", t->name, col, old >= 0 ? "replaced the" : "added a",
               expr_is_text(e) ? "text" : expr_is_logical(e) ? "1/0" : "numeric");
    if (nna) out_printf(&s->out, "; %zu of %zu value%s %s NA", nna, t->nrow, plural_s(t->nrow), nna == 1 ? "is" : "are");
    out_puts(&s->out, "\n");
    return 0;
}

int cmd_derive(Session *s, Args *a) {
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    char *col, *text;
    if (derive_words(s, a, &col, &text) < 0) return 1;
    Buf err = {0};
    int rc = 1;
    Expr *e = NULL;
    if (!*col) { rgx_error(s, "derive: the new column needs a name"); goto done; }
    e = expr_parse(text, t, &err);
    if (!e) { rgx_error(s, "derive: %s", err.s); goto done; }
    size_t nna;
    long j = derive_values(t, e, &nna);
    if (j < 0) { rgx_error(s, "derive: out of memory"); goto done; }
    rc = derive_place(s, t, e, j, col, nna);
done:
    expr_free(e);
    buf_free(&err);
    free(col);
    free(text);
    return rc;
}

int cmd_save(Session *s, Args *a) {
    if (strcasecmp(a->pos[1], "to") != 0) {
        rgx_error(s, "save: expected 'to'; usage: %s", a->usage);
        return 1;
    }
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    char *path = session_out_path(s, a->pos[2]);
    Buf err = {0};
    int rc = table_save(t, path, s->cancel, &err);
    if (rc == -2) rgx_error(s, "save: interrupted; %s was not written", path);
    else if (rc) rgx_error(s, "save: %s", err.s);
    else out_data_printf(&s->out, "saved %s (%zu row%s × %zu column%s) to %s\n", t->name, t->nrow, plural_s(t->nrow),
                         t->ncol, plural_s(t->ncol), path);
    buf_free(&err);
    free(path);
    return rc ? 1 : 0;
}

/* drop: a result goes whole (with its parts), a part alone (its result
 * forgets it), a plain table; nothing is dropped when a name is unknown. */
int cmd_drop(Session *s, Args *a) {
    for (size_t i = 0; i < a->npos; i++)
        if (!session_find(s, a->pos[i])) return session_table(s, a->pos[i]) == NULL;
    for (size_t i = 0; i < a->npos; i++) session_drop(s, a->pos[i]);   /* a part already gone with its result is no error */
    return 0;
}

/* join's line for table i: its keys, who was left out and who had no
 * data, then the warnings about its samples and repeated keys. */
static void join_print_table(Session *s, const JoinReport *rep, Table *const *ts, size_t i, int left) {
    const char *unit = rep->by_sample_tab[i] ? "sample" : "patient";
    out_data_printf(&s->out, "  %-12s %5zu %s%s", ts[i]->name, rep->keys[i], unit, plural_s(rep->keys[i]));
    Buf b = {0};
    if (rep->left_out[i]) {
        join_list(&b, (const char *const *)rep->left_ids[i].v, rep->left_ids[i].n, 5);
        out_data_printf(&s->out, "; %zu left out: %s%s", rep->left_out[i], b.s,   /* IDs from files */
                        rep->left_out[i] > rep->left_ids[i].n ? ", …" : "");
    }
    if (left && i > 0 && rep->no_data[i]) out_printf(&s->out, "; no data for %zu (missing)", rep->no_data[i]);
    out_puts(&s->out, "\n");
    size_t np = rep->not_primary[i], nn = rep->no_primary[i], nd = rep->dups[i];
    if (np) {   /* IDs from files: rgx_warn sanitises */
        b.len = 0;
        join_list(&b, (const char *const *)rep->not_primary_ids[i].v, rep->not_primary_ids[i].n, SIZE_MAX);
        rgx_warn(s, "join: %s is matched on the patient, so each patient's first primary tumour sample "
                 "(type 01, or 03 for blood cancers) is used, as sample=primary loads it; %zu row%s not "
                 "used: %s%s", ts[i]->name, np, plural_s(np), b.s, np > rep->not_primary_ids[i].n ? ", …" : "");
    }
    if (nn) {
        b.len = 0;
        join_list(&b, (const char *const *)rep->no_primary_ids[i].v, rep->no_primary_ids[i].n, SIZE_MAX);
        rgx_warn(s, "join: %zu patient%s of %s %s no primary tumour sample and %s left out: %s%s (to match "
                 "samples, join %s with another table keyed by sample)", nn, plural_s(nn), ts[i]->name,
                 nn == 1 ? "has" : "have", nn == 1 ? "is" : "are", b.s, nn > rep->no_primary_ids[i].n ? ", …" : "",
                 ts[i]->name);
    }
    if (nd)
        rgx_warn(s, "join: %zu row%s of %s repeat%s a %s; the first row of each %s is used", nd, plural_s(nd),
                 ts[i]->name, nd == 1 ? "s" : "", unit, unit);
    buf_free(&b);
}

/* join's report of the joined table o: its size, how tables were matched,
 * a line per table, and the warnings. */
static void join_print(Session *s, const JoinReport *rep, Table *const *ts, size_t nt, int left, const Table *o) {
    out_data_printf(&s->out, "joined %zu tables (how=%s) as %s: %zu %s%s × %zu column%s\n", nt, left ? "left" : "inner",
                    o->name, o->nrow, rep->by_sample ? "sample" : "patient", plural_s(o->nrow), o->ncol,
                    plural_s(o->ncol));
    if (rep->by_sample) {
        Buf b = {0};
        for (size_t i = 0, k = 0; i < nt; i++)
            if (rep->by_sample_tab[i]) buf_printf(&b, "%s%s", k++ ? ", " : "", ts[i]->name);
        out_data_printf(&s->out, "  %s are keyed by TCGA sample barcodes: matched on the sample (patient and sample "
                                 "type), so a recurrence never meets a primary tumour; other tables on the patient\n",
                        b.s ? b.s : "");
        buf_free(&b);
    }
    for (size_t i = 0; i < nt; i++) join_print_table(s, rep, ts, i, left);
    if (rep->repeated)
        rgx_warn(s, "join: %zu patient%s on several rows of %s (several samples): an analysis of %s counts %s "
                 "once per sample", rep->repeated, rep->repeated == 1 ? " is" : "s are", o->name, o->name,
                 rep->repeated == 1 ? "it" : "them");
    for (size_t i = 0; i < rep->renamed.n; i++) rgx_warn(s, "join: column %s (as R's make.unique)", rep->renamed.v[i]);
    join_warn_idshape(s, ts, nt);   /* two tables with no patient in common: why (io/idshape.h) */
}

int cmd_join(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    int left = args_get_choice(a, "how", 0, NULL);
    if (args_failed(s, a)) return 1;
    if (a->npos < 2) { rgx_error(s, "join: name two tables or more; usage: %s", a->usage); return 1; }
    if (as && !valid_table_name(s, "join", as)) return 1;
    Table **ts = xmalloc(a->npos * sizeof *ts);
    for (size_t i = 0; i < a->npos; i++)
        if (!(ts[i] = session_table(s, a->pos[i]))) { free(ts); return 1; }
    char *name = as ? xstrdup(as) : session_new_name(s, "cohort");
    JoinReport rep = {0};
    Buf err = {0};
    Table *o = table_join(ts, a->npos, name, left, &rep, &err);
    if (o) {
        join_print(s, &rep, ts, a->npos, left, o);
        store_table(s, o);
    } else {
        rgx_error(s, "join: %s", err.s);
    }
    join_report_free(&rep);
    buf_free(&err);
    free(name);
    free(ts);
    return o ? 0 : 1;
}
