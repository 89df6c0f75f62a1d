/* session.c — see session.h. */
#include "repl/session.h"
#include "repl/record.h"
#include <gsl/gsl_blas.h>
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "stats/corr.h"

void out_printf(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (o->cap) {   /* the copy for the report */
        va_list cp;
        va_copy(cp, ap);
        Buf b = {0};
        buf_vprintf(&b, fmt, cp);
        va_end(cp);
        capture_add(o->cap, o->cap_err, b.s ? b.s : "", b.len);
        buf_free(&b);
    }
    if (o->fp) vfprintf(o->fp, fmt, ap);
    else if (o->mem) buf_vprintf(o->mem, fmt, ap);
    va_end(ap);
}

void out_puts(Out *o, const char *s) {
    if (o->cap) capture_add(o->cap, o->cap_err, s, strlen(s));
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
static long table_index(const Session *s, const char *name);

/* OpenBLAS's own thread pool (the matrix products of corr) follows set
 * threads= too; weak, so that a build on GSL's CBLAS links without it. */
extern void openblas_set_num_threads(int) __attribute__((weak));
extern int openblas_get_num_threads(void) __attribute__((weak));

/* OpenBLAS under a virtual-memory limit (ulimit -v, SGE's h_vmem).  Each
 * OpenBLAS thread keeps a buffer of 128 MB of address space (Debian's
 * DYNAMIC_ARCH build; 32 << 22 bytes and a page): a worker from the moment
 * it starts — when OpenBLAS is loaded, one per core, and when more threads
 * are asked for — the calling thread from its first product.  Refused,
 * that allocation is retried forever: a worker spins and the process
 * never ends (it joins the worker at exit), a product never returns, and
 * Ctrl-C stops neither.  So, under a limit:
 * - before main, when the workers OpenBLAS started at load do not fit
 *   (see blas_budget), rgx starts itself again with OPENBLAS_NUM_THREADS
 *   set to what fits (a worker that found no room can only be ended with
 *   the process);
 * - the calling thread's buffer is taken at once, while the address space
 *   is still free (a small product); when there is no room even for it,
 *   corr makes its products without BLAS (cor_use_blas(0));
 * - set threads=N gives OpenBLAS at most the threads whose buffers fit,
 *   with a note (rgx's own worker threads are not bounded: they take
 *   memory only for what they compute, and fail with "out of memory").
 * Without a limit nothing changes.  tests/shell/fix1_blas_limit.sh. */
#define BLAS_BUFFER (((size_t)128 << 20) + 4096)
typedef struct BlasLimit {
    int limited;            /* RLIMIT_AS is finite */
    size_t limit;           /* its soft value, bytes */
    size_t per_thread;      /* a worker's address space: buffer and stack */
    int made;               /* OpenBLAS threads started so far (the caller counted) */
    int usable;             /* the caller's buffer is taken: products may use BLAS */
    int noted;              /* the note about the caller's buffer was given */
    size_t need;            /* without a buffer: the limit that would have let it be taken */
} BlasLimit;
static BlasLimit blas = {0, 0, 0, 1, 1, 0, 0};   /* the process's: OpenBLAS's threads are the process's */

/* The process's address space now (bytes; 0 when unknown). */
static size_t vm_size(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1) pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* OpenBLAS threads whose buffers fit in half of the limit (the other half
 * is left for the data): the caller's buffer, then a worker's buffer and
 * stack each.  0 when not even the caller's fits. */
static int blas_budget(void) {
    size_t half = blas.limit / 2;
    if (half < BLAS_BUFFER) return 0;
    size_t t = 1 + (half - BLAS_BUFFER) / blas.per_thread;
    return t > 256 ? 256 : (int)t;
}

#if defined(__linux__) && defined(__GLIBC__)
/* Before main (see above); glibc passes a constructor main's arguments. */
__attribute__((constructor)) static void blas_fit_limit(int argc, char **argv, char **envp) {
    (void)argc;
    (void)envp;
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return;
    /* glibc gives each thread that allocates (the loaders' parsers, the
     * consensus workers) an arena reserving 64 MB of address space: under a
     * limit that reserve, not the data, is what runs out; one arena shares
     * it (slower only where threads allocate at once). */
    mallopt(M_ARENA_MAX, 1);
    if (!openblas_get_num_threads) return;
    blas.limited = 1;
    blas.limit = (size_t)rl.rlim_cur;
    size_t stack = (size_t)8 << 20;
    pthread_attr_t at;
    if (pthread_getattr_default_np(&at) == 0) {
        size_t ss;
        if (pthread_attr_getstacksize(&at, &ss) == 0 && ss) stack = ss;
        pthread_attr_destroy(&at);
    }
    blas.per_thread = BLAS_BUFFER + stack;
    int fit = blas_budget();
    if (getenv("RGX_BLAS_RESTARTED")) {   /* this is the second start: once is enough */
        unsetenv("RGX_BLAS_RESTARTED");
    } else if (openblas_get_num_threads() > (fit > 1 ? fit : 1)) {
        char v[16];
        snprintf(v, sizeof v, "%d", fit > 1 ? fit : 1);
        setenv("OPENBLAS_NUM_THREADS", v, 1);
        setenv("RGX_BLAS_RESTARTED", "1", 1);
        execv("/proc/self/exe", argv);
        unsetenv("RGX_BLAS_RESTARTED");   /* could not: go on as we are */
    }
    blas.made = openblas_get_num_threads();
    /* the caller's buffer, while there is room: a product of 128 × 128 */
    size_t vm = vm_size();
    blas.usable = fit >= 1 && vm && vm + BLAS_BUFFER + (blas.limit >> 3) <= blas.limit;
    if (blas.usable) {
        double *m = calloc((size_t)3 * 128 * 128, sizeof *m);
        if (m) {
            gsl_matrix_view a = gsl_matrix_view_array(m, 128, 128), b = gsl_matrix_view_array(m + 128 * 128, 128, 128),
                            c = gsl_matrix_view_array(m + 2 * 128 * 128, 128, 128);
            gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &a.matrix, &b.matrix, 0.0, &c.matrix);
            free(m);
        } else {
            blas.usable = 0;
        }
    }
    if (!blas.usable) {
        cor_use_blas(0);
        size_t a = 2 * BLAS_BUFFER, b = (vm + BLAS_BUFFER) / 7 * 8;
        blas.need = a > b ? a : b;
    }
}
#endif

