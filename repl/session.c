/* session.c — see session.h. */
#include "repl/session.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void out_printf(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (o->fp) vfprintf(o->fp, fmt, ap);
    else if (o->mem) buf_vprintf(o->mem, fmt, ap);
    va_end(ap);
}

void out_puts(Out *o, const char *s) {
    if (o->fp) fputs(s, o->fp);
    else if (o->mem) buf_puts(o->mem, s);
}

size_t text_scrub(char *s, size_t len, int keep_lines) {
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && !(keep_lines && (c == '\n' || c == '\t'))) || c == 0x7f) s[o++] = '?';
        else if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f) {
            s[o++] = '?';   /* a C1 control (CSI…) written as UTF-8 */
            i++;
        } else s[o++] = s[i];
    }
    if (o < len) s[o] = '\0';
    return o;
}

void out_text(Out *o, const char *s) {
    if (!s) return;
    char *t = xstrdup(s);
    text_scrub(t, strlen(t), 0);
    out_puts(o, t);
    free(t);
}

void out_data_printf(Out *o, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.s) b.len = text_scrub(b.s, b.len, 1);
    out_puts(o, b.s ? b.s : "");
    buf_free(&b);
}

static volatile sig_atomic_t no_cancel;

/* OpenBLAS's own thread pool (the matrix products of corr) follows set
 * threads= too; weak, so that a build on GSL's CBLAS links without it. */
extern void openblas_set_num_threads(int) __attribute__((weak));

void session_set_threads(Session *s, int n) {
    s->threads = n > 0 ? n : 1;
    if (openblas_set_num_threads) openblas_set_num_threads(s->threads);
}

Session *session_new(void) {
    Session *s = xcalloc(1, sizeof *s);
    s->out.fp = stdout;
    s->err.fp = stderr;
    s->seed = 1;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    session_set_threads(s, n > 0 ? (int)n : 1);
    s->digits = 6;
    s->outdir = xstrdup(".");
    s->plot = xstrdup("png");
    s->cancel = &no_cancel;
    return s;
}

void session_free(Session *s) {
    if (!s) return;
    for (size_t i = 0; i < s->ntab; i++) table_free(s->tables[i]);
    free(s->tables);
    for (size_t i = 0; i < s->nres; i++) result_free(s->results[i]);
    free(s->results);
    free(s->outdir);
    free(s->plot);
    strlist_free(&s->args);
    strlist_free(&s->said);
    free(s);
}

int session_once(Session *s, const char *key) {
    for (size_t i = 0; i < s->said.n; i++)
        if (!strcmp(s->said.v[i], key)) return 0;
    strlist_add(&s->said, key);
    return 1;
}

static void report(Session *s, const char *kind, const char *fmt, va_list ap) {
    fflush(stdout);
    if (s->file && !s->interactive) out_printf(&s->err, "%s:%ld: %s: ", s->file, s->line, kind);
    else out_printf(&s->err, "%s: ", kind);
    Buf b = {0};
    buf_vprintf(&b, fmt, ap);
    /* messages quote values from files: no control character (an escape
       sequence in a CSV cell) reaches the terminal */
    b.len = text_scrub(b.s, b.len, 1);
    out_puts(&s->err, b.s ? b.s : "");
    out_puts(&s->err, "\n");
    buf_free(&b);
    if (s->err.fp) fflush(s->err.fp);
}

void rgx_error(Session *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report(s, "error", fmt, ap);
    va_end(ap);
}

void rgx_warn(Session *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report(s, "warning", fmt, ap);
    va_end(ap);
}

Table *session_find(Session *s, const char *name) {
    for (size_t i = 0; i < s->ntab; i++)
        if (strcmp(s->tables[i]->name, name) == 0) return s->tables[i];
    return NULL;
}

Table *session_table(Session *s, const char *name) {
    Table *t = session_find(s, name);
    if (t) return t;
    const char **names = xmalloc((s->ntab + 1) * sizeof *names);
    for (size_t i = 0; i < s->ntab; i++) names[i] = s->tables[i]->name;
    const char *g = suggest(name, names, s->ntab);
    if (g) rgx_error(s, "no table '%s' (did you mean %s?)", name, g);
    else if (s->ntab) rgx_error(s, "no table '%s'; type tables to list them", name);
    else rgx_error(s, "no table '%s': nothing is loaded yet (see help load)", name);
    free(names);
    return NULL;
}

int session_put(Session *s, Table *t) {
    for (size_t i = 0; i < s->ntab; i++)
        if (strcmp(s->tables[i]->name, t->name) == 0) {
            if (s->tables[i] != t) table_free(s->tables[i]);
            s->tables[i] = t;
            return 1;
        }
    if (s->ntab == s->captab) {
        s->captab = s->captab ? 2 * s->captab : 16;
        s->tables = xrealloc(s->tables, s->captab * sizeof *s->tables);
    }
    s->tables[s->ntab++] = t;
    return 0;
}

