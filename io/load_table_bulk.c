/* load_table_bulk.c — `load table`'s bulk mode (io/csvread.h): once the
 * header and the first two records are in, worker threads parse the
 * chunks after them, each chunk's numbers stored row by row as the text
 * has them, and the calling thread, in file order, makes them columns.
 * A chunk with anything loader_row would do more than store goes back to
 * the record path (io/load_table.c), so the table is the same either way
 * (tests/unit/test_bulk.c). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "io/loader.h"
#include "io/numparse.h"
#include "io/rawin.h"

/* loader_is_na on s[0..n). */
static int loader_is_na_n(const Loader *L, const char *s, size_t n) {
    unsigned char c = n ? (unsigned char)s[0] : 0;
    int numeric_start = (c >= '0' && c <= '9') || c == '.' || ((c == '-' || c == '+') && !(n > 1 && s[1] == '-'));
    if (!numeric_start && is_na_token_n(s, n)) return 1;
    for (size_t i = 0; i < L->o->nna; i++)
        if (strlen(L->o->na[i]) == n && memcmp(s, L->o->na[i], n) == 0) return 1;
    return 0;
}

typedef struct LtChunk {
    size_t n, cap;              /* rows, slots */
    double *num;                /* cap × bnum, by row: numeric column slot s of row i at num[i·bnum + s] */
    size_t ncap;                /* doubles allocated at num (from the pool: perhaps more than cap × bnum) */
    char **str;                 /* bstr × cap: text column slot s at str + s·cap (owned strings) */
    long trail_rows;            /* rows whose empty last field (a trailing separator) was dropped */
    long records, lines;        /* records, line ends */
    size_t bytes;               /* the chunk's text */
} LtChunk;

/* The buffers of the chunks, kept from one chunk to the next: freed and
 * allocated again for each, they were the top of a worker's malloc arena,
 * which glibc handed back to the kernel every time (MADV_DONTNEED of
 * 630 KB, 430 times for the 1.8 GB matrix: the pages faulted in again, and
 * the other processor interrupted to flush its TLB each time). */
enum { POOL = 16 };
typedef struct LtPool {
    pthread_mutex_t mu;
    double *num[POOL];          /* rows' numbers */
    size_t ncap[POOL];          /* doubles */
    size_t nnum;
    CsvRows rows[POOL];         /* a CsvRows' arrays (f, fl, other, val, kind, cap) */
    size_t nrows;
} LtPool;

void loader_bulk_free(Loader *L) {
    LtPool *P = L->bpool;
    if (!P) return;
    for (size_t i = 0; i < P->nnum; i++) free(P->num[i]);
    for (size_t i = 0; i < P->nrows; i++) csv_rows_free(&P->rows[i]);
    pthread_mutex_destroy(&P->mu);
    free(P);
    L->bpool = NULL;
}

/* A buffer of at least n doubles: a kept one (the largest), else a new one. */
static double *pool_num(const Loader *L, size_t n, size_t *cap) {
    LtPool *P = L->bpool;
    double *b = NULL;
    size_t have = 0;
    if (P) {
        pthread_mutex_lock(&P->mu);
        if (P->nnum) {
            P->nnum--;
            b = P->num[P->nnum];
            have = P->ncap[P->nnum];
        }
        pthread_mutex_unlock(&P->mu);
    }
    if (b && have >= n) {
        *cap = have;
        return b;
    }
    free(b);
    *cap = n;
    return malloc((n ? n : 1) * sizeof *b);
}

/* Give back a buffer of cap doubles (freed when the pool is full). */
static void pool_num_put(const Loader *L, double *b, size_t cap) {
    LtPool *P = L->bpool;
    if (P && b) {
        pthread_mutex_lock(&P->mu);
        if (P->nnum < POOL) {
            P->num[P->nnum] = b;
            P->ncap[P->nnum++] = cap;
            b = NULL;
        }
        pthread_mutex_unlock(&P->mu);
    }
    free(b);
}

/* A CsvRows' arrays into it (just initialised), from the pool. */
static void pool_rows(const Loader *L, CsvRows *it) {
    LtPool *P = L->bpool;
    if (!P) return;
    pthread_mutex_lock(&P->mu);
    if (P->nrows) {
        const CsvRows *k = &P->rows[--P->nrows];
        it->f = k->f;
        it->fl = k->fl;
        it->other = k->other;
        it->val = k->val;
        it->kind = k->kind;
        it->cap = k->cap;
    }
    pthread_mutex_unlock(&P->mu);
}

