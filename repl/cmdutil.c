/* cmdutil.c — see cmdutil.h. */
#include "repl/cmdutil.h"
#include "repl/record.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "io/select.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/padjust.h"
#include "stats/survival.h"

int valid_table_name(Session *s, const char *cmd, const char *name) {
    int ok = (isalpha((unsigned char)name[0]) || name[0] == '_');
    for (const char *p = name; *p && ok; p++) ok = isalnum((unsigned char)*p) || *p == '_' || *p == '.';
    if (!ok) rgx_error(s, "%s: '%s' cannot name a table: use letters, digits, '_' and '.', starting with a letter",
                       cmd, name);
    return ok;
}

/* Print each line of what as "(replaced LINE)", and free it. */
static void say_replaced(Session *s, char *what) {
    if (!what) return;
    for (char *save = NULL, *l = strtok_r(what, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        out_data_printf(&s->out, "(replaced %s)\n", l);
    free(what);
}

void store_table(Session *s, Table *t) {
    char *what;
    session_store(s, t, &what);
    say_replaced(s, what);
}

Result *command_result(const Args *a, const char *kind, Table *t) {
    Result *r = result_new(kind, t, a->raw);
    for (size_t i = 0; i < a->taken.n; i++) result_param(r, a->taken_kw.v[i], a->taken.v[i]);
    for (size_t i = 0; i < a->nopt; i++) result_param(r, a->key[i], a->val[i]);
    return r;
}

void store_unit(Session *s, Result *r) {
    char *what;
    session_store_result(s, r, &what);
    say_replaced(s, what);
}

int store_part(Session *s, const char *result, Table *t) {
    char *what;
    if (session_add_part(s, result, t, &what) < 0) return -1;
    say_replaced(s, what);
    return 0;
}

/* "a km result", "an roc result": the article of kind. */
static const char *article(const char *kind) {
    return strchr("aeiou", kind[0]) ? "an" : "a";
}

Result *command_result_of(Session *s, const char *cmd, const char *name, const char *kinds) {
    Table *t = session_find(s, name);
    Result *r = t ? session_result(s, name) : NULL;
    if (r && (!kinds || kind_in_list(kinds, r->kind))) return r;
    Buf want = {0}, m = {0};
    if (kinds) {
        char *copy = xstrdup(kinds);
        size_t n = 0;
        for (char *save = NULL, *k = strtok_r(copy, "|", &save); k; k = strtok_r(NULL, "|", &save), n++)
            buf_printf(&want, "%s%s", n ? " or " : "", k);
        free(copy);
        buf_printf(&m, "%s %s result", article(kinds), want.s);
    } else {
        buf_puts(&m, "a result");
    }
    if (!t) {
        session_table(s, name);   /* "no table 'x' (did you mean y?)" */
    } else if (!r) {
        const char *part;
        Result *o = session_owner(s, name, &part);
        if (o) rgx_error(s, "%s: %s is a part of %s result %s, not a result; %s takes %s", cmd, name, o->kind,
                         o->name, cmd, m.s);
        else rgx_error(s, "%s: %s is a table, not a result; %s takes %s", cmd, name, cmd, m.s);
    } else {
        rgx_error(s, "%s: %s is %s %s result; %s takes %s", cmd, name, article(r->kind), r->kind, cmd, m.s);
    }
    buf_free(&want);
    buf_free(&m);
    return NULL;
}

void store_result(Session *s, const Table *t, Table *o) {
    if (session_find(s, o->name) == t) session_put(s, o);
    else store_table(s, o);
}

long command_columns(Session *s, const char *cmd, const Table *t, const char *selector, size_t **cols) {
    long n = 0;
    if (selector) {
        Buf err = {0};
        n = table_select(t, selector, cols, &err);
        if (n < 0) rgx_error(s, "%s: %s", cmd, err.s);
        buf_free(&err);
    } else {
        *cols = xmalloc((t->ncol ? t->ncol : 1) * sizeof **cols);
        for (size_t j = 0; j < t->ncol; j++)
            if ((long)j != t->id && !t->cols[j].meta) (*cols)[n++] = j;
    }
    for (long k = 0; k < n; k++)   /* compact and computed columns: their doubles for this command (io/table.h) */
        if (t->cols[(*cols)[k]].type == COL_NUM) table_num(t, (*cols)[k]);
    return n;
}

Table *command_table(Session *s, const char *cmd, const char *in, const char *ref) {
    if (in) return session_table(s, in);
    /* the first item of a selector decides */
    char *first = xstrdup(ref);
    char *comma = strchr(first, ',');
    if (comma) *comma = '\0';
    for (const char *dot = strchr(first, '.'); dot; dot = strchr(dot + 1, '.')) {
        char *pre = xstrndup(first, (size_t)(dot - first));
        Table *t = session_find(s, pre);
        free(pre);
        if (t) { free(first); return t; }
    }
    Table *found = NULL;
    int count = 0;
    int glob = strpbrk(first, "*?[") != NULL;
    for (size_t i = 0; i < s->ntab; i++) {
        Table *t = s->tables[i];
        int has = 0;
        if (glob) {
            size_t *cols;
            Buf err = {0};
            long n = table_select(t, first, &cols, &err);
            if (n > 0) { has = 1; free(cols); }
            buf_free(&err);
        } else {
            has = table_find(t, first) >= 0;
        }
        if (has) { found = t; count++; }
    }
    if (count == 1) {
        record_read(s, found);   /* the command depends on it (provenance) */
        free(first);
        return found;
    }
    if (count > 1) rgx_error(s, "%s: '%s' is in several tables: name one with `in TABLE`", cmd, first);
    else rgx_error(s, "%s: no table has a column '%s' (name the table with `in TABLE`)", cmd, first);
    free(first);
    return NULL;
}

/* Groups of column j: levels sorted (text) or distinct values (numbers, at most 12). */
int command_groups(Session *s, const char *cmd, const Table *t, long j, size_t *gid, StrList *names) {
    const Column *c = &t->cols[j];
    StrMap m = {0};
    if (c->type == COL_STR) {
        StrList lv = {0};
        for (size_t i = 0; i < t->nrow; i++)
            if (c->str[i] && strmap_put(&m, c->str[i], lv.n, NULL) == 1) strlist_add(&lv, c->str[i]);
        /* sort the levels */
        for (size_t a = 1; a < lv.n; a++)
            for (size_t b = a; b > 0 && strcmp(lv.v[b - 1], lv.v[b]) > 0; b--) {
                char *x = lv.v[b]; lv.v[b] = lv.v[b - 1]; lv.v[b - 1] = x;
            }
        strmap_free(&m);
        m = (StrMap){0};
        for (size_t k = 0; k < lv.n; k++) strmap_put(&m, lv.v[k], k, NULL);
        for (size_t i = 0; i < t->nrow; i++) {
            size_t k;
            gid[i] = c->str[i] && strmap_get(&m, c->str[i], &k) ? k : GROUP_NONE_IDX;
        }
        *names = lv;
    } else {
        double v[13];
        size_t nv = 0;
        for (size_t i = 0; i < t->nrow; i++) {
            double x = c->num[i];
            if (isnan(x)) continue;
            size_t k = 0;
            while (k < nv && v[k] != x) k++;
            if (k == nv) {
                if (nv == 12) {
                    rgx_error(s, "%s: by %s: more than 12 distinct values; group by a categorical column "
                                 "(or derive one, e.g. derive T g = %s > 0)", cmd, c->name, c->name);
                    return -1;
                }
                v[nv++] = x;
            }
        }
        for (size_t a = 1; a < nv; a++)
            for (size_t b = a; b > 0 && v[b - 1] > v[b]; b--) { double x = v[b]; v[b] = v[b - 1]; v[b - 1] = x; }
        for (size_t k = 0; k < nv; k++) strlist_addf(names, "%s = %g", c->name, v[k]);
        for (size_t i = 0; i < t->nrow; i++) {
            gid[i] = GROUP_NONE_IDX;
            for (size_t k = 0; k < nv; k++)
                if (c->num[i] == v[k]) gid[i] = k;
        }
    }
    strmap_free(&m);
    if (!names->n) { rgx_error(s, "%s: by %s: the column has no values", cmd, c->name); return -1; }
    return 0;
}


int adjust_option(Args *a) {
    static const int methods[] = {ADJ_BH, ADJ_BY, ADJ_BONFERRONI, ADJ_HOLM, ADJ_HOCHBERG, ADJ_HOMMEL, ADJ_NONE};
    return methods[args_get_choice(a, "adjust", 0, "bh|by|bonferroni|holm|hochberg|hommel|none")];
}

const char *chance_count(size_t tests, char *buf, size_t len) {
    double e = 0.05 * (double)tests;
    snprintf(buf, len, e >= 100 ? "%.0f" : "%.3g", e);
    return buf;
}

const char *adjust_name(int m) {
    switch (m) {
    case ADJ_BH: return "bh";
    case ADJ_BY: return "by";
    case ADJ_BONFERRONI: return "bonferroni";
    case ADJ_HOLM: return "holm";
    case ADJ_HOCHBERG: return "hochberg";
    case ADJ_HOMMEL: return "hommel";
    default: return "none";
    }
}

void print_head(Session *s, const Table *o, size_t max) {
    size_t show = o->nrow < max ? o->nrow : max;
    if (!show) return;
    size_t *idx = xmalloc(show * sizeof *idx), *cols = xmalloc((o->ncol ? o->ncol : 1) * sizeof *cols), nc = 0;
    for (size_t i = 0; i < show; i++) idx[i] = i;
    for (size_t j = 0; j < o->ncol; j++)
        if (!o->cols[j].meta) cols[nc++] = j;   /* bookkeeping columns stay out of the summary */
    print_table_digits(s, o, idx, show, cols, nc, s->digits < 4 ? s->digits : 4);
    free(cols);
    free(idx);
}

int cmp_pvalue(double a, double b) {
    double x = isnan(a) ? 2 : a, y = isnan(b) ? 2 : b;
    return (x > y) - (x < y);
}

int cmp_p_then_col(double pa, size_t ca, double pb, size_t cb) {
    int c = cmp_pvalue(pa, pb);
    return c ? c : (ca > cb) - (ca < cb);
}

long command_grouping(Session *s, const char *cmd, const Table *t, const char *ref, const char *label, size_t **gid,
                      StrList *names) {
    Buf err = {0};
    long j = table_find_err(t, ref, &err);
    if (j < 0) {
        rgx_error(s, "%s: %s%s", cmd, label, err.s);
        buf_free(&err);
        return -1;
    }
    *gid = xmalloc((t->nrow ? t->nrow : 1) * sizeof **gid);
    if (command_groups(s, cmd, t, j, *gid, names) < 0) goto fail;
    if (names->n < 2) {
        rgx_error(s, "%s: %s%s has %s (%s); nothing to compare", cmd, label, ref,
                  names->n ? "one group only" : "no values", names->n ? names->v[0] : "all missing");
        goto fail;
    }
    return j;
fail:
    free(*gid);
    *gid = NULL;
    strlist_free(names);
    return -1;
}

/* R's read.csv reads these as logical. */
static int logical_word(const char *s, double *v) {
    static const char *const yes[] = {"TRUE", "true", "True", "T"}, *const no[] = {"FALSE", "false", "False", "F"};
    for (size_t k = 0; k < 4; k++) {
        if (!strcmp(s, yes[k])) { *v = 1; return 1; }
        if (!strcmp(s, no[k])) { *v = 0; return 1; }
    }
    return 0;
}

int command_event(Session *s, const char *cmd, const Table *t, long j, double **event, char **note) {
    const Column *c = &t->cols[j];
    size_t n = t->nrow;
    double *st = xmalloc((n ? n : 1) * sizeof *st);
    Buf name = {0};
    fmt_text(&name, c->name);
    *event = NULL;
    *note = NULL;
    int logical = 0;
    if (c->type == COL_STR) {
        const char *bad = NULL;
        for (size_t i = 0; i < n && !bad; i++) {
            if (!c->str[i]) st[i] = NAN;
            else if (!logical_word(c->str[i], &st[i])) bad = c->str[i];
        }
        if (bad) {
            Buf b = {0};
            rgx_error(s, "%s: EVENT column %s is text ('%s'); expected 0/1, 1/2 or TRUE/FALSE — load the file with "
                         "load clinical to code words such as Dead/Alive, or derive a 0/1 column",
                      cmd, name.s, fmt_text(&b, bad));
            buf_free(&b);
            goto fail;
        }
        logical = 1;
    } else {
        memcpy(st, c->num, n * sizeof *st);
    }
    double vals[8];
    size_t nv;
    SurvCode code = surv_event_code(st, n, logical, st, vals, &nv);
    Buf v = {0};
    for (size_t k = 0; k < nv && k < 8; k++) buf_printf(&v, "%s%g", k ? ", " : "", vals[k]);
    if (nv > 8) buf_puts(&v, ", …");
    if (code == SURV_CODE_BAD) {
        Buf tb = {0};
        rgx_error(s, "%s: EVENT column %s has the values %s; expected 0/1 (1 = event), 1/2 (2 = event, as R's "
                     "Surv) or TRUE/FALSE — say which value is the event: derive %s dead = %s == VALUE",
                  cmd, name.s, v.s, fmt_text(&tb, t->name), name.s);
        buf_free(&tb);
        buf_free(&v);
        goto fail;
    }
    Buf nb = {0};
    if (code == SURV_CODE_12 && nv == 1)
        buf_printf(&nb, "%s has only the value 2: read as coded 1/2, 2 = event (as R's Surv): every patient had the event",
                   name.s);
    else if (code == SURV_CODE_12)
        buf_printf(&nb, "%s coded 1/2, 2 = event (as R's Surv)", name.s);
    else if (code == SURV_CODE_LOGICAL)
        buf_printf(&nb, "%s is TRUE/FALSE, TRUE = event (as R's Surv)", name.s);
    else if (nv == 1 && vals[0] == 1)
        buf_printf(&nb, "%s has only the value 1: read as 1 = event, as R's Surv (coded 1/2 it would mean every "
                        "patient was censored)", name.s);
    buf_free(&v);
    buf_free(&name);
    *note = nb.s;
    *event = st;
    return 0;
fail:
    buf_free(&name);
    free(st);
    return -1;
}

long command_strata(Session *s, const char *cmd, const Table *t, const char *selector, size_t *idx, StrList *names) {
    size_t *cols;
    long nc = command_columns(s, cmd, t, selector, &cols);
    if (nc < 0) return -1;
    if (nc == 0) {
        rgx_error(s, "%s: %s selects no column", cmd, selector);
        free(cols);
        return -1;
    }
    /* each row's label "A=x, B=y" (the stratum), NULL when a value is missing */
    size_t n = t->nrow;
    char **lab = xcalloc(n ? n : 1, sizeof *lab);
    Buf b = {0}, cl = {0};
    char num[64];
    for (size_t i = 0; i < n; i++) {
        b.len = 0;
        buf_add(&b, "", 0);
        int miss = 0;
        for (long k = 0; k < nc && !miss; k++) {
            const Column *c = &t->cols[cols[k]];
            const char *v = c->type == COL_NUM ? (isnan(c->num[i]) ? NULL : fmt_num(num, sizeof num, c->num[i], 15))
                                               : c->str[i];
            if (!v) { miss = 1; break; }
            buf_printf(&b, "%s%s=%s", k ? ", " : "", table_col_label(t, cols[k], &cl), v);
        }
        lab[i] = miss ? NULL : xstrdup(b.s);
    }
    StrMap m = {0};
    for (size_t i = 0; i < n; i++) {
        if (!lab[i]) { idx[i] = GROUP_NONE_IDX; continue; }
        size_t old;
        if (strmap_put(&m, lab[i], names->n, &old) == 1) { idx[i] = names->n; strlist_add(names, lab[i]); }
        else idx[i] = old;
    }
    strmap_free(&m);
    /* strata in the order of their values (numbers as numbers), not of appearance */
    size_t ns = names->n, *first = xmalloc((ns ? ns : 1) * sizeof *first), *ord = xmalloc((ns ? ns : 1) * sizeof *ord);
    for (size_t i = n; i-- > 0;)
        if (idx[i] != GROUP_NONE_IDX) first[idx[i]] = i;
    for (size_t q = 0; q < ns; q++) ord[q] = q;
    for (size_t a = 1; a < ns; a++)
        for (size_t b2 = a; b2 > 0; b2--) {
            size_t r1 = first[ord[b2 - 1]], r2 = first[ord[b2]];
            int c = 0;
            for (long k = 0; k < nc && !c; k++) {
                const Column *col = &t->cols[cols[k]];
                c = col->type == COL_NUM ? (col->num[r1] > col->num[r2]) - (col->num[r1] < col->num[r2])
                                         : strcmp(col->str[r1], col->str[r2]);
            }
            if (c <= 0) break;
            size_t x = ord[b2]; ord[b2] = ord[b2 - 1]; ord[b2 - 1] = x;
        }
    size_t *rank = xmalloc((ns ? ns : 1) * sizeof *rank);
    char **v = xmalloc((ns ? ns : 1) * sizeof *v);
    for (size_t q = 0; q < ns; q++) { rank[ord[q]] = q; v[q] = names->v[ord[q]]; }
    memcpy(names->v, v, ns * sizeof *v);
    for (size_t i = 0; i < n; i++)
        if (idx[i] != GROUP_NONE_IDX) idx[i] = rank[idx[i]];
    free(first);
    free(ord);
    free(rank);
    free(v);
    for (size_t i = 0; i < n; i++) free(lab[i]);
    free(lab);
    buf_free(&b);
    buf_free(&cl);
    free(cols);
    if (!names->n) { rgx_error(s, "%s: %s has no values", cmd, selector); return -1; }
    return (long)names->n;
}

void adjust_error(Session *s, const char *cmd, int arc, size_t n) {
    if (arc == -2)
        rgx_error(s, "%s: adjust=hommel takes time in the square of the family: %zu p-values is more than its %d "
                     "(adjust=hochberg is close to it and fast)", cmd, n, PADJ_HOMMEL_MAX);
    else
        rgx_error(s, "%s: out of memory", cmd);
}

int adjust_rows(Session *s, const char *cmd, void *rows, size_t n, size_t size, size_t p_off, size_t q_off, int adjm,
                PFamily *f) {
    char *base = rows;
    double *pq = xmalloc((n ? n : 1) * sizeof *pq);
    for (size_t i = 0; i < n; i++) memcpy(&pq[i], base + i * size + p_off, sizeof *pq);
    int arc = p_adjust_family(pq, n, (AdjustMethod)adjm, pq, f);
    for (size_t i = 0; i < n && arc == 0; i++) memcpy(base + i * size + q_off, &pq[i], sizeof *pq);
    free(pq);
    if (arc < 0) adjust_error(s, cmd, arc, n);
    return arc < 0 ? -1 : 0;
}
