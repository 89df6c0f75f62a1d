/* load_expr.c — see load_expr.h.  The matrix is read gene by gene into
 * one genes × samples array, then each gene becomes a column over the
 * patients (with samples chosen or averaged per patient). */
#include "io/load_expr.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/barcode.h"
#include "io/load_table.h"

static const char *const ANNOT_NAMES[] = {"Entrez_Gene_Id", "Entrez_Gene", "Entrez", "gene_id", "Description",
                                          "Gene_Name", "gene_name", "Locus", "Cytoband", "Chromosome"};

typedef struct Ex {
    const char *path;       /* for messages */
    const ExprOpts *o;      /* options */
    ExprReport *rep;        /* report */
    size_t ncol;            /* header fields */
    unsigned char *is_sample;   /* per field: a sample column */
    size_t nsamp;           /* sample columns */
    size_t *samp_field;     /* field index of each sample column */
    char **samp_name;       /* header of each sample column */
    long header_line;       /* line of the header */
    int records;            /* data records seen */
    char **annot;           /* per sample: the annotation row's value (owned), or NULL */
    StrList genes;          /* symbols, in file order (first occurrence) */
    StrMap gene_index;      /* symbol → index (keys in genes) */
    double *vals;           /* genes × samples, row-major (sums for duplicates) */
    double *nmerge;         /* per gene: rows merged into it */
    size_t capgenes;        /* rows allocated in vals */
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
    E->rep->genes_read++;
    size_t g;
    if (!strmap_get(&E->gene_index, sym, &g)) {
        strlist_add(&E->genes, sym);
        g = E->genes.n - 1;
        strmap_put(&E->gene_index, E->genes.v[g], g, NULL);
        if (g >= E->capgenes) {
            /* the first block sized by the width (about 64k values), so that a
               few genes of a million samples take memory for what they are */
            size_t cap = 2 * E->capgenes;
            if (!cap) {
                cap = ((size_t)1 << 16) / E->nsamp;
                if (cap < 1) cap = 1;
                if (cap > 1024) cap = 1024;
            }
            /* each block is kept as soon as it is grown, so that a failure
               of the second leaves nothing dangling for ex_free */
            double *v = realloc(E->vals, cap * E->nsamp * sizeof *v);
            if (v) E->vals = v;
            double *m = v ? realloc(E->nmerge, cap * sizeof *m) : NULL;
            if (m) E->nmerge = m;
            if (!v || !m) {
                E->oom = 1;
                return -1;
            }
            E->capgenes = cap;
        }
        E->nmerge[g] = 0;
        for (size_t k = 0; k < E->nsamp; k++) E->vals[g * E->nsamp + k] = 0;
    } else if (E->nmerge[g] == 1) {
        E->rep->dup_genes++;
        if (E->rep->dup_names.n < 5) strlist_add(&E->rep->dup_names, sym);
    }
    E->nmerge[g] += 1;
    double *row = E->vals + g * E->nsamp;
    for (size_t k = 0; k < E->nsamp; k++) {
        const char *v = f[E->samp_field[k]];
        double x;
        if (is_na_token(v)) x = NAN;
        else if (!parse_number(v, &x)) {
            buf_printf(err, "%s:%ld:%zu: '%s' is not a number (gene %s, sample %s)", E->path, line,
                       E->samp_field[k] + 1, v, sym, E->samp_name[k]);
            return -1;
        }
        row[k] += x;   /* NaN stays NaN: a merged gene is missing where any row is */
    }
    return 0;
}

static void ex_free(Ex *E) {
    free(E->is_sample);
    free(E->samp_field);
    for (size_t k = 0; k < E->nsamp; k++) {
        free(E->samp_name[k]);
        if (E->annot) free(E->annot[k]);
    }
    free(E->samp_name);
    free(E->annot);
    strlist_free(&E->genes);
    strmap_free(&E->gene_index);
    free(E->vals);
    free(E->nmerge);
}

Table *expr_load(const char *path, const ExprOpts *o, ExprReport *rep, Buf *err, int *cancelled) {
    Ex E = {.path = path, .o = o, .rep = rep};
    CsvOpts co = {.sep = 0, .skip_comments = 1, .cancel = o->cancel, .progress = o->progress,
                  .progress_ctx = o->progress_ctx, .warnings = &rep->warnings};
    *cancelled = 0;
    Table *t = NULL;
    CsvInfo info;
    int rc = csv_read(path, &co, ex_record, &E, &info, err);
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
    double *cnt = xmalloc((nu ? nu : 1) * sizeof *cnt);
    for (size_t g = 0; g < ng; g++) {
        double *v = malloc((nu ? nu : 1) * sizeof *v);
        if (!v) { free(cnt); goto oom; }
        for (size_t u = 0; u < nu; u++) { v[u] = 0; cnt[u] = 0; }
        const double *row = E.vals + g * ns;
        for (size_t k = 0; k < ns; k++) {
            size_t u = unit_of[k];
            if (u == (size_t)-1 || isnan(row[k])) continue;   /* a patient's mean: its non-missing samples */
            v[u] += row[k] / E.nmerge[g];   /* duplicate symbols: the mean of their rows */
            cnt[u] += 1;
        }
        for (size_t u = 0; u < nu; u++) v[u] = cnt[u] > 0 ? v[u] / cnt[u] : NAN;
        if (table_add_num(t, E.genes.v[g], NULL, v) < 0) { free(cnt); goto oom; }
    }
    free(cnt);
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