/* it's arrays back to the pool (freed when it is full). */
static void pool_rows_put(const Loader *L, CsvRows *it) {
    LtPool *P = L->bpool;
    if (P) {
        pthread_mutex_lock(&P->mu);
        if (P->nrows < POOL) {
            P->rows[P->nrows++] = *it;
            it->f = NULL;   /* (kept: nothing for csv_rows_free) */
            it->fl = NULL;
            it->other = NULL;
            it->val = NULL;
            it->kind = NULL;
            it->cap = 0;
        }
        pthread_mutex_unlock(&P->mu);
    }
    csv_rows_free(it);
}

static void lt_chunk_free(void *ctx, void *res) {
    const Loader *L = ctx;
    LtChunk *c = res;
    if (!c) return;
    for (size_t s = 0; c->str && s < L->bstr; s++)
        for (size_t i = 0; i < c->n; i++) free(c->str[s * c->cap + i]);
    pool_num_put(L, c->num, c->ncap);
    free(c->str);
    free(c);
}

/* Room for twice the rows: 1, or 0 out of memory. */
static int lt_chunk_grow(const Loader *L, LtChunk *c) {
    size_t cap = 2 * c->cap;
    if (L->bnum && L->bnum * cap > c->ncap) {
        double *num = realloc(c->num, L->bnum * cap * sizeof *num);   /* by row: the rows stay where they are */
        if (!num) return 0;
        c->num = num;
        c->ncap = L->bnum * cap;
    }
    if (L->bstr) {   /* by slot: each slot's strings move to its new place */
        char **str = calloc(L->bstr * cap, sizeof *str);
        if (!str) return 0;
        for (size_t s = 0; s < L->bstr; s++) memcpy(str + s * cap, c->str + s * c->cap, c->n * sizeof *str);
        free(c->str);
        c->str = str;
    }
    c->cap = cap;
    return 1;
}

/* The layout is known and the first two records were seen (BCR header
 * lines): the rest may go in bulk, with the types as they are now. */
static int lt_ready(void *ctx) {
    Loader *L = ctx;
    if (!L->type || L->holding || L->data_records < 2 || L->oom || L->retry_rownames) return 0;
    free(L->btype);
    free(L->bslot);
    free(L->bdst);
    L->btype = malloc((L->ncol ? L->ncol : 1) * sizeof *L->btype);
    L->bslot = malloc((L->ncol ? L->ncol : 1) * sizeof *L->bslot);
    L->bdst = L->o->nna ? NULL : malloc((L->ncol ? L->ncol : 1) * sizeof *L->bdst);   /* na= tokens come before numbers */
    if (!L->btype || !L->bslot || (!L->o->nna && !L->bdst)) return 0;
    if (!L->bpool) {
        if (!(L->bpool = calloc(1, sizeof *L->bpool))) return 0;
        pthread_mutex_init(&L->bpool->mu, NULL);
    }
    for (size_t i = 0; i < L->bpool->nrows; i++) csv_rows_free(&L->bpool->rows[i]);   /* (their kind was of the old dst) */
    L->bpool->nrows = 0;
    L->bnum = L->bstr = 0;
    for (size_t j = 0; j < L->ncol; j++) {
        L->btype[j] = L->type[j];
        L->bslot[j] = L->type[j] == T_NUM ? L->bnum++ : L->bstr++;
        if (L->bdst) L->bdst[j] = L->type[j] == T_NUM ? (uint32_t)L->bslot[j] : CSV_TEXT;
    }
    return 1;
}

/* Field j of row i, not a plain number (it->f[j], it->fl[j]), into the
 * chunk as loader_row would store it: 1, or 0 when loader_row must see
 * it (text in a numeric column, an Excel error value) or memory ran out. */
static int lt_other(const Loader *L, LtChunk *c, size_t i, size_t j, const char *f, size_t fl) {
    size_t s = L->bslot[j];
    if (L->btype[j] == T_NUM) {
        double *v = &c->num[i * L->bnum + s], x;
        if (L->o->nna == 0 && num_parse(f, fl, &x)) *v = x;   /* (na= tokens are looked at first) */
        else if (loader_is_na_n(L, f, fl)) *v = NAN;
        else if (L->o->nna && num_parse(f, fl, &x)) *v = x;
        else return 0;   /* text, or an Excel error value */
        return 1;
    }
    if (loader_is_na_n(L, f, fl)) return 1;   /* NULL already */
    if (fl && f[0] == '#') return 0;          /* perhaps an Excel error value: loader_row counts them */
    return (c->str[s * c->cap + i] = strndup(f, fl)) != NULL;
}

