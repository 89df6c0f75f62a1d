/* load_expr.c — see load_expr.h.  The matrix is read gene by gene, each
 * gene's row of samples into an array of its own (which becomes the
 * gene's column as it is when every sample is its own patient, with no
 * copy), then each gene's column is made over the patients (samples
 * chosen or averaged per patient).  After the header and the first row,
 * the rows are parsed in parallel in bulk mode (io/csvread.h): the same
 * numbers as the record path, which takes any chunk bulk mode refuses. */
#include "io/load_expr.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/barcode.h"
#include "io/load_table.h"
#include "io/numparse.h"

static const char *const ANNOT_NAMES[] = {"Entrez_Gene_Id", "Entrez_Gene", "Entrez", "gene_id", "Description",
                                          "Gene_Name", "gene_name", "Locus", "Cytoband", "Chromosome"};

typedef struct Ex {
    const char *path;       /* for messages */
    const ExprOpts *o;      /* options */
    ExprReport *rep;        /* report */
    size_t ncol;            /* header fields */
    unsigned char *is_sample;   /* per field: a sample column */
    uint32_t *dst;          /* per field: its sample's index, or CSV_TEXT (bulk mode) */
    size_t nsamp;           /* sample columns */
    size_t *samp_field;     /* field index of each sample column */
    char **samp_name;       /* header of each sample column */
    long header_line;       /* line of the header */
    int records;            /* data records seen */
    char **annot;           /* per sample: the annotation row's value (owned), or NULL */
    StrList genes;          /* symbols, in file order (first occurrence) */
    StrMap gene_index;      /* symbol → index (keys in genes) */
    double **rows;          /* per gene: its samples' values (sums for duplicate symbols), owned */
    double *nmerge;         /* per gene: rows merged into it */
    size_t capgenes;        /* slots in rows and nmerge */
    size_t overflow;        /* sums of duplicate rows past the largest double (finite values, an infinite sum) */
    int oom;                /* out of memory: the message is written once the data is freed */
} Ex;

static int is_annot_name(const Ex *E, const char *h) {
    for (size_t i = 0; i < sizeof ANNOT_NAMES / sizeof *ANNOT_NAMES; i++)
        if (strcasecmp(h, ANNOT_NAMES[i]) == 0) return 1;
    for (size_t i = 0; i < E->o->nskip; i++)
        if (strcmp(h, E->o->skip[i]) == 0) return 1;
    return 0;
}

static int ex_header(Ex *E, char **f, size_t n, long line, Buf *err) {
    E->ncol = n;
    E->header_line = line;
    E->is_sample = xcalloc(n ? n : 1, 1);
    int any_tcga = 0;
    for (size_t j = 1; j < n; j++) {
        Barcode b;
        barcode_parse(f[j], E->o->idprefix, &b);
        any_tcga |= b.tcga;
        barcode_free(&b);
    }
    E->samp_field = xmalloc((n ? n : 1) * sizeof *E->samp_field);
    E->samp_name = xcalloc(n ? n : 1, sizeof *E->samp_name);
    for (size_t j = 1; j < n; j++) {
        Barcode b;
        barcode_parse(f[j], E->o->idprefix, &b);
        int sample = !is_annot_name(E, f[j]) && (!any_tcga || b.tcga);
        barcode_free(&b);
        if (!sample) { strlist_add(&E->rep->skipped_cols, f[j][0] ? f[j] : "(unnamed)"); continue; }
        E->is_sample[j] = 1;
        E->samp_field[E->nsamp] = j;
        E->samp_name[E->nsamp++] = xstrdup(f[j]);
    }
    if (!E->nsamp) {
        buf_printf(err, "%s:%ld: no sample columns in the header (expected a gene column, then one column per sample)",
                   E->path, line);
        return -1;
    }
    E->rep->samples = E->nsamp;
    return 0;
}

static int ex_add_row(Ex *E, const char *sym, double *row);