/* ---- results ---- */

Result *result_new(const char *kind, Table *t, const char *made_by) {
    Result *r = xcalloc(1, sizeof *r);
    r->kind = kind;
    r->name = xstrdup(t->name);
    r->command = made_by ? xstrdup(made_by) : NULL;
    result_add(r, t);
    return r;
}

void result_add(Result *r, Table *t) {
    r->pending = xrealloc(r->pending, (r->npending + 1) * sizeof *r->pending);
    r->pending[r->npending++] = t;
}

void result_param(Result *r, const char *key, const char *val) {
    if (!val) return;
    strlist_add(&r->pkey, key);
    strlist_add(&r->pval, val);
}

void result_paramf(Result *r, const char *key, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    result_param(r, key, b.s ? b.s : "");
    buf_free(&b);
}

const char *result_get_param(const Result *r, const char *key) {
    const char *v = NULL;
    for (size_t i = 0; i < r->pkey.n; i++)
        if (!strcmp(r->pkey.v[i], key)) v = r->pval.v[i];
    return v;
}

char *result_params_text(const Result *r) {
    Buf b = {0};
    buf_add(&b, "", 0);
    for (size_t i = 0; i < r->pkey.n; i++) {
        const char *v = r->pval.v[i];
        int plain = *v != '\0';
        for (const char *p = v; *p && plain; p++) plain = *p != ' ' && *p != '\t' && *p != '"' && *p != ';' && *p != '#';
        buf_printf(&b, "%s%s=", i ? " " : "", r->pkey.v[i]);
        if (plain) {
            buf_puts(&b, v);
        } else {   /* in the command language's double quotes */
            buf_puts(&b, "\"");
            for (const char *p = v; *p; p++) buf_printf(&b, "%s%c", *p == '"' || *p == '\\' ? "\\" : "", *p);
            buf_puts(&b, "\"");
        }
    }
    return b.s;
}

void result_free(Result *r) {
    if (!r) return;
    free(r->name);
    free(r->command);
    strlist_free(&r->pkey);
    strlist_free(&r->pval);
    strlist_free(&r->parts);
    for (size_t i = 0; i < r->npending; i++) table_free(r->pending[i]);
    free(r->pending);
    free(r);
}

Result *session_result(Session *s, const char *name) {
    for (size_t i = 0; i < s->nres; i++)
        if (!strcmp(s->results[i]->name, name)) return s->results[i];
    return NULL;
}

Result *session_owner(Session *s, const char *name, const char **part) {
    if (part) *part = NULL;
    for (size_t i = 0; i < s->nres; i++) {
        Result *r = s->results[i];
        if (!strcmp(r->name, name)) return r;
        size_t l = strlen(r->name);
        if (strncmp(name, r->name, l) || name[l] != '.') continue;
        for (size_t k = 0; k < r->parts.n; k++)
            if (!strcmp(name + l + 1, r->parts.v[k])) {
                if (part) *part = r->parts.v[k];
                return r;
            }
    }
    return NULL;
}

Table *result_part(Session *s, const Result *r, const char *part) {
    int owned = 0;
    for (size_t k = 0; k < r->parts.n && !owned; k++) owned = !strcmp(r->parts.v[k], part);
    if (!owned) return NULL;
    Buf b = {0};
    buf_printf(&b, "%s.%s", r->name, part);
    Table *t = session_find(s, b.s);
    buf_free(&b);
    return t;
}

static long table_index(const Session *s, const char *name) {
    for (size_t i = 0; i < s->ntab; i++)
        if (!strcmp(s->tables[i]->name, name)) return (long)i;
    return -1;
}

static void remove_at(Session *s, size_t i) {
    table_free(s->tables[i]);
    memmove(&s->tables[i], &s->tables[i + 1], (s->ntab - i - 1) * sizeof *s->tables);
    s->ntab--;
}

static void unregister(Session *s, Result *r) {
    for (size_t i = 0; i < s->nres; i++)
        if (s->results[i] == r) {
            memmove(&s->results[i], &s->results[i + 1], (s->nres - i - 1) * sizeof *s->results);
            s->nres--;
            break;
        }
    result_free(r);
}

static void forget_part(Result *r, const char *part) {
    for (size_t k = 0; k < r->parts.n; k++)
        if (!strcmp(r->parts.v[k], part)) {
            free(r->parts.v[k]);
            memmove(&r->parts.v[k], &r->parts.v[k + 1], (r->parts.n - k - 1) * sizeof *r->parts.v);
            r->parts.n--;
            return;
        }
}