static void report(Session *s, const char *kind, const char *fmt, va_list ap);
static void note(Session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Session *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report(s, "note", fmt, ap);
    va_end(ap);
}

void session_set_threads(Session *s, int n) {
    s->threads = n > 0 ? n : 1;
    if (!openblas_set_num_threads) return;
    int nb = s->threads;
    if (blas.limited) {
        const size_t mb = (size_t)1 << 20;
        if (!blas.usable && !blas.noted) {
            note(s, "the memory limit (ulimit -v %zu MB) leaves no room for the %zu MB buffer of OpenBLAS: corr makes "
                 "its matrix products without BLAS (slower; a limit of %zu MB or more lets it use BLAS)",
                 blas.limit / mb, BLAS_BUFFER / mb, (blas.need + mb - 1) / mb);
            blas.noted = 1;
        }
        /* threads whose buffers fit: in half of the limit, and in the room left now */
        int fit = blas_budget();
        size_t vm = vm_size(), room = blas.limit > vm ? blas.limit - vm : 0, keep = blas.limit >> 3;
        size_t more = room > keep ? (room - keep) / blas.per_thread : 0;
        if ((size_t)fit > (size_t)blas.made + more) fit = blas.made + (int)more;
        if (fit < 1 || !blas.usable) fit = 1;
        if (nb > fit && blas.usable)
            note(s, "OpenBLAS (corr's matrix products) uses %d thread%s, not %d: each takes %zu MB of address space "
                 "and the memory limit (ulimit -v) is %zu MB (rgx's own worker threads: %d)", fit,
                 fit == 1 ? "" : "s", nb, blas.per_thread / mb, blas.limit / mb, nb);
        if (nb > fit) nb = fit;
        if (nb > blas.made) blas.made = nb;
    }
    openblas_set_num_threads(nb);
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
    s->err.cap_err = 1;
    s->provenance = PROV_SIDECAR;
    s->rec = record_new(s);
    return s;
}

void session_free(Session *s) {
    if (!s) return;
    record_free(s, s->rec);
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
        if (strcmp(s->tables[i]->name, name) == 0) {
            record_read(s, s->tables[i]);   /* the running command depends on it (provenance) */
            return s->tables[i];
        }
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
    long i = table_index(s, t->name);
    if (i < 0 || s->tables[i] != t) place(s, release(s, t->name, 1, &b), t);
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
        if (table_index(s, b.s) < 0) return b.s;
    }
}

int session_cancelled(const Session *s) { return *s->cancel != 0; }

char *session_out_path(const Session *s, const char *path) {
    if (path[0] == '/' || strcmp(s->outdir, ".") == 0) return xstrdup(path);
    Buf b = {0};
    buf_printf(&b, "%s/%s", s->outdir, path);
    return b.s;
}
