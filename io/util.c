/* util.c — see util.h. */
#include "io/util.h"
#include <stdint.h>
#include <sys/mman.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) { fputs("rgx: out of memory\n", stderr); abort(); }
    return p;
}

void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) { fputs("rgx: out of memory\n", stderr); abort(); }
    return p;
}

void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) { fputs("rgx: out of memory\n", stderr); abort(); }
    return q;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void buf_add(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        b->s = xrealloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

int buf_try_add(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) return -1;
        b->s = p;
        b->cap = cap;
    }
    if (n) memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

void buf_puts(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + (size_t)n + 1) cap *= 2;
        b->s = xrealloc(b->s, cap);
        b->cap = cap;
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_free(Buf *b) {
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void strlist_add(StrList *l, const char *s) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = xstrdup(s);
}

void strlist_addf(StrList *l, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    strlist_add(l, b.s ? b.s : "");
    buf_free(&b);
}

void strlist_free(StrList *l) {
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

int edit_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 100 || lb > 100) return 100;
    int row[101];
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > 100 ? 100 : row[lb];
}

const char *suggest(const char *word, const char *const *cands, size_t n) {
    const char *best = NULL;
    int bestd = 1000;
    size_t wl = strlen(word);
    int limit = (int)((wl + 2) / 3);
    if (limit < 1) limit = 1;
    for (size_t i = 0; i < n; i++) {
        int d = edit_distance(word, cands[i]);
        if (d < bestd) { bestd = d; best = cands[i]; }
    }
    if (best && bestd <= limit) return best;
    if (wl >= 2)   /* a unique prefix is also a good guess */
        for (size_t i = 0; i < n; i++)
            if (strncasecmp(cands[i], word, wl) == 0) return cands[i];
    return NULL;
}

void join_list(Buf *b, const char *const *v, size_t n, size_t max) {
    for (size_t i = 0; i < n && i < max; i++) {
        if (i) buf_puts(b, ", ");
        buf_puts(b, v[i]);
    }
    if (n > max) buf_puts(b, ", …");
}

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return h;
}

static int strmap_grow(StrMap *m) {
    size_t cap = m->cap ? 2 * m->cap : 64;
    const char **keys = calloc(cap, sizeof *keys);
    size_t *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) { free(keys); free(vals); return -1; }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = hash_str(m->keys[i]) & (cap - 1);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int strmap_put(StrMap *m, const char *key, size_t val, size_t *old) {
    if ((m->n + 1) * 2 > m->cap && strmap_grow(m) < 0) return -1;
    size_t j = hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            if (old) *old = m->vals[j];
            return 0;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return 1;
}

int strmap_get(const StrMap *m, const char *key, size_t *val) {
    if (!m->cap) return 0;
    size_t j = hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) { *val = m->vals[j]; return 1; }
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

void strmap_free(StrMap *m) {
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}

int ends_with_ci(const char *s, const char *suffix) {
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

void sum_overflow_warning(StrList *w, size_t n, const char *what) {
    strlist_addf(w, "%zu mean%s %s went past the largest number (about 1.8e308) while being summed: %s infinite "
                 "(Inf or -Inf), not the mean (check the file's scale: values this large are not measurements)", n,
                 n == 1 ? "" : "s", what, n == 1 ? "it is" : "they are");
}

void mem_prefault(void *p, size_t n) {
#ifdef __linux__
    enum { POPULATE_WRITE = 23 };   /* MADV_POPULATE_WRITE (Linux 5.14), absent from older headers */
    const uintptr_t page = 4096;
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1), b = ((uintptr_t)p + n) & ~(page - 1);
    if (n >= 4 * page && b > a) (void)madvise((void *)a, b - a, POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}