/* Free whatever owns name: a result with all its parts, a part (its
 * result forgets it) or a plain table, and say what in *what (a line
 * each).  With keep, the slot of name's table stays, freed and NULL, and
 * its index is returned for the caller to fill at once (so a replacement
 * keeps its place in `tables`); -1 when no table had the name. */
static long release(Session *s, const char *name, int keep, Buf *what) {
    const char *part;
    Result *r = session_owner(s, name, &part);
    if (r && !part) {
        buf_printf(what, "the previous %s result %s", r->kind, r->name);
        StrList gone = {0};
        Buf pn = {0};
        for (size_t k = 0; k < r->parts.n; k++) {
            pn.len = 0;
            buf_printf(&pn, "%s.%s", r->name, r->parts.v[k]);
            long j = table_index(s, pn.s);
            if (j < 0) continue;
            strlist_add(&gone, pn.s);
            remove_at(s, (size_t)j);
        }
        for (size_t k = 0; k < gone.n; k++)
            buf_printf(what, "%s%s", k ? ", " : gone.n == 1 ? " and its part " : " and its parts ", gone.v[k]);
        buf_puts(what, "\n");
        strlist_free(&gone);
        buf_free(&pn);
        unregister(s, r);
    } else if (r) {
        buf_printf(what, "the previous table %s, a part of %s result %s\n", name, r->kind, r->name);
        forget_part(r, part);
    } else if (table_index(s, name) >= 0) {
        buf_printf(what, "the previous table %s\n", name);
    }
    long i = table_index(s, name);
    if (i < 0) return -1;
    if (keep) {
        table_free(s->tables[i]);
        s->tables[i] = NULL;
    } else {
        remove_at(s, (size_t)i);
    }
    return i;
}

/* Put t in slot i (from release), or at the end when i < 0. */
static void place(Session *s, long i, Table *t) {
    if (i >= 0) s->tables[i] = t;
    else session_put(s, t);
}

static void set_what(Buf *b, char **what) {
    if (b->len && b->s[b->len - 1] == '\n') b->s[--b->len] = '\0';
    if (what) *what = b->len ? b->s : (buf_free(b), NULL);
    else buf_free(b);
}

void session_store(Session *s, Table *t, char **what) {
    Buf b = {0};
    if (session_find(s, t->name) != t) place(s, release(s, t->name, 1, &b), t);
    set_what(&b, what);
}

void session_store_result(Session *s, Result *r, char **what) {
    Buf b = {0};
    place(s, release(s, r->name, 1, &b), r->pending[0]);
    size_t l = strlen(r->name);
    for (size_t i = 1; i < r->npending; i++) {
        Table *t = r->pending[i];
        place(s, release(s, t->name, 1, &b), t);
        strlist_add(&r->parts, t->name + l + 1);
    }
    free(r->pending);
    r->pending = NULL;
    r->npending = 0;
    if (s->nres == s->capres) {
        s->capres = s->capres ? 2 * s->capres : 8;
        s->results = xrealloc(s->results, s->capres * sizeof *s->results);
    }
    s->results[s->nres++] = r;
    set_what(&b, what);
}

int session_add_part(Session *s, const char *result, Table *t, char **what) {
    Result *r = session_result(s, result);
    size_t l = strlen(result);
    if (what) *what = NULL;
    if (!r || strncmp(t->name, result, l) || t->name[l] != '.') {
        table_free(t);
        return -1;
    }
    const char *suffix = t->name + l + 1;
    Buf b = {0};
    if (result_part(s, r, suffix)) {   /* a new version of the same part */
        long i = table_index(s, t->name);
        buf_printf(&b, "the previous table %s\n", t->name);
        table_free(s->tables[i]);
        s->tables[i] = t;
    } else {
        place(s, release(s, t->name, 1, &b), t);
        forget_part(r, suffix);
        strlist_add(&r->parts, suffix);
    }
    set_what(&b, what);
    return 0;
}

int session_drop(Session *s, const char *name) {
    Buf b = {0};
    long i = release(s, name, 0, &b);
    buf_free(&b);
    return i >= 0;
}

char *session_new_name(Session *s, const char *prefix) {
    Buf b = {0};
    for (int k = 1;; k++) {
        b.len = 0;
        buf_printf(&b, "%s%d", prefix, k);
        if (!session_find(s, b.s)) return b.s;
    }
}

int session_cancelled(const Session *s) { return *s->cancel != 0; }

char *session_out_path(const Session *s, const char *path) {
    if (path[0] == '/' || strcmp(s->outdir, ".") == 0) return xstrdup(path);
    Buf b = {0};
    buf_printf(&b, "%s/%s", s->outdir, path);
    return b.s;
}
