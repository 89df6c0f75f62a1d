/* save.c — see save.h.  Rows are built in memory (numbers by fmt_exact,
 * io/numfmt.h; a large table's slices of rows by several threads) and
 * written in order. */
#include "io/save.h"
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/atomic.h"
#include "io/numfmt.h"
#include "io/rawin.h"

/* Must s be quoted in a file with this separator? */
static int needs_quotes(const char *s, int sep) {
    if (!*s || strcmp(s, "NA") == 0 || s[0] == ' ') return 1;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if (*p == sep || *p == '"' || *p == '\n' || *p == '\r') return 1;
    return s[n - 1] == ' ';
}

static void quoted_buf(Buf *b, const char *s) {
    buf_add(b, "\"", 1);
    for (const char *p = s; *p;) {
        const char *q = strchr(p, '"');
        size_t k = q ? (size_t)(q - p) + 1 : strlen(p);
        buf_add(b, p, k);   /* up to and with the quote, which is then doubled */
        if (q) buf_add(b, "\"", 1);
        p += k;
    }
    buf_add(b, "\"", 1);
}

void save_field_buf(Buf *b, const char *s, int sep) {
    if (!s) buf_add(b, "NA", 2);
    else if (needs_quotes(s, sep)) quoted_buf(b, s);
    else buf_add(b, s, strlen(s));
}

void save_number_buf(Buf *b, double x) {
    if (isnan(x)) buf_add(b, "NA", 2);
    else if (isinf(x)) buf_puts(b, x > 0 ? "Inf" : "-Inf");
    else {
        char tmp[FMT_EXACT_MAX];
        buf_add(b, tmp, fmt_exact(x, tmp));
    }
}

void save_field(FILE *f, const char *s, int sep) {
    if (!s) { fputs("NA", f); return; }
    if (!needs_quotes(s, sep)) { fputs(s, f); return; }
    Buf b = {0};
    quoted_buf(&b, s);
    fwrite(b.s, 1, b.len, f);
    buf_free(&b);
}

int save_separator(const char *path) {
    return (ends_with_ci(path, ".tsv") || ends_with_ci(path, ".txt") || ends_with_ci(path, ".tab")) ? '\t' : ',';
}

void save_number(FILE *f, double x) {
    char tmp[FMT_EXACT_MAX];
    if (isnan(x)) fputs("NA", f);
    else if (isinf(x)) fputs(x > 0 ? "Inf" : "-Inf", f);
    else fwrite(tmp, 1, fmt_exact(x, tmp), f);
}

/* Rows [i0, i1) of t as text, appended to out (several threads at once:
 * t is only read, compact and computed columns through table_val, never
 * by filling their caches): the columns read a block of rows at a time (a row's numbers are in as many arrays as columns:
 * one cache miss a cell otherwise).  0, or -2 when *cancel was seen (it
 * is polled every 65,536 cells, however wide the table). */
static int rows_text(const Table *t, int sep, size_t i0, size_t i1, Buf *out, volatile sig_atomic_t *cancel) {
    char num[64];
    const char sepc = (char)sep;
    size_t nb = t->ncol ? ((size_t)4 << 20) / (8 * t->ncol) : 64;
    if (nb > 64) nb = 64;
    if (nb < 1) nb = 1;
    double *blk = malloc(nb * (t->ncol ? t->ncol : 1) * sizeof *blk);
    if (!blk) nb = 0;
    size_t cells = 0;
    int rc = 0;
    for (size_t b0 = i0; b0 < i1 && rc == 0; b0 += nb ? nb : 1) {
        size_t rows = nb && b0 + nb <= i1 ? nb : nb ? i1 - b0 : 1;
        for (size_t j = 0; nb && j < t->ncol; j++) {
            const Column *c = &t->cols[j];
            if (c->type != COL_NUM) continue;
            if (c->num) memcpy(blk + j * nb, c->num + b0, rows * sizeof *blk);
            else   /* compact or computed: read in place (no cache is filled: threads share t) */
                for (size_t r = 0; r < rows; r++) blk[j * nb + r] = table_val(t, b0 + r, j);
        }
        for (size_t i = b0; i < b0 + rows && rc == 0; i++) {
            for (size_t j = 0; j < t->ncol; j++) {
                if (j) buf_add(out, &sepc, 1);
                const Column *c = &t->cols[j];
                if (c->type == COL_NUM) save_number_buf(out, nb ? blk[j * nb + (i - b0)] : table_val(t, i, j));
                else save_field_buf(out, table_cell_text(t, i, j, 17, num, sizeof num), sep);
                if ((++cells & 65535) == 0 && cancel && *cancel) { rc = -2; break; }
            }
            buf_add(out, "\n", 1);
        }
    }
    free(blk);
    return rc;
}

