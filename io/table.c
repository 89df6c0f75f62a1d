/* table.c — see table.h. */
#include "io/table.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Table *table_new(const char *name, const char *source, size_t nrow) {
    Table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->name = strdup(name ? name : "");
    t->source = strdup(source ? source : "");
    t->nrow = nrow;
    t->id = -1;
    static unsigned long serials;
    t->serial = __atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
    if (!t->name || !t->source) { table_free(t); return NULL; }
    return t;
}

static void source_release(ColSource *src) {
    if (src && --src->refs == 0) src->destroy(src);
}

static void column_clear(Column *c, size_t nrow) {
    free(c->unit);
    free(c->name);
    free(c->origin);
    free(c->num);
    free(c->u8);
    source_release(c->src);
    if (c->str) {
        for (size_t i = 0; i < nrow; i++) free(c->str[i]);
        free(c->str);
    }
}

void table_free(Table *t) {
    if (!t) return;
    for (size_t j = 0; j < t->ncol; j++) column_clear(&t->cols[j], t->nrow);
    free(t->cols);
    strmap_free(&t->index);
    free(t->name);
    free(t->source);
    lineage_clear(&t->lineage);
    free(t);
}

static long table_add(Table *t, const char *name, const char *origin, ColType type,
                      double *num, char **str, uint8_t *u8) {
    if (t->ncol == t->capcol) {
        size_t cap = t->capcol ? 2 * t->capcol : 16;
        Column *c = realloc(t->cols, cap * sizeof *c);
        if (!c) goto fail;
        t->cols = c;
        t->capcol = cap;
    }
    Column *c = &t->cols[t->ncol];
    memset(c, 0, sizeof *c);
    c->name = strdup(name);
    c->origin = strdup(origin ? origin : t->name);
    if (!c->name || !c->origin) { free(c->name); free(c->origin); goto fail; }
    c->type = type;
    c->num = num;
    c->str = str;
    c->u8 = u8;
    return (long)t->ncol++;
fail:
    free(num);
    free(u8);
    if (str) {
        for (size_t i = 0; i < t->nrow; i++) free(str[i]);
        free(str);
    }
    return -1;
}

long table_add_num(Table *t, const char *name, const char *origin, double *vals) {
    return table_add(t, name, origin, COL_NUM, vals, NULL, NULL);
}

long table_add_str(Table *t, const char *name, const char *origin, char **vals) {
    return table_add(t, name, origin, COL_STR, NULL, vals, NULL);
}

long table_add_u8(Table *t, const char *name, const char *origin, uint8_t *vals) {
    return table_add(t, name, origin, COL_NUM, NULL, NULL, vals);
}

long table_add_computed(Table *t, const char *name, const char *origin, ColSource *src, size_t col) {
    long j = table_add(t, name, origin, COL_NUM, NULL, NULL, NULL);
    if (j >= 0) {
        t->cols[j].src = src;
        t->cols[j].src_col = col;
        src->refs++;
    }
    return j;
}

int column_is_lazy(const Column *c) { return c->u8 != NULL || c->src != NULL; }

/* The stored values of a compact or computed column, as doubles, into v. */
static void lazy_fill(const Column *c, size_t nrow, double *v) {
    if (c->u8) {
        for (size_t i = 0; i < nrow; i++) v[i] = c->u8[i] == COL_U8_NA ? NAN : (double)c->u8[i];
    } else {
        c->src->fill(c->src, c->src_col, v, nrow);
    }
}

const double *table_num(const Table *t, size_t j) {
    Column *c = (Column *)&t->cols[j];   /* the cache is not the table's content: filling it is allowed on a const table */
    if (!c->num && column_is_lazy(c)) {
        c->num = xmalloc((t->nrow ? t->nrow : 1) * sizeof *c->num);
        lazy_fill(c, t->nrow, c->num);
    }
    return c->num;
}

double table_val(const Table *t, size_t i, size_t j) {
    const Column *c = &t->cols[j];
    if (c->num) return c->num[i];
    if (c->u8) return c->u8[i] == COL_U8_NA ? NAN : (double)c->u8[i];
    if (c->src) return c->src->value(c->src, c->src_col, i);
    return NAN;
}

/* Does the cache of a compact or computed column hold its stored values
 * (bit for bit), that is, has no command written into it?  tmp: nrow
 * doubles of scratch. */
static int cache_is_clean(const Column *c, size_t nrow, double *tmp) {
    if (!c->num) return 1;
    lazy_fill(c, nrow, tmp);
    return memcmp(tmp, c->num, nrow * sizeof *tmp) == 0;
}

/* The cache becomes the column's storage: dense from now on. */
static void make_dense(Column *c) {
    free(c->u8);
    c->u8 = NULL;
    source_release(c->src);
    c->src = NULL;
}

double *table_num_rw(Table *t, size_t j) {
    Column *c = &t->cols[j];
    table_num(t, j);
    make_dense(c);
    return c->num;
}

