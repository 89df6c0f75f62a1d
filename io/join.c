/* join.c — see join.h. */
#include "io/join.h"
#include <math.h>
#include <stdio.h>
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
    free(r->by_sample_tab);
    for (size_t i = 0; i < r->ntab && r->not_primary_ids; i++) strlist_free(&r->not_primary_ids[i]);
    for (size_t i = 0; i < r->ntab && r->no_primary_ids; i++) strlist_free(&r->no_primary_ids[i]);
    free(r->not_primary);
    free(r->not_primary_ids);
    free(r->no_primary);
    free(r->no_primary_ids);
    strlist_free(&r->renamed);
    memset(r, 0, sizeof *r);
}

/* Per table: each row's patient and sample key ("" when the row has no
 * ID), and whether every key is a TCGA sample barcode. */
typedef struct Keys {
    StrList patient;        /* normalised patient per row */
    StrList sample;         /* TCGA-XX-XXXX-NN per row ("" when no sample type) */
    int *stype;             /* sample type per row, -1 when none */
    int all_samples;        /* every non-empty key has a sample type */
} Keys;

static void keys_free(Keys *k) {
    strlist_free(&k->patient);
    strlist_free(&k->sample);
    free(k->stype);
}

static void keys_make(const Table *t, Keys *k) {
    char **ids = t->cols[t->id].str;
    size_t with_id = 0, with_sample = 0;
    k->stype = xmalloc((t->nrow ? t->nrow : 1) * sizeof *k->stype);
    for (size_t r = 0; r < t->nrow; r++) {
        Barcode b;
        barcode_parse(ids[r] ? ids[r] : "", NULL, &b);
        k->stype[r] = ids[r] && b.tcga ? b.sample : -1;
        strlist_add(&k->patient, ids[r] ? b.patient : "");
        if (ids[r] && b.patient[0]) with_id++;
        if (ids[r] && b.tcga && b.sample > 0) {
            strlist_addf(&k->sample, "%s-%02d", b.patient, b.sample);
            with_sample++;
        } else {
            strlist_add(&k->sample, "");
        }
        barcode_free(&b);
    }
    k->all_samples = with_id > 0 && with_sample == with_id;
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
    Keys *K = xcalloc(n, sizeof *K);
    size_t nsample_tabs = 0;
    for (size_t i = 0; i < n; i++) {
        keys_make(ts[i], &K[i]);
        nsample_tabs += K[i].all_samples;
    }
    int by_sample = nsample_tabs >= 2;
    if (by_sample && left && !K[0].all_samples) {
        size_t a = 0, b = 0;
        for (size_t i = 0, seen = 0; i < n; i++)
            if (K[i].all_samples) { if (seen++) { b = i; break; } a = i; }
        buf_printf(err, "tables %s and %s are keyed by TCGA sample barcodes, so they are matched on the sample and "
                   "the result has one row per sample, but how=left keeps the rows of %s, keyed by patient: put a "
                   "table keyed by sample first (or load with sample=primary for one row per patient)",
                   ts[a]->name, ts[b]->name, ts[0]->name);
        for (size_t i = 0; i < n; i++) keys_free(&K[i]);
        free(K);
        return NULL;
    }
    rep->ntab = n;
    rep->by_sample = by_sample;
    rep->keys = xcalloc(n, sizeof *rep->keys);
    rep->dups = xcalloc(n, sizeof *rep->dups);
    rep->left_out = xcalloc(n, sizeof *rep->left_out);
    rep->left_ids = xcalloc(n, sizeof *rep->left_ids);
    rep->no_data = xcalloc(n, sizeof *rep->no_data);
    rep->by_sample_tab = xcalloc(n, 1);
    rep->not_primary = xcalloc(n, sizeof *rep->not_primary);
    rep->not_primary_ids = xcalloc(n, sizeof *rep->not_primary_ids);
    rep->no_primary = xcalloc(n, sizeof *rep->no_primary);
    rep->no_primary_ids = xcalloc(n, sizeof *rep->no_primary_ids);
    /* per table: its match key (sample or patient) → first row */
    char ***key = xcalloc(n, sizeof *key);
    StrMap *maps = xcalloc(n, sizeof *maps);
    unsigned char **used = xcalloc(n, sizeof *used);
    for (size_t i = 0; i < n; i++) {
        const Table *t = ts[i];
        rep->by_sample_tab[i] = by_sample && K[i].all_samples;
        key[i] = rep->by_sample_tab[i] ? K[i].sample.v : K[i].patient.v;
        used[i] = xcalloc(t->nrow ? t->nrow : 1, 1);
        /* matched on the patient: the loaders' sample=primary rule, so
           that a normal or a metastasis is never taken for the tumour */
        int primary_rule = !rep->by_sample_tab[i];
        char **ids = t->cols[t->id].str;
        for (size_t r = 0; r < t->nrow; r++) {
            if (!key[i][r][0]) continue;
            int st = K[i].stype[r];
            if (primary_rule && st > 0 && !barcode_is_primary(st)) {
                if (rep->not_primary[i]++ < SHOW_IDS)
                    strlist_addf(&rep->not_primary_ids[i], "%s (%s)", ids[r], barcode_sample_name(st));
                continue;
            }
            size_t f;
            if (strmap_put(&maps[i], key[i][r], r, &f) != 0) continue;
            if (primary_rule && st > 0) {
                if (rep->not_primary[i]++ < SHOW_IDS)
                    strlist_addf(&rep->not_primary_ids[i], "%s (another primary sample of %s; %s is used)", ids[r],
                                 key[i][r], ids[f]);
            } else {
                rep->dups[i]++;
            }
        }
        rep->keys[i] = maps[i].n;
        if (rep->not_primary[i]) {   /* patients with rows but none usable */
            StrMap gone = {0};
            for (size_t r = 0; r < t->nrow; r++) {
                const char *k = key[i][r];
                size_t q;
                if (!k[0] || strmap_get(&maps[i], k, &q) || strmap_put(&gone, k, r, NULL) != 1) continue;
                if (rep->no_primary[i]++ < SHOW_IDS) strlist_add(&rep->no_primary_ids[i], k);
            }
            strmap_free(&gone);
        }
    }
    /* result rows, in the order of the driving table: the first one, or
       by sample the first keyed by sample */
    size_t d = 0;
    if (by_sample)
        while (!rep->by_sample_tab[d]) d++;
    const Table *dt = ts[d];
    size_t *rows = xmalloc((dt->nrow ? dt->nrow : 1) * n * sizeof *rows);
    size_t nr = 0;
    for (size_t r = 0; r < dt->nrow; r++) {
        const char *k = key[d][r];
        size_t first;
        if (!k[0] || !strmap_get(&maps[d], k, &first) || first != r) continue;
        int all = 1;
        size_t *row = rows + nr * n;
        for (size_t i = 0; i < n; i++) {
            size_t q;
            const char *ki = rep->by_sample_tab[i] ? K[d].sample.v[r] : K[d].patient.v[r];
            if (i == d) row[i] = r;
            else if (strmap_get(&maps[i], ki, &q)) row[i] = q;
            else { row[i] = (size_t)-1; all = 0; }
        }
        if (!all && !left) continue;
        for (size_t i = 0; i < n; i++) {
            if (row[i] != (size_t)-1) used[i][row[i]] = 1;
            else rep->no_data[i]++;
        }
        nr++;
    }
    rep->rows = nr;
    for (size_t i = 0; i < n; i++) {
        const Table *t = ts[i];
        for (size_t r = 0; r < t->nrow; r++) {
            const char *k = key[i][r];
            size_t first;
            if (!k[0] || !strmap_get(&maps[i], k, &first) || first != r || used[i][r]) continue;
            rep->left_out[i]++;
            if (rep->left_ids[i].n < SHOW_IDS) strlist_add(&rep->left_ids[i], k);
        }
    }
    if (by_sample) {   /* patients on several rows: analyses count them once per sample */
        StrMap seen = {0};
        StrMap twice = {0};
        for (size_t k = 0; k < nr; k++) {
            const char *p = K[d].patient.v[rows[k * n + d]];
            if (strmap_put(&seen, p, k, NULL) == 0 && strmap_put(&twice, p, k, NULL) == 1) rep->repeated++;
        }
        strmap_free(&seen);
        strmap_free(&twice);
    }
    Table *o = table_new(name, "join", nr);
    char **kv = xcalloc(nr ? nr : 1, sizeof *kv);
    for (size_t k = 0; k < nr; k++) kv[k] = xstrdup(key[d][rows[k * n + d]]);
    table_add_str(o, by_sample ? "sample" : "patient", name, kv);
    /* origin.name pairs already in the result: a repeat would be unreachable */
    StrList pairs = {0};
    StrMap seen = {0};
    strlist_addf(&pairs, "%s\x1f%s", name, by_sample ? "sample" : "patient");
    strmap_put(&seen, pairs.v[0], 0, NULL);
    Buf nn = {0};
    for (size_t i = 0; i < n; i++) {
        const Table *t = ts[i];
        for (size_t j = 0; j < t->ncol; j++) {
            if ((long)j == t->id) continue;
            const Column *c = &t->cols[j];
            nn.len = 0;
            buf_puts(&nn, c->name);
            strlist_addf(&pairs, "%s\x1f%s", c->origin, c->name);
            if (strmap_put(&seen, pairs.v[pairs.n - 1], 0, NULL) == 0) {
                for (int q = 1;; q++) {
                    nn.len = 0;
                    buf_printf(&nn, "%s.%d", c->name, q);
                    strlist_addf(&pairs, "%s\x1f%s", c->origin, nn.s);
                    if (strmap_put(&seen, pairs.v[pairs.n - 1], 0, NULL) == 1) break;
                }
                strlist_addf(&rep->renamed, "%s.%s (from table %s) repeats one already in the result: renamed %s.%s",
                             c->origin, c->name, t->name, c->origin, nn.s);
            }
            long nj;
            if (c->type == COL_NUM && c->u8 && !c->num) {   /* a compact column stays compact (io/table.h) */
                uint8_t *v = malloc(nr ? nr : 1);
                if (!v) goto oom;
                for (size_t k = 0; k < nr; k++) {
                    size_t r = rows[k * n + i];
                    v[k] = r == (size_t)-1 ? COL_U8_NA : c->u8[r];
                }
                nj = table_add_u8(o, nn.s, c->origin, v);
            } else if (c->type == COL_NUM) {
                double *v = malloc((nr ? nr : 1) * sizeof *v);
                if (!v) goto oom;
                for (size_t k = 0; k < nr; k++) {
                    size_t r = rows[k * n + i];
                    v[k] = r == (size_t)-1 ? NAN : table_val(t, r, j);
                }
                nj = table_add_num(o, nn.s, c->origin, v);
            } else {
                char **v = calloc(nr ? nr : 1, sizeof *v);
                if (!v) goto oom;
                for (size_t k = 0; k < nr; k++) {
                    size_t r = rows[k * n + i];
                    if (r != (size_t)-1 && c->str[r]) v[k] = xstrdup(c->str[r]);
                }
                nj = table_add_str(o, nn.s, c->origin, v);
            }
            if (nj < 0) goto oom;
            o->cols[nj].meta = c->meta;
            if (c->unit) column_set_unit(o, (size_t)nj, c->unit);
        }
    }
    table_set_id(o, 0);
    goto done;
oom:
    table_free(o);
    o = NULL;
    err->len = 0;
    buf_printf(err, "out of memory while joining");
done:
    strmap_free(&seen);
    strlist_free(&pairs);
    buf_free(&nn);
    for (size_t i = 0; i < n; i++) {
        keys_free(&K[i]);
        strmap_free(&maps[i]);
        free(used[i]);
    }
    free(K);
    free(key);
    free(maps);
    free(used);
    free(rows);
    for (size_t i = 0; o && i < n; i++) lineage_merge(&o->lineage, &ts[i]->lineage);   /* a join depends on every table */
    return o;
}