/* A chunk's rows — the numbers row by row, as the text has them (the
 * columns are made at commit) — or NULL for the record path (anything
 * loader_row would do more than store: a wrong field count, a value that
 * is not a number in a numeric column, an Excel error value, a trailing
 * field that is not empty). */
static void *lt_parse(void *ctx, const TextChunk *tc, int sep) {
    const Loader *L = ctx;
    LtChunk *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    /* rows: the text's length over its first record's, and a quarter more
       (grown if the lines are shorter: no pass over the text to count
       them), and never more than a record of ncol fields could be (ncol - 1
       separators and a line end; blank lines, which are not records, are
       passed over for the guess) */
    size_t most = tc->len / (L->ncol ? L->ncol : 1) + 2, first = 0;
    for (const char *p = tc->text, *e = tc->text + tc->len, *nl; p < e && first < L->ncol; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(e - p));
        if (!nl) nl = e;
        first = (size_t)(nl - p) + 1;
    }
    size_t cap = first ? tc->len / first + tc->len / first / 4 + 8 : most;
    if (cap > most) cap = most;
    c->cap = cap;
    c->bytes = tc->len;
    c->num = L->bnum ? pool_num(L, L->bnum * cap, &c->ncap) : NULL;
    c->str = L->bstr ? calloc(L->bstr * cap, sizeof *c->str) : NULL;
    CsvRows it;
    csv_rows_init(&it, tc, sep, L->bdst, L->ncol);
    pool_rows(L, &it);
    int ok = (!L->bnum || c->num) && (!L->bstr || c->str);
    long n = 0;
    const size_t ncol = L->ncol;
    while (ok) {
        size_t i = c->n;
        if (i == c->cap && (ok = lt_chunk_grow(L, c)) == 0) break;
        it.out = c->num ? c->num + i * L->bnum : NULL;
        if ((n = csv_rows_next(&it)) <= 0) break;
        c->records++;
        size_t no = it.nother;
        if ((size_t)n == ncol + 1 && L->trail && no && it.other[no - 1] == ncol && it.fl[ncol] == 0) {
            n--;
            no--;
            c->trail_rows++;
        }
        if ((size_t)n != ncol) { ok = 0; break; }
        for (size_t k = 0; k < no && ok; k++) {
            size_t j = it.other[k];
            ok = lt_other(L, c, i, j, it.f[j], it.fl[j]);
        }
        c->n++;   /* (a row cut short is freed with the chunk) */
    }
    if (n < 0) ok = 0;
    c->lines = it.lines;
    pool_rows_put(L, &it);
    if (!ok) {
        lt_chunk_free(ctx, c);
        return NULL;
    }
    return c;
}

/* The chunk's rows onto the columns' ends, columns [j0, j1). */
typedef struct LtCopy {
    Loader *L;
    const LtChunk *c;
    size_t j0, j1;
} LtCopy;

/* Numeric columns j..j+w-1 (slots s..s+w-1, w <= 8) of the chunk's rows
 * onto their columns, one column after the other: the eight columns' part
 * of the rows (a cache line of each) stays in the cache while they are
 * read eight times, and the writes go to one page at a time — 2.3 times
 * as fast, alone, as writing the eight columns side by side, row by row
 * (46 rows onto 11,000 columns: 0.62 s against 1.42 s on one core). */
static void lt_transpose(Loader *L, const LtChunk *c, size_t j, size_t s, size_t w) {
    const size_t n = c->n, bnum = L->bnum;
    double *col[8];
    for (size_t k = 0; k < w; k++) {
        col[k] = L->num[j + k] + L->nrow;
        /* the pages these rows go to made present 64 KB at a time, in one
           call each, rather than by a page fault each */
        size_t end = (L->nrow + n) * sizeof(double), *pop = L->bpop ? &L->bpop[j + k] : NULL;
        if (pop && end > *pop) {
            size_t to = *pop + ((size_t)64 << 10), most = L->cap * sizeof(double);
            if (to < end) to = end;
            if (to > most) to = most;
            mem_prefault((char *)L->num[j + k] + *pop, to - *pop);
            *pop = to;
        }
    }
    for (size_t k = 0; k < w; k++) {
        double *d = col[k];
        const double *r = c->num + s + k;
        for (size_t i = 0; i < n; i++, r += bnum) d[i] = *r;
    }
    for (size_t k = 0; k < w; k++)   /* a number stored (NaN: only a missing value) */
        for (size_t i = 0; i < n && !L->had_num[j + k]; i++)
            if (!isnan(col[k][i])) L->had_num[j + k] = 1;
}