static int ex_record(void *ctx, char **f, size_t n, long line, Buf *err) {
    Ex *E = ctx;
    if (!E->ncol) return ex_header(E, f, n, line, err);
    if (n != E->ncol) {
        buf_printf(err, "%s:%ld: row has %zu fields but the header (line %ld) has %zu", E->path, line, n,
                   E->header_line, E->ncol);
        return -1;
    }
    int first = E->records++ == 0;
    if (first) {
        /* a second header row: Firehose's "gene_id normalized_count…", or a
           per-sample annotation (a subtype) when no sample value is a number */
        size_t nonnum = 0;
        for (size_t k = 0; k < E->nsamp; k++) {
            double x;
            const char *v = f[E->samp_field[k]];
            if (!is_na_token(v) && !parse_number(v, &x)) nonnum++;
        }
        if (nonnum == E->nsamp) {
            const char *v = f[E->samp_field[0]];
            if (strcasecmp(f[0], "gene_id") == 0 || strstr(v, "count") || strstr(v, "estimate") ||
                strstr(v, "RPKM") || strstr(v, "value")) {
                E->rep->second_header = 1;
            } else {
                E->rep->annot_row = xstrdup(f[0][0] ? f[0] : "annotation");
                E->annot = xcalloc(E->nsamp, sizeof *E->annot);
                for (size_t k = 0; k < E->nsamp; k++) {
                    const char *a = f[E->samp_field[k]];
                    E->annot[k] = is_na_token(a) ? NULL : xstrdup(a);
                }
            }
            return 0;
        }
    }
    /* the symbol: SYMBOL|ENTREZ → SYMBOL; '?' and empty are dropped */
    char *sym = f[0];
    char *bar = strchr(sym, '|');
    if (bar) *bar = '\0';
    if (!*sym || strcmp(sym, "?") == 0) { E->rep->no_symbol++; return 0; }
    double *row = malloc(E->nsamp * sizeof *row);
    if (!row) { E->oom = 1; return -1; }
    for (size_t k = 0; k < E->nsamp; k++) {
        const char *v = f[E->samp_field[k]];
        double x;
        if (is_na_token(v)) x = NAN;
        else if (!parse_number(v, &x)) {
            buf_printf(err, "%s:%ld:%zu: '%s' is not a number (gene %s, sample %s)", E->path, line,
                       E->samp_field[k] + 1, v, sym, E->samp_name[k]);
            free(row);
            return -1;
        }
        row[k] = 0 + x;   /* as the sum of the gene's rows starting from 0 (-0 becomes 0) */
    }
    return ex_add_row(E, sym, row);
}

/* Gene sym's row of values (row, taken): a new gene, or (a symbol seen
 * before) added to its sum.  0, or -1 out of memory. */
static int ex_add_row(Ex *E, const char *sym, double *row) {
    E->rep->genes_read++;
    size_t g;
    if (!strmap_get(&E->gene_index, sym, &g)) {
        if (E->genes.n >= E->capgenes) {
            /* each array is kept as soon as it is grown, so that a failure
               of the second leaves nothing dangling for ex_free */
            size_t cap = E->capgenes ? 2 * E->capgenes : 1024;
            double **v = realloc(E->rows, cap * sizeof *v);
            if (v) E->rows = v;
            double *m = v ? realloc(E->nmerge, cap * sizeof *m) : NULL;
            if (m) E->nmerge = m;
            if (!v || !m) {
                free(row);
                E->oom = 1;
                return -1;
            }
            E->capgenes = cap;
        }
        strlist_add(&E->genes, sym);
        g = E->genes.n - 1;
        strmap_put(&E->gene_index, E->genes.v[g], g, NULL);
        E->rows[g] = row;
        E->nmerge[g] = 1;
        return 0;
    }
    if (E->nmerge[g] == 1) {
        E->rep->dup_genes++;
        if (E->rep->dup_names.n < 5) strlist_add(&E->rep->dup_names, sym);
    }
    E->nmerge[g] += 1;
    double *sum = E->rows[g];
    for (size_t k = 0; k < E->nsamp; k++) {   /* NaN stays NaN: a merged gene is missing where any row is */
        double t = sum[k] + row[k];
        E->overflow += isinf(t) && !isinf(sum[k]) && !isinf(row[k]);
        sum[k] = t;
    }
    free(row);
    return 0;
}

/* ---- bulk mode: the rows after the first, parsed by worker threads ---- */

typedef struct ExChunk {
    size_t n, cap;          /* rows with a symbol, slots */
    char **sym;             /* their symbols (owned) */
    double **row;           /* their values (owned) */
    size_t no_symbol;       /* rows dropped for an empty or '?' symbol */
    long records, lines;    /* records in the chunk, line ends */
} ExChunk;

static void ex_chunk_free(void *ctx, void *res) {
    (void)ctx;
    ExChunk *c = res;
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->sym[i]);
        free(c->row[i]);
    }
    free(c->sym);
    free(c->row);
    free(c);
}

