/* select.c — see select.h. */
#include "io/select.h"
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static int is_glob(const char *s) { return strpbrk(s, "*?[") != NULL; }

long table_select(const Table *t, const char *selector, size_t **out, Buf *err) {
    size_t n = 0;
    unsigned char *taken = calloc(t->ncol ? t->ncol : 1, 1);
    size_t *idx = malloc((t->ncol ? t->ncol : 1) * sizeof *idx);
    char *copy = strdup(selector);
    if (!taken || !idx || !copy) {
        buf_printf(err, "out of memory");
        goto fail;
    }
    Buf full = {0};
    for (char *save = NULL, *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        if (!*part) continue;
        if (!is_glob(part)) {
            long j = table_find_err(t, part, err);
            if (j < 0) { buf_free(&full); goto fail; }
            if (!taken[j]) { taken[j] = 1; idx[n++] = (size_t)j; }
            continue;
        }
        /* metadata (PyRadiomics' diagnostics) only when the glob names it */
        int want_meta = strstr(part, "diagnostics") != NULL || strstr(part, "general_info") != NULL;
        /* a glob with a dot may qualify the name (clin.*, expr.EGF*); one
           without matches names only: c* is never clin.time by its origin,
           nor t* every column of a table named tab */
        int qualified = strchr(part, '.') != NULL;
        size_t matched = 0;
        for (size_t j = 0; j < t->ncol; j++) {
            const Column *c = &t->cols[j];
            if ((long)j == t->id || (c->meta && !want_meta)) continue;
            int hit = fnmatch(part, c->name, 0) == 0;
            if (!hit && qualified) {
                full.len = 0;
                buf_printf(&full, "%s.%s", c->origin, c->name);
                hit = fnmatch(part, full.s, 0) == 0;
            }
            if (!hit && qualified) {   /* the table's own name also qualifies its columns */
                full.len = 0;
                buf_printf(&full, "%s.%s", t->name, c->name);
                hit = fnmatch(part, full.s, 0) == 0;
            }
            if (hit) {
                matched++;
                if (!taken[j]) { taken[j] = 1; idx[n++] = j; }
            }
        }
        if (!matched) {
            buf_printf(err, "selector '%s' matches no column of table %s", part, t->name);
            const char *by = NULL;   /* would it match by origin or table? say how to write that */
            for (size_t j = 0; !qualified && !by && j < t->ncol; j++) {
                const Column *c = &t->cols[j];
                if ((long)j == t->id || (c->meta && !want_meta)) continue;
                if (fnmatch(part, c->origin, 0) == 0) by = c->origin;
                else if (fnmatch(part, t->name, 0) == 0) by = t->name;
            }
            if (by) buf_printf(err, " (a glob without a dot matches column names only: write %s.* for the columns "
                               "of %s)", by, by);
            buf_free(&full);
            goto fail;
        }
    }
    buf_free(&full);
    free(taken);
    free(copy);
    *out = idx;
    return (long)n;
fail:
    free(taken);
    free(idx);
    free(copy);
    return -1;
}
