/* session.c — see session.h. */
#include "repl/session.h"
#include <stdarg.h>
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
    free(s->outdir);
    free(s->plot);
    strlist_free(&s->args);
    free(s);
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

int session_drop(Session *s, const char *name) {
    for (size_t i = 0; i < s->ntab; i++)
        if (strcmp(s->tables[i]->name, name) == 0) {
            table_free(s->tables[i]);
            memmove(&s->tables[i], &s->tables[i + 1], (s->ntab - i - 1) * sizeof *s->tables);
            s->ntab--;
            return 1;
        }
    return 0;
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