static int ex_ready(void *ctx) {
    Ex *E = ctx;
    if (!E->ncol || E->records < 1 || E->oom) return 0;
    if (!E->dst) {
        if (!(E->dst = malloc(E->ncol * sizeof *E->dst))) return 0;
        for (size_t j = 0; j < E->ncol; j++) E->dst[j] = CSV_TEXT;
        for (size_t k = 0; k < E->nsamp; k++) E->dst[E->samp_field[k]] = (uint32_t)k;
    }
    return 1;
}

/* A chunk's rows, or NULL for the record path (a row that is not as the
 * record path would take it without a word: a wrong field count, a value
 * that is not a number). */
static void *ex_parse(void *ctx, const TextChunk *tc, int sep) {
    const Ex *E = ctx;
    ExChunk *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    CsvRows it;
    csv_rows_init(&it, tc, sep, E->dst, E->ncol);
    long n = 0;
    int ok = 1;
    double *row = NULL;   /* the next row's values, read straight into it */
    while (ok) {
        if (!row) {
            if (!(row = malloc(E->nsamp * sizeof *row))) { ok = 0; break; }
            mem_prefault(row, E->nsamp * sizeof *row);
        }
        it.out = row;
        if ((n = csv_rows_next(&it)) <= 0) break;
        if ((size_t)n != E->ncol) { ok = 0; break; }
        c->records++;
        /* the symbol (field 0, never a sample): SYMBOL|ENTREZ → SYMBOL; '?' and empty are dropped */
        const char *s = it.f[0];
        size_t sl = it.fl[0];
        const char *bar = memchr(s, '|', sl);
        if (bar) sl = (size_t)(bar - s);
        if (!sl || (sl == 1 && s[0] == '?')) { c->no_symbol++; continue; }
        for (size_t o = 1; o < it.nother && ok; o++) {   /* samples that were not plain numbers */
            size_t j = it.other[o];
            uint32_t k = E->dst[j];
            double x;
            if (k == CSV_TEXT) continue;   /* an annotation column */
            if (num_parse(it.f[j], it.fl[j], &x)) row[k] = x;
            else if (is_na_token_n(it.f[j], it.fl[j])) row[k] = NAN;
            else ok = 0;
        }
        if (!ok) break;
        for (size_t k = 0; k < E->nsamp; k++) row[k] = 0 + row[k];   /* as the record path: -0 becomes 0 */
        if (c->n == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 64;
            char **sy = realloc(c->sym, cap * sizeof *sy);
            if (sy) c->sym = sy;
            double **rw = sy ? realloc(c->row, cap * sizeof *rw) : NULL;
            if (rw) c->row = rw;
            if (!sy || !rw) { ok = 0; break; }
            c->cap = cap;
        }
        char *name = malloc(sl + 1);
        if (!name) { ok = 0; break; }
        memcpy(name, s, sl);
        name[sl] = '\0';
        c->sym[c->n] = name;
        c->row[c->n++] = row;
        row = NULL;
    }
    free(row);
    if (n < 0) ok = 0;
    c->lines = it.lines;
    csv_rows_free(&it);
    if (!ok) { ex_chunk_free(NULL, c); return NULL; }
    return c;
}

static int ex_commit(void *ctx, void *res, const CsvBulkPos *pos, long *records, long *lines, Buf *err) {
    Ex *E = ctx;
    ExChunk *c = res;
    (void)pos;
    (void)err;
    E->rep->no_symbol += c->no_symbol;
    int rc = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (rc == 0) rc = ex_add_row(E, c->sym[i], c->row[i]);   /* takes the row */
        else free(c->row[i]);
        free(c->sym[i]);
    }
    *records = c->records;
    *lines = c->lines;
    free(c->sym);
    free(c->row);
    free(c);
    return rc < 0 ? -1 : 0;   /* out of memory: E->oom says so */
}

static void ex_free(Ex *E) {
    free(E->is_sample);
    free(E->dst);
    free(E->samp_field);
    for (size_t k = 0; k < E->nsamp; k++) {
        free(E->samp_name[k]);
        if (E->annot) free(E->annot[k]);
    }
    free(E->samp_name);
    free(E->annot);
    for (size_t g = 0; E->rows && g < E->genes.n; g++) free(E->rows[g]);   /* (before the list's count goes) */
    strlist_free(&E->genes);
    strmap_free(&E->gene_index);
    free(E->rows);
    free(E->nmerge);
}

/* ---- the columns: each gene's samples → its values over the rows ---- */

typedef struct Reduce {
    Ex *E;                  /* the rows */
    const size_t *unit_of;  /* per sample: its row of the table, or (size_t)-1 (dropped) */
    size_t nu, ns;          /* rows of the table, samples */
    int identity;           /* unit_of[k] == k for every sample: nothing to do for a gene read once */
    size_t next;            /* the next gene to take (atomic) */
    size_t overflow;        /* means whose sum went past the largest double (atomic) */
    int oom;                /* a worker ran out of memory */
} Reduce;

