/* join.c — see join.h. */
#include "io/join.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/barcode.h"

#define SHOW_IDS 5

void join_report_free(JoinReport *r) {
    for (size_t i = 0; i < r->ntab && r->left_ids; i++) strlist_free(&r->left_ids[i]);
    free(r->keys);
    free(r->dups);
    free(r->left_out);
    free(r->left_ids);
    free(r->no_data);
    memset(r, 0, sizeof *r);
}

Table *table_join(Table *const *ts, size_t n, const char *name, int left, JoinReport *rep, Buf *err) {
    for (size_t i = 0; i < n; i++) {
        if (ts[i]->id < 0) {
            buf_printf(err, "table %s has no key (patient) column: load it with id=COL", ts[i]->name);
            return NULL;
        }
        for (size_t k = 0; k < i; k++)
            if (ts[k] == ts[i]) {
                buf_printf(err, "table %s is named twice", ts[i]->name);
                return NULL;
            }
    }
    rep->ntab = n;
    rep->keys = xcalloc(n, sizeof *rep->keys);
    rep->dups = xcalloc(n, sizeof *rep->dups);
    rep->left_out = xcalloc(n, sizeof *rep->left_out);
    rep->left_ids = xcalloc(n, sizeof *rep->left_ids);
    rep->no_data = xcalloc(n, sizeof *rep->no_data);
    /* per table: normalised patient → first row */
    StrList *pat = xcalloc(n, sizeof *pat);
    StrMap *maps = xcalloc(n, sizeof *maps);
    for (size_t i = 0; i < n; i++) {
        const Table *t = ts[i];
        char **ids = t->cols[t->id].str;
        for (size_t r = 0; r < t->nrow; r++) {
            Barcode b;
            barcode_parse(ids[r] ? ids[r] : "", NULL, &b);
            strlist_add(&pat[i], b.patient);
        }
        for (size_t r = 0; r < t->nrow; r++) {
            if (!ids[r] || !pat[i].v[r][0]) continue;
            if (strmap_put(&maps[i], pat[i].v[r], r, NULL) == 0) rep->dups[i]++;
        }
        rep->keys[i] = maps[i].n;
    }
    /* result patients, in the first table's order */
    size_t *rows = xmalloc((ts[0]->nrow ? ts[0]->nrow : 1) * n * sizeof *rows);
    size_t nr = 0;
    StrMap in_result = {0};
    for (size_t r = 0; r < ts[0]->nrow; r++) {
        const char *p = pat[0].v[r];
        size_t first;
        if (!p[0] || !strmap_get(&maps[0], p, &first) || first != r) continue;
        int all = 1;
        size_t *row = rows + nr * n;
        row[0] = r;
        for (size_t i = 1; i < n; i++) {
            size_t q;
            if (strmap_get(&maps[i], p, &q)) row[i] = q;
            else { row[i] = (size_t)-1; all = 0; rep->no_data[i]++; }
        }
        if (all || left) {
            strmap_put(&in_result, p, nr, NULL);
            nr++;
        }
    }
    rep->rows = nr;
    for (size_t i = 0; i < n; i++) {
        const Table *t = ts[i];
        for (size_t r = 0; r < t->nrow; r++) {
            const char *p = pat[i].v[r];
            size_t first, dummy;
            if (!p[0] || !strmap_get(&maps[i], p, &first) || first != r) continue;
            if (strmap_get(&in_result, p, &dummy)) continue;
            rep->left_out[i]++;
            if (rep->left_ids[i].n < SHOW_IDS) strlist_add(&rep->left_ids[i], p);
        }
    }
    Table *o = table_new(name, "join", nr);
    char **key = xcalloc(nr ? nr : 1, sizeof *key);
    for (size_t k = 0; k < nr; k++) key[k] = xstrdup(pat[0].v[rows[k * n]]);
    table_add_str(o, "patient", name, key);
    for (size_t i = 0; i < n; i++) {
        const Table *t = ts[i];
        for (size_t j = 0; j < t->ncol; j++) {
            if ((long)j == t->id) continue;
            const Column *c = &t->cols[j];
            long nj;
            if (c->type == COL_NUM) {
                double *v = malloc((nr ? nr : 1) * sizeof *v);
                if (!v) goto oom;
                for (size_t k = 0; k < nr; k++) {
                    size_t r = rows[k * n + i];
                    v[k] = r == (size_t)-1 ? NAN : c->num[r];
                }
                nj = table_add_num(o, c->name, c->origin, v);
            } else {
                char **v = calloc(nr ? nr : 1, sizeof *v);
                if (!v) goto oom;
                for (size_t k = 0; k < nr; k++) {
                    size_t r = rows[k * n + i];
                    if (r != (size_t)-1 && c->str[r]) v[k] = xstrdup(c->str[r]);
                }
                nj = table_add_str(o, c->name, c->origin, v);
            }
            if (nj < 0) goto oom;
            o->cols[nj].meta = c->meta;
            if (c->unit) column_set_unit(o, (size_t)nj, c->unit);
        }
    }
    table_set_id(o, 0);
    goto done;
oom:
    buf_printf(err, "out of memory while joining");
    table_free(o);
    o = NULL;
done:
    for (size_t i = 0; i < n; i++) { strlist_free(&pat[i]); strmap_free(&maps[i]); }
    free(pat);
    free(maps);
    free(rows);
    strmap_free(&in_result);
    return o;
}