void table_drop_caches(Table *t) {
    double *tmp = NULL;
    for (size_t j = 0; j < t->ncol; j++) {
        Column *c = &t->cols[j];
        if (!c->num || !column_is_lazy(c)) continue;
        if (!tmp) tmp = xmalloc((t->nrow ? t->nrow : 1) * sizeof *tmp);
        if (cache_is_clean(c, t->nrow, tmp)) {
            free(c->num);
            c->num = NULL;
        } else {   /* edited in place: the doubles are the column now */
            make_dense(c);
        }
    }
    free(tmp);
}

void column_set_unit(Table *t, size_t j, const char *unit) {
    free(t->cols[j].unit);
    t->cols[j].unit = unit ? strdup(unit) : NULL;
}

void table_drop_col(Table *t, size_t j) {
    if (j >= t->ncol) return;
    if ((long)j == t->id) { strmap_free(&t->index); t->id = -1; t->ndup = 0; }
    column_clear(&t->cols[j], t->nrow);
    memmove(&t->cols[j], &t->cols[j + 1], (t->ncol - j - 1) * sizeof *t->cols);
    t->ncol--;
    if (t->id > (long)j) t->id--;
}

size_t table_set_id(Table *t, long j) {
    strmap_free(&t->index);
    t->id = j;
    t->ndup = 0;
    if (j < 0 || (size_t)j >= t->ncol || t->cols[j].type != COL_STR) { t->id = -1; return 0; }
    char **v = t->cols[j].str;
    for (size_t i = 0; i < t->nrow; i++) {
        if (!v[i]) continue;
        int r = strmap_put(&t->index, v[i], i, NULL);
        if (r == 0) t->ndup++;
    }
    return t->ndup;
}

long table_row_of(const Table *t, const char *id) {
    size_t r;
    return strmap_get(&t->index, id, &r) ? (long)r : -1;
}

static long column_lookup(const Table *t, const char *ref) {
    long found = -1;
    int count = 0;
    for (size_t j = 0; j < t->ncol; j++)
        if (strcmp(t->cols[j].name, ref) == 0) { found = (long)j; count++; }
    if (count == 1) return found;
    if (count > 1) {
        /* several columns share the name: prefer the one from this table */
        for (size_t j = 0; j < t->ncol; j++)
            if (strcmp(t->cols[j].name, ref) == 0 && strcmp(t->cols[j].origin, t->name) == 0)
                return (long)j;
        return -2;
    }
    /* table.col: try each dot as the split point */
    for (const char *dot = strchr(ref, '.'); dot; dot = strchr(dot + 1, '.')) {
        size_t pl = (size_t)(dot - ref);
        found = -1;
        count = 0;
        for (size_t j = 0; j < t->ncol; j++) {
            const Column *c = &t->cols[j];
            int owner = (strlen(c->origin) == pl && strncmp(c->origin, ref, pl) == 0) ||
                        (strlen(t->name) == pl && strncmp(t->name, ref, pl) == 0);
            if (owner && strcmp(c->name, dot + 1) == 0) {
                if (strlen(c->origin) == pl && strncmp(c->origin, ref, pl) == 0) {
                    found = (long)j;
                    count = 1;
                    break;
                }
                found = (long)j;
                count++;
            }
        }
        if (count == 1) return found;
        if (count > 1) return -2;
    }
    return -1;
}

long table_find(const Table *t, const char *ref) {
    long j = column_lookup(t, ref);
    if (j >= 0 && t->cols[j].type == COL_NUM) table_num(t, (size_t)j);   /* a resolved column reads as num[i] */
    return j;
}

long table_find_err(const Table *t, const char *ref, Buf *err) {
    long j = table_find(t, ref);
    if (j >= 0) return j;
    if (j == -2) {
        buf_printf(err, "column '%s' is ambiguous in table %s: ", ref, t->name);
        int first = 1;
        for (size_t k = 0; k < t->ncol; k++)
            if (strcmp(t->cols[k].name, ref) == 0) {
                buf_printf(err, "%s%s.%s", first ? "" : ", ", t->cols[k].origin, t->cols[k].name);
                first = 0;
            }
        buf_puts(err, " (write table.column)");
        return -2;
    }
    buf_printf(err, "unknown column '%s' in table %s", ref, t->name);
    const char **names = malloc((t->ncol ? t->ncol : 1) * sizeof *names);
    if (names) {
        for (size_t k = 0; k < t->ncol; k++) names[k] = t->cols[k].name;
        const char *g = suggest(ref, names, t->ncol);
        if (g) buf_printf(err, " (did you mean %s?)", g);
        free(names);
    }
    return -1;
}

const char *table_col_label(const Table *t, size_t j, Buf *b) {
    b->len = 0;
    const Column *c = &t->cols[j];
    int clash = 0;
    for (size_t k = 0; k < t->ncol && !clash; k++)
        clash = k != j && strcmp(t->cols[k].name, c->name) == 0;
    if (clash) buf_printf(b, "%s.%s", c->origin, c->name);
    else buf_puts(b, c->name);
    return b->s;
}