/* Gene g's row of sample values (summed over its duplicate rows) into
 * its column, in place: each row's mean of its samples' non-missing
 * values over the gene's rows — the same arithmetic, in the same order,
 * as the staging array did before.  scratch (ns) and cnt (nu) are the
 * caller's. */
static void reduce_gene(Reduce *R, size_t g, double *scratch, double *cnt) {
    const size_t nu = R->nu, ns = R->ns;
    double *row = R->E->rows[g], nm = R->E->nmerge[g];
    if (R->identity && nm == 1) return;   /* v[u] = (0 + x / 1) / 1 = x, NaN for NaN */
    memcpy(scratch, row, ns * sizeof *row);
    double *v = row;   /* nu <= ns: the column goes where the row was */
    for (size_t u = 0; u < nu; u++) { v[u] = 0; cnt[u] = 0; }
    size_t over = 0;
    for (size_t k = 0; k < ns; k++) {
        size_t u = R->unit_of[k];
        if (u == (size_t)-1 || isnan(scratch[k])) continue;   /* a patient's mean: its non-missing samples */
        double x = scratch[k] / nm, t = v[u] + x;   /* duplicate symbols: the mean of their rows */
        over += isinf(t) && !isinf(x) && !isinf(v[u]);
        v[u] = t;
        cnt[u] += 1;
    }
    if (over) __atomic_fetch_add(&R->overflow, over, __ATOMIC_RELAXED);
    for (size_t u = 0; u < nu; u++) v[u] = cnt[u] > 0 ? v[u] / cnt[u] : NAN;
    if (nu < ns) {
        double *w = realloc(row, (nu ? nu : 1) * sizeof *w);   /* shrinking: in place */
        if (w) R->E->rows[g] = w;
    }
}

static void *reduce_worker(void *arg) {
    Reduce *R = arg;
    double *scratch = malloc((R->ns ? R->ns : 1) * sizeof *scratch), *cnt = malloc((R->nu ? R->nu : 1) * sizeof *cnt);
    if (!scratch || !cnt) {
        __atomic_store_n(&R->oom, 1, __ATOMIC_RELAXED);
    } else {
        const size_t ng = R->E->genes.n;
        for (;;) {
            size_t g0 = __atomic_fetch_add(&R->next, 64, __ATOMIC_RELAXED);
            if (g0 >= ng) break;
            for (size_t g = g0; g < g0 + 64 && g < ng; g++) reduce_gene(R, g, scratch, cnt);
        }
    }
    free(scratch);
    free(cnt);
    return NULL;
}

/* Every gene through reduce_gene, on up to threads threads (0: the
 * default).  0, or -1 out of memory. */
static int reduce_all(Reduce *R, int threads) {
    int identity_only = R->identity;
    for (size_t g = 0; g < R->E->genes.n && identity_only; g++) identity_only = R->E->nmerge[g] == 1;
    if (identity_only) return 0;
    int nt = threads > 0 ? threads : rawpipe_default_threads();
    if (nt > 16) nt = 16;
    pthread_t tid[16];
    int started = 0;
    for (int i = 1; i < nt; i++)
        if (pthread_create(&tid[started], NULL, reduce_worker, R) == 0) started++;
    reduce_worker(R);
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    return R->oom ? -1 : 0;
}

