/* save.c — see save.h. */
#include "io/save.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put_field(FILE *f, const char *s, int sep) {
    if (!s) { fputs("NA", f); return; }
    int quote = !*s || strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r') ||
                strcmp(s, "NA") == 0 || s[0] == ' ' || s[strlen(s) - 1] == ' ';
    if (!quote) { fputs(s, f); return; }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int table_save(const Table *t, const char *path, volatile sig_atomic_t *cancel, Buf *err) {
    int sep = (ends_with_ci(path, ".tsv") || ends_with_ci(path, ".txt") || ends_with_ci(path, ".tab")) ? '\t' : ',';
    size_t pl = strlen(path);
    char *tmp = xmalloc(pl + 16);
    snprintf(tmp, pl + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return -1;
    }
    Buf lab = {0};
    for (size_t j = 0; j < t->ncol; j++) {
        if (j) fputc(sep, f);
        put_field(f, table_col_label(t, j, &lab), sep);
    }
    fputc('\n', f);
    buf_free(&lab);
    char num[64];
    int rc = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        for (size_t j = 0; j < t->ncol; j++) {
            if (j) fputc(sep, f);
            put_field(f, table_cell_text(t, i, j, 17, num, sizeof num), sep);
        }
        fputc('\n', f);
        if (cancel && *cancel && (i & 1023) == 0) { rc = -2; break; }
    }
    if (rc == 0 && (ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0)) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (fclose(f) != 0 && rc == 0) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0) unlink(tmp);
    free(tmp);
    return rc;
}