void table_col_labels(const Table *t, const size_t *cols, size_t n, StrList *out) {
    /* a name seen twice gets origin.name; one pass over the names */
    StrMap seen = {0};
    unsigned char *twice = xcalloc(t->ncol ? t->ncol : 1, 1);
    for (size_t k = 0; k < t->ncol; k++) {
        size_t first;
        if (strmap_put(&seen, t->cols[k].name, k, &first) == 0) twice[first] = twice[k] = 1;
    }
    if (!cols) n = t->ncol;
    for (size_t q = 0; q < n; q++) {
        size_t j = cols ? cols[q] : q;
        if (twice[j]) strlist_addf(out, "%s.%s", t->cols[j].origin, t->cols[j].name);
        else strlist_add(out, t->cols[j].name);
    }
    strmap_free(&seen);
    free(twice);
}

Table *table_subset(const Table *t, const char *name, const size_t *rows, size_t nr,
                    const size_t *cols, size_t nc) {
    if (!rows) nr = t->nrow;
    if (!cols) nc = t->ncol;
    Table *o = table_new(name, t->source, nr);
    if (!o) return NULL;
    long newid = -1;
    for (size_t k = 0; k < nc; k++) {
        size_t j = cols ? cols[k] : k;
        const Column *c = &t->cols[j];
        long r;
        int clean = 1;   /* a cache, if any, holds the stored values */
        if (c->num && column_is_lazy(c)) {
            double *tmp = malloc((t->nrow ? t->nrow : 1) * sizeof *tmp);
            if (!tmp) goto fail;
            clean = cache_is_clean(c, t->nrow, tmp);
            free(tmp);
        }
        if (c->type == COL_NUM && c->u8 && clean) {   /* compact stays compact */
            uint8_t *v = malloc(nr ? nr : 1);
            if (!v) goto fail;
            for (size_t i = 0; i < nr; i++) v[i] = c->u8[rows ? rows[i] : i];
            r = table_add_u8(o, c->name, c->origin, v);
        } else if (c->type == COL_NUM && c->src && clean && !rows) {   /* all rows: the same source */
            r = table_add_computed(o, c->name, c->origin, c->src, c->src_col);
        } else if (c->type == COL_NUM) {
            double *v = malloc((nr ? nr : 1) * sizeof *v);
            if (!v) goto fail;
            for (size_t i = 0; i < nr; i++) v[i] = table_val(t, rows ? rows[i] : i, j);
            r = table_add_num(o, c->name, c->origin, v);
        } else {
            char **v = calloc(nr ? nr : 1, sizeof *v);
            if (!v) goto fail;
            for (size_t i = 0; i < nr; i++) {
                const char *s = c->str[rows ? rows[i] : i];
                if (s && !(v[i] = strdup(s))) {
                    for (size_t q = 0; q < i; q++) free(v[q]);
                    free(v);
                    goto fail;
                }
            }
            r = table_add_str(o, c->name, c->origin, v);
        }
        if (r < 0) goto fail;
        o->cols[r].meta = c->meta;
        if (c->unit) column_set_unit(o, (size_t)r, c->unit);
        if ((long)j == t->id) newid = r;
    }
    if (newid >= 0) table_set_id(o, newid);
    lineage_merge(&o->lineage, &t->lineage);
    return o;
fail:
    table_free(o);
    return NULL;
}

const char *number_exact(double x, char *tmp, size_t tmplen) {
    if (isnan(x)) return NULL;
    if (isinf(x)) return x > 0 ? "Inf" : "-Inf";
    for (int d = 15; d <= 17; d++) {   /* the shortest text that reads back as the same double */
        snprintf(tmp, tmplen, "%.*g", d, x);
        if (strtod(tmp, NULL) == x) break;
    }
    return tmp;
}

const char *table_cell_text(const Table *t, size_t i, size_t j, int digits, char *tmp, size_t tmplen) {
    const Column *c = &t->cols[j];
    if (c->type == COL_STR) return c->str[i];
    double x = table_val(t, i, j);
    if (isnan(x)) return NULL;
    if (isinf(x)) return x > 0 ? "Inf" : "-Inf";
    if (digits >= 17) {
        return number_exact(x, tmp, tmplen);
    } else {
        snprintf(tmp, tmplen, "%.*g", digits, x);
    }
    return tmp;
}

size_t column_missing(const Table *t, size_t j) {
    const Column *c = &t->cols[j];
    size_t m = 0;
    if (c->type == COL_NUM && c->u8 && !c->num) {
        for (size_t i = 0; i < t->nrow; i++) m += c->u8[i] == COL_U8_NA;
        return m;
    }
    const double *v = c->type == COL_NUM ? table_num(t, j) : NULL;
    for (size_t i = 0; i < t->nrow; i++)
        m += v ? isnan(v[i]) != 0 : c->str[i] == NULL;
    return m;
}
