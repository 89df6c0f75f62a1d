/* save.c — see save.h.  Each row is built in memory (numbers by
 * fmt_exact, io/numfmt.h) and written with one fwrite. */
#include "io/save.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/atomic.h"
#include "io/numfmt.h"

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
    char num[64];
    int rc = 0;
    size_t cells = 0;
    const char sepc = (char)sep;
    /* the columns are read a block of rows at a time (a row's numbers are
       in as many arrays as columns: one cache miss a cell otherwise) */
    size_t nb = t->ncol ? ((size_t)4 << 20) / (8 * t->ncol) : 64;
    if (nb > 64) nb = 64;
    if (nb < 1) nb = 1;
    double *blk = malloc(nb * (t->ncol ? t->ncol : 1) * sizeof *blk);
    if (!blk) nb = 0;
    for (size_t i0 = 0; i0 < t->nrow && rc == 0; i0 += nb ? nb : 1) {
        size_t rows = nb && i0 + nb <= t->nrow ? nb : nb ? t->nrow - i0 : 1;
        for (size_t j = 0; nb && j < t->ncol; j++)
            if (t->cols[j].type == COL_NUM) memcpy(blk + j * nb, t->cols[j].num + i0, rows * sizeof *blk);
        for (size_t i = i0; i < i0 + rows && rc == 0; i++) {
            line.len = 0;
            for (size_t j = 0; j < t->ncol; j++) {
                if (j) buf_add(&line, &sepc, 1);
                const Column *c = &t->cols[j];
                if (c->type == COL_NUM) save_number_buf(&line, nb ? blk[j * nb + (i - i0)] : c->num[i]);
                else save_field_buf(&line, table_cell_text(t, i, j, 17, num, sizeof num), sep);
                /* Ctrl-C is polled every 65,536 cells, however wide the table */
                if ((++cells & 65535) == 0 && cancel && *cancel) { rc = -2; break; }
            }
            buf_add(&line, "\n", 1);
            fwrite(line.s, 1, line.len, f);
        }
    }
    free(blk);
    buf_free(&line);
    if (rc != 0) {
        atomic_abort(&a);
        return rc;
    }
    return atomic_commit(&a, err);
}
