/* save.c — see save.h. */
#include "io/save.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/atomic.h"

static void save_quoted(FILE *f, const char *s);

void save_field(FILE *f, const char *s, int sep) {
    if (!s) { fputs("NA", f); return; }
    int quote = !*s || strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r') ||
                strcmp(s, "NA") == 0 || s[0] == ' ' || s[strlen(s) - 1] == ' ';
    if (!quote) { fputs(s, f); return; }
    save_quoted(f, s);
}

static void save_quoted(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int save_separator(const char *path) {
    return (ends_with_ci(path, ".tsv") || ends_with_ci(path, ".txt") || ends_with_ci(path, ".tab")) ? '\t' : ',';
}

void save_number(FILE *f, double x) {
    char tmp[40];
    const char *t = number_exact(x, tmp, sizeof tmp);
    fputs(t ? t : "NA", f);
}

int table_save(const Table *t, const char *path, volatile sig_atomic_t *cancel, Buf *err) {
    int sep = save_separator(path);
    AtomicFile a;
    if (atomic_open(&a, path, err) < 0) return -1;
    FILE *f = a.f;
    StrList lab = {0};
    table_col_labels(t, NULL, 0, &lab);
    for (size_t j = 0; j < t->ncol; j++) {
        if (j) fputc(sep, f);
        /* a header starting with '#' would be read back as a comment line */
        if (j == 0 && lab.v[j] && lab.v[j][0] == '#') save_quoted(f, lab.v[j]);
        else save_field(f, lab.v[j], sep);
    }
    fputc('\n', f);
    strlist_free(&lab);
    char num[64];
    int rc = 0;
    size_t cells = 0;
    for (size_t i = 0; i < t->nrow && rc == 0; i++) {
        for (size_t j = 0; j < t->ncol; j++) {
            if (j) fputc(sep, f);
            save_field(f, table_cell_text(t, i, j, 17, num, sizeof num), sep);
            /* Ctrl-C is polled every 65,536 cells, however wide the table */
            if ((++cells & 65535) == 0 && cancel && *cancel) { rc = -2; break; }
        }
        fputc('\n', f);
    }
    if (rc != 0) {
        atomic_abort(&a);
        return rc;
    }
    return atomic_commit(&a, err);
}