Table *expr_load(const char *path, const ExprOpts *o, ExprReport *rep, Buf *err, int *cancelled) {
    Ex E = {.path = path, .o = o, .rep = rep};
    static const CsvBulk bulk = {ex_ready, ex_parse, ex_commit, ex_chunk_free};
    CsvOpts co = {.sep = 0, .skip_comments = 1, .cancel = o->cancel, .progress = o->progress,
                  .progress_ctx = o->progress_ctx, .warnings = &rep->warnings, .bulk = &bulk, .threads = o->threads};
    *cancelled = 0;
    Table *t = NULL;
    CsvInfo info;
    int rc = csv_read(path, &co, ex_record, &E, &info, err);
    rep->bulk_records = info.bulk_records;
    if (rc == -2) { *cancelled = 1; goto done; }
    if (E.oom || info.oom) {
        size_t genes = E.genes.n, ns = E.nsamp;
        ex_free(&E);   /* first: the message needs memory too */
        err->len = 0;
        buf_printf(err, "out of memory while loading %s (after %zu genes × %zu samples)", path, genes, ns);
        return NULL;
    }
    if (rc) goto done;
    if (!E.ncol) { buf_printf(err, "%s: the file is empty", path); goto done; }
    if (!E.genes.n) { buf_printf(err, "%s: no gene rows", path); goto done; }
    size_t ns = E.nsamp, ng = E.genes.n;
    /* rows: samples → units (patients, or samples with sample=all) */
    size_t *unit_of = xmalloc(ns * sizeof *unit_of);
    StrList units = {0};
    StrMap uidx = {0};
    size_t *nper = xcalloc(ns, sizeof *nper);
    for (size_t k = 0; k < ns; k++) {
        Barcode b;
        barcode_parse(E.samp_name[k], o->idprefix, &b);
        unit_of[k] = (size_t)-1;
        if (o->sample != EXPR_ALL && b.tcga && b.sample > 0 && !barcode_is_primary(b.sample)) {
            strlist_addf(&rep->dropped, "%s (%s)", E.samp_name[k], barcode_sample_name(b.sample));
            barcode_free(&b);
            continue;
        }
        const char *key = o->sample == EXPR_ALL ? E.samp_name[k] : b.patient;
        size_t u;
        if (!strmap_get(&uidx, key, &u)) {
            strlist_add(&units, key);
            u = units.n - 1;
            strmap_put(&uidx, units.v[u], u, NULL);
        } else if (o->sample == EXPR_PRIMARY && nper[u] >= 1) {
            if (nper[u] == 1) rep->averaged++;
            strlist_addf(&rep->dropped, "%s (a second primary sample of %s; the first is used)", E.samp_name[k], key);
            nper[u]++;
            barcode_free(&b);
            continue;
        }
        unit_of[k] = u;
        nper[u]++;
        if (o->sample == EXPR_MEAN && nper[u] == 2) rep->averaged++;
        barcode_free(&b);
    }
    size_t nu = units.n;
    rep->rows = nu;
    t = table_new(o->name, path, nu);
    if (!t) goto oom;
    char **ids = xcalloc(nu ? nu : 1, sizeof *ids);
    for (size_t u = 0; u < nu; u++) ids[u] = xstrdup(units.v[u]);
    table_add_str(t, o->sample == EXPR_ALL ? "sample" : "patient", NULL, ids);
    if (E.annot) {   /* the per-sample annotation row, as a text column (first sample per row) */
        char **a = xcalloc(nu ? nu : 1, sizeof *a);
        for (size_t k = 0; k < ns; k++)
            if (unit_of[k] != (size_t)-1 && !a[unit_of[k]] && E.annot[k]) a[unit_of[k]] = xstrdup(E.annot[k]);
        long j = table_add_str(t, rep->annot_row, NULL, a);
        if (j >= 0) t->cols[j].meta = 1;
    }
    /* each gene's row becomes its column: as it is when every sample is
       its own row of the table (the usual case: no copy), else through
       reduce_gene, in parallel */
    int identity = nu == ns;
    for (size_t k = 0; k < ns && identity; k++) identity = unit_of[k] == k;
    Reduce R = {.E = &E, .unit_of = unit_of, .nu = nu, .ns = ns, .identity = identity};
    if (reduce_all(&R, o->threads) < 0) goto oom;
    if (E.overflow + R.overflow)   /* finite values whose sum is not: the mean would be finite, Inf is wrong */
        sum_overflow_warning(&rep->warnings, E.overflow + R.overflow, "of duplicate gene rows or of a patient's samples");
    for (size_t g = 0; g < ng; g++) {
        double *v = E.rows[g];
        E.rows[g] = NULL;
        if (table_add_num(t, E.genes.v[g], NULL, v) < 0) goto oom;
    }
    table_set_id(t, 0);
    goto cleanup;
oom:
    table_free(t);
    t = NULL;
    free(unit_of);
    free(nper);
    strlist_free(&units);
    strmap_free(&uidx);
    ex_free(&E);
    err->len = 0;
    buf_printf(err, "out of memory while loading %s (%zu genes × %zu rows)", path, ng, nu);
    return NULL;
cleanup:
    free(unit_of);
    free(nper);
    strlist_free(&units);
    strmap_free(&uidx);
done:
    ex_free(&E);
    if (t) lineage_add_input(&t->lineage, path, info.bytes, info.sha256);
    return t;
}

void expr_report_free(ExprReport *r) {
    strlist_free(&r->skipped_cols);
    strlist_free(&r->dup_names);
    strlist_free(&r->dropped);
    strlist_free(&r->warnings);
    free(r->annot_row);
}