typedef struct SavePart {
    const Table *t;
    int sep;
    size_t i0, i1;
    Buf out;
    volatile sig_atomic_t *cancel;
    int rc;
} SavePart;

static void *save_part(void *arg) {
    SavePart *p = arg;
    p->rc = rows_text(p->t, p->sep, p->i0, p->i1, &p->out, p->cancel);
    return NULL;
}

/* A round: the next slices of rows, one per thread, started. */
typedef struct SaveRound {
    SavePart part[8];
    pthread_t th[8];
    int started[8];
    int k;                      /* slices in the round */
} SaveRound;

static void round_start(SaveRound *r, const Table *t, int sep, size_t *i, size_t per, int nt,
                        volatile sig_atomic_t *cancel) {
    r->k = 0;
    for (; r->k < nt && *i < t->nrow; r->k++) {
        SavePart *p = &r->part[r->k];
        size_t i1 = *i + per < t->nrow ? *i + per : t->nrow;
        p->t = t;
        p->sep = sep;
        p->i0 = *i;
        p->i1 = i1;
        p->out.len = 0;
        p->cancel = cancel;
        p->rc = 0;
        *i = i1;
        r->started[r->k] = nt > 1 && pthread_create(&r->th[r->k], NULL, save_part, p) == 0;
    }
}

/* Wait for the round, write its slices in order. */
static int round_finish(SaveRound *r, FILE *f, int rc) {
    for (int q = 0; q < r->k; q++) {
        if (r->started[q]) pthread_join(r->th[q], NULL);
        else save_part(&r->part[q]);   /* no thread (or one thread in all): this one makes it */
    }
    for (int q = 0; q < r->k; q++) {
        if (r->part[q].rc && !rc) rc = r->part[q].rc;
        if (!rc && r->part[q].out.len) fwrite(r->part[q].out.s, 1, r->part[q].out.len, f);
    }
    return rc;
}

/* The data rows, written in order.  A large table's rows are made into
 * text by several threads at once (the formatting is most of a save's
 * time), a slice of rows each, while this thread writes the slices of the
 * round before, in order: the same bytes as one thread. */
static int save_rows(const Table *t, int sep, FILE *f, volatile sig_atomic_t *cancel) {
    enum { SLICE = 1 << 18 };   /* cells per slice (about 5 MB of text: four in memory at a time) */
    int nt = rawpipe_default_threads();
    if (nt > 8) nt = 8;
    double cells = (double)t->nrow * (double)(t->ncol ? t->ncol : 1);
    if (cells < 2.0 * SLICE) nt = 1;
    size_t per = t->ncol ? SLICE / t->ncol : SLICE;   /* rows per slice */
    if (per < 1) per = 1;
    SaveRound r[2];
    memset(r, 0, sizeof r);
    int rc = 0, cur = 0;
    size_t i = 0;
    round_start(&r[cur], t, sep, &i, per, nt, cancel);
    while (r[cur].k) {
        r[!cur].k = 0;
        if (i < t->nrow && rc == 0) round_start(&r[!cur], t, sep, &i, per, nt, cancel);   /* the next round runs */
        rc = round_finish(&r[cur], f, rc);                                                /* while this one is written */
        cur = !cur;
    }
    for (int q = 0; q < 16; q++) buf_free(&r[q / 8].part[q % 8].out);
    return rc;
}

int table_save(const Table *t, const char *path, volatile sig_atomic_t *cancel, Buf *err) {
    int sep = save_separator(path);
    AtomicFile a;
    if (atomic_open(&a, path, err) < 0) return -1;
    FILE *f = a.f;
    StrList lab = {0};
    table_col_labels(t, NULL, 0, &lab);
    Buf line = {0};
    for (size_t j = 0; j < t->ncol; j++) {
        if (j) buf_add(&line, (const char[]){(char)sep}, 1);
        /* a header starting with '#' would be read back as a comment line */
        if (j == 0 && lab.v[j] && lab.v[j][0] == '#') quoted_buf(&line, lab.v[j]);
        else save_field_buf(&line, lab.v[j], sep);
    }
    buf_add(&line, "\n", 1);
    fwrite(line.s, 1, line.len, f);
    strlist_free(&lab);
    buf_free(&line);
    int rc = save_rows(t, sep, f, cancel);
    if (rc != 0) {
        atomic_abort(&a);
        return rc;
    }
    return atomic_commit(&a, err);
}
