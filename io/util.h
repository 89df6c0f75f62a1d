/* util.h — small string helpers shared by io/ and repl/: growable
 * buffers, string lists, "did you mean" suggestions and a string hash. */
#ifndef RGX_UTIL_H
#define RGX_UTIL_H
#include <stddef.h>
#include <stdarg.h>

/* Growable byte buffer; s is always NUL-terminated once anything is added. */
typedef struct Buf {
    char *s;        /* contents, NUL-terminated (NULL while empty) */
    size_t len;     /* bytes used, excluding the NUL */
    size_t cap;     /* bytes allocated */
} Buf;

void buf_add(Buf *b, const char *s, size_t n);
/* buf_add that does not abort: returns -1 (b unchanged) when out of memory. */
int buf_try_add(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);

/* A list of owned strings. */
typedef struct StrList {
    char **v;       /* the strings, each owned by the list */
    size_t n;       /* number of strings */
    size_t cap;     /* slots allocated */
} StrList;

void strlist_add(StrList *l, const char *s);
void strlist_addf(StrList *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strlist_free(StrList *l);

/* Allocation that never returns NULL: on failure it prints "out of memory"
 * and aborts; used only for small bookkeeping, never for data-sized arrays. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The pages wholly inside [p, p + n) made present now, in one system call
 * (Linux 5.14's MADV_POPULATE_WRITE), rather than by a page fault each
 * when first written: for a large array about to be filled.  Does nothing
 * where the kernel cannot; the memory is the same either way. */
void mem_prefault(void *p, size_t n);
/* The loaders' warning that n means (what: "of duplicate gene rows", …)
 * went past the largest double while being summed, into w. */
void sum_overflow_warning(StrList *w, size_t n, const char *what);

/* Case-insensitive edit distance (Levenshtein), capped at 100. */
int edit_distance(const char *a, const char *b);
/* The candidate closest to word, or NULL when none is close enough
 * (distance at most a third of the word's length, rounded up; or a prefix). */
const char *suggest(const char *word, const char *const *cands, size_t n);

/* Join the first max strings of v with ", ", adding ", …" past max. */
void join_list(Buf *b, const char *const *v, size_t n, size_t max);

/* String → index hash map.  Keys are borrowed: they must outlive the map. */
typedef struct StrMap {
    const char **keys;  /* borrowed keys, NULL for an empty slot */
    size_t *vals;       /* value per slot */
    size_t cap;         /* slots (a power of two) */
    size_t n;           /* keys stored */
} StrMap;

/* Insert key → val unless key is present.  Returns 1 when inserted, 0 when
 * the key was already there (then *old receives its value if old != NULL),
 * -1 when out of memory. */
int strmap_put(StrMap *m, const char *key, size_t val, size_t *old);
/* Returns 1 and sets *val when key is present, else 0. */
int strmap_get(const StrMap *m, const char *key, size_t *val);
void strmap_free(StrMap *m);

/* The plural ending of a count: "" for 1, "s" otherwise, for counts that
 * may be 1 ("%zu patient%s", n, plural_s(n)); repl/ and plots/ share it. */
static inline const char *plural_s(size_t n) { return n == 1 ? "" : "s"; }

/* Does s end with suffix (case-insensitive)? */
int ends_with_ci(const char *s, const char *suffix);
#endif