static void *lt_copy_part(void *arg) {
    const LtCopy *a = arg;
    Loader *L = a->L;
    const LtChunk *c = a->c;
    for (size_t j = a->j0; j < a->j1;) {
        size_t s = L->bslot[j];
        if (L->type[j] == T_NUM) {   /* a run of up to 8 numeric columns (consecutive slots) */
            size_t w = 1;
            while (w < 8 && j + w < a->j1 && L->type[j + w] == T_NUM) w++;
            lt_transpose(L, c, j, s, w);
            j += w;
        } else {
            memcpy(L->str[j] + L->nrow, c->str + s * c->cap, c->n * sizeof *c->str);
            j++;
        }
    }
    return NULL;
}

/* The copy from the chunk's rows to the columns is the one serial step
 * of a wide file's load (a short run onto each of thousands of columns,
 * a page apart: bound by the memory's latency, not the processor), so a
 * wide chunk is copied by as many threads as parse, each its own columns.
 * The result does not depend on how the columns are shared out. */
static void lt_copy_columns(Loader *L, const LtChunk *c) {
    enum { MAXT = 8 };
    int nt = L->o->threads > 0 ? L->o->threads : rawpipe_default_threads();
    if (nt > MAXT) nt = MAXT;
    if ((double)L->ncol * (double)c->n < 65536.0 || L->ncol < 64) nt = 1;
    LtCopy part[MAXT];
    pthread_t th[MAXT];
    int started[MAXT] = {0};
    for (int t = 0; t < nt; t++)
        part[t] = (LtCopy){L, c, L->ncol * (size_t)t / (size_t)nt, L->ncol * (size_t)(t + 1) / (size_t)nt};
    for (int t = 1; t < nt; t++) started[t] = pthread_create(&th[t], NULL, lt_copy_part, &part[t]) == 0;
    lt_copy_part(&part[0]);
    for (int t = 1; t < nt; t++) {
        if (started[t]) pthread_join(th[t], NULL);
        else lt_copy_part(&part[t]);   /* no thread: this one copies it */
    }
}

static int lt_commit(void *ctx, void *res, const CsvBulkPos *pos, long *records, long *lines, Buf *err) {
    Loader *L = ctx;
    LtChunk *c = res;
    (void)err;
    if (L->bulk_stale) {   /* a column became text since the chunk was parsed */
        lt_chunk_free(ctx, c);
        return 1;
    }
    size_t need = L->nrow + c->n;
    if (need > L->cap) {
        /* the rows the whole file will have: these rows, and the rest of the
           text at this chunk's rows per byte (not the rows so far per byte,
           which the header's line and the first lines read one by one make
           too few, by 3% for 11,000 columns), a little over: no second
           growth (a copy of every column), and the last realloc only shrinks */
        double rest = pos->text_total - pos->text_done;
        double est = c->bytes > 0 && rest > 0 ? (double)need + rest * (double)c->n / (double)c->bytes : 0;
        size_t cap = est > (double)need ? (size_t)(est * 1.02) + 16 : need + need / 4 + 1;
        if (cap < need) cap = need;
        size_t *pop = loader_grow_to(L, cap) < 0 ? NULL : realloc(L->bpop, (L->ncol ? L->ncol : 1) * sizeof *pop);
        if (!pop) {
            L->oom = 1;
            lt_chunk_free(ctx, c);
            return -1;
        }
        L->bpop = pop;
        for (size_t j = 0; j < L->ncol; j++) pop[j] = L->nrow * sizeof(double);   /* (the rows so far are) */
    }
    lt_copy_columns(L, c);
    L->nrow = need;
    L->trail_rows += c->trail_rows;
    *records = c->records;
    *lines = c->lines;
    pool_num_put(L, c->num, c->ncap);
    free(c->str);   /* the strings are the columns' now */
    free(c);
    return 0;
}

const CsvBulk loader_bulk = {lt_ready, lt_parse, lt_commit, lt_chunk_free};
