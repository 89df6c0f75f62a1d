/* load_maf.c — see load_maf.h. */
#include "io/load_maf.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/barcode.h"

const char *const MAF_NONSYNONYMOUS[] = {
    "Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
    "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation",
};
const size_t MAF_NNONSYNONYMOUS = sizeof MAF_NONSYNONYMOUS / sizeof *MAF_NONSYNONYMOUS;

/* A growable list of row indices (one per gene). */
typedef struct IdxList {
    size_t *v;      /* row indices (with repeats until the end) */
    size_t n, cap;  /* used, allocated */
} IdxList;

typedef struct Maf {
    const char *path;       /* for messages */
    const MafOpts *o;       /* options */
    MafReport *rep;         /* the report being filled */
    long ncol;              /* header fields, 0 before the header */
    long c_gene, c_bc, c_class, c_filter;   /* column positions */
    StrList units;          /* row IDs, in order of appearance */
    StrMap unit_index;      /* row ID → index (keys in units) */
    double *count;          /* counted variants per row */
    size_t capcount;        /* slots in count */
    StrList genes;          /* gene symbols */
    StrMap gene_index;      /* symbol → index (keys in genes) */
    IdxList *hits;          /* per gene: rows with a counted variant */
    size_t caphits;         /* slots in hits */
    StrMap samples;         /* distinct barcodes seen (keys in sample_names) */
    StrList sample_names;   /* their text */
    StrMap unit_first;      /* patient → first primary sample barcode (for merges) */
    StrList unit_first_bc;  /* those barcodes */
    size_t *sample_unit;    /* per distinct barcode: its row (unit), or DROPPED (worked out once per barcode) */
    size_t capsample;       /* slots in sample_unit */
    StrList class_names;    /* distinct Variant_Classification values */
    StrMap class_index;     /* value → index (keys in class_names) */
    unsigned char *class_counted;   /* per value: counted (worked out once per value) */
    size_t capclass;        /* slots in class_counted */
    int oom;                /* out of memory: the message is written once the data is freed */
} Maf;

#define DROPPED ((size_t)-1)

static long find_col(char **f, size_t n, const char *name) {
    for (size_t j = 0; j < n; j++)
        if (strcasecmp(f[j], name) == 0) return (long)j;
    return -1;
}

static int maf_header(Maf *M, char **f, size_t n, long line, Buf *err) {
    M->ncol = (long)n;
    M->c_gene = find_col(f, n, "Hugo_Symbol");
    M->c_bc = find_col(f, n, "Tumor_Sample_Barcode");
    M->c_class = find_col(f, n, "Variant_Classification");
    M->c_filter = find_col(f, n, "FILTER");
    const char *missing = M->c_gene < 0 ? "Hugo_Symbol" : M->c_bc < 0 ? "Tumor_Sample_Barcode"
                        : M->c_class < 0 ? "Variant_Classification" : NULL;
    if (!missing && M->o->filter && M->c_filter < 0) missing = "FILTER (needed by filter=)";
    if (missing) {
        buf_printf(err, "%s:%ld: the MAF is missing %s; columns found: ", M->path, line, missing);
        join_list(err, (const char *const *)f, n, 12);
        return -1;
    }
    return 0;
}

static int counted_class(const MafOpts *o, const char *c) {
    if (o->all_classes) return 1;
    const char *const *list = o->classes ? o->classes : MAF_NONSYNONYMOUS;
    size_t n = o->classes ? o->nclasses : MAF_NNONSYNONYMOUS;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(c, list[i]) == 0) return 1;
    return 0;
}

static size_t intern(StrList *l, StrMap *m, const char *s, int *added) {
    size_t v;
    *added = 0;
    if (strmap_get(m, s, &v)) return v;
    /* the map borrows the list's strings: rebuild it when the list moves them?
       No: strlist_add stores each string in its own allocation, which never moves. */
    strlist_add(l, s);
    strmap_put(m, l->v[l->n - 1], l->n - 1, NULL);
    *added = 1;
    return l->n - 1;
}

/* A barcode seen for the first time (index si): its row — the patient's
 * (a second primary sample of one patient is merged into it), or the
 * barcode's own with sample=all — or DROPPED for a non-primary sample.
 * Returns 0, or −1 out of memory. */
static int sample_first_seen(Maf *M, const char *bc, size_t si) {
    MafReport *R = M->rep;
    if (si >= M->capsample) {
        size_t cap = M->capsample ? 2 * M->capsample : 256;
        size_t *v = realloc(M->sample_unit, cap * sizeof *v);
        if (!v) { M->oom = 1; return -1; }
        M->sample_unit = v;
        M->capsample = cap;
    }
    Barcode b;
    barcode_parse(bc, M->o->idprefix, &b);
    const char *unit;
    int added;
    if (M->o->sample == SAMPLE_ALL) {
        unit = bc;
    } else {
        if (b.tcga && b.sample > 0 && !barcode_is_primary(b.sample)) {
            strlist_addf(&R->dropped, "%s (%s)", bc, barcode_sample_name(b.sample));
            barcode_free(&b);
            M->sample_unit[si] = DROPPED;
            return 0;
        }
        unit = b.patient;
        size_t first;
        if (strmap_get(&M->unit_first, unit, &first)) R->merged++;
        else intern(&M->unit_first_bc, &M->unit_first, unit, &added);
    }
    size_t u = intern(&M->units, &M->unit_index, unit, &added);
    barcode_free(&b);
    if (added) {
        if (u >= M->capcount) {
            size_t cap = M->capcount ? 2 * M->capcount : 256;
            double *c = realloc(M->count, cap * sizeof *c);
            if (!c) { M->oom = 1; return -1; }
            M->count = c;
            M->capcount = cap;
        }
        M->count[u] = 0;
    }
    M->sample_unit[si] = u;
    return 0;
}

static int maf_record(void *ctx, char **f, size_t n, long line, Buf *err) {
    Maf *M = ctx;
    if (!M->ncol) return maf_header(M, f, n, line, err);
    if ((long)n != M->ncol) {
        buf_printf(err, "%s:%ld: row has %zu fields but the header has %ld", M->path, line, n, M->ncol);
        return -1;
    }
    MafReport *R = M->rep;
    R->variants++;
    const char *bc = f[M->c_bc], *gene = f[M->c_gene], *cls = f[M->c_class];
    if (!*bc) {
        buf_printf(err, "%s:%ld:%ld: empty Tumor_Sample_Barcode", M->path, line, M->c_bc + 1);
        return -1;
    }
    int added;
    size_t si = intern(&M->sample_names, &M->samples, bc, &added);
    if (added && sample_first_seen(M, bc, si) < 0) return -1;
    size_t u = M->sample_unit[si];
    if (u == DROPPED) { R->dropped_rows++; return 0; }
    /* GDC writes PASS, other callers pass: any case */
    if (M->o->filter && strcasecmp(f[M->c_filter], M->o->filter) != 0) { R->filtered++; return 0; }
    size_t ci = intern(&M->class_names, &M->class_index, cls, &added);
    if (added) {   /* a value seen for the first time: counted or not, once */
        if (ci >= M->capclass) {
            size_t cap = M->capclass ? 2 * M->capclass : 64;
            unsigned char *c = realloc(M->class_counted, cap);
            if (!c) { M->oom = 1; return -1; }
            M->class_counted = c;
            M->capclass = cap;
        }
        M->class_counted[ci] = (unsigned char)counted_class(M->o, cls);
    }
    if (!M->class_counted[ci]) { R->other_class++; return 0; }
    if (!*gene || strcasecmp(gene, "Unknown") == 0 || strcmp(gene, "?") == 0) { R->no_gene++; return 0; }
    R->counted++;
    M->count[u] += 1;
    size_t g = intern(&M->genes, &M->gene_index, gene, &added);
    if (g >= M->caphits) {
        size_t cap = M->caphits ? 2 * M->caphits : 1024;
        IdxList *nh = realloc(M->hits, cap * sizeof *nh);
        if (!nh) { M->oom = 1; return -1; }
        M->hits = nh;
        memset(M->hits + M->caphits, 0, (cap - M->caphits) * sizeof *M->hits);
        M->caphits = cap;
    }
    IdxList *h = &M->hits[g];
    if (h->n && h->v[h->n - 1] == u) return 0;   /* the same row again: common, cheap to skip */
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 4;
        size_t *nv = realloc(h->v, cap * sizeof *nv);
        if (!nv) { M->oom = 1; return -1; }
        h->v = nv;
        h->cap = cap;
    }
    h->v[h->n++] = u;
    return 0;
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* For sorting genes (qsort_r, ctx the GeneSort): most mutated first, then
 * by name. */
typedef struct GeneSort {
    const Maf *maf;         /* the genes' names */
    const size_t *nmut;     /* rows mutated per gene */
} GeneSort;

static int cmp_gene(const void *a, const void *b, void *ctx) {
    const GeneSort *g = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (g->nmut[x] != g->nmut[y]) return g->nmut[x] < g->nmut[y] ? 1 : -1;
    return strcmp(g->maf->genes.v[x], g->maf->genes.v[y]);
}

/* For sorting rows by ID (qsort_r, ctx the Maf). */
static int cmp_unit(const void *a, const void *b, void *ctx) {
    const Maf *m = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return strcmp(m->units.v[x], m->units.v[y]);
}

static void maf_free(Maf *M) {
    strlist_free(&M->units);
    strmap_free(&M->unit_index);
    free(M->count);
    strlist_free(&M->genes);
    strmap_free(&M->gene_index);
    for (size_t g = 0; g < M->caphits; g++) free(M->hits[g].v);
    free(M->hits);
    strmap_free(&M->samples);
    strlist_free(&M->sample_names);
    strmap_free(&M->unit_first);
    strlist_free(&M->unit_first_bc);
    free(M->sample_unit);
    strlist_free(&M->class_names);
    strmap_free(&M->class_index);
    free(M->class_counted);
}

Table *maf_load(const char *path, const MafOpts *o, MafReport *rep, Buf *err, int *cancelled) {
    Maf M = {.path = path, .o = o, .rep = rep};
    CsvOpts co = {.sep = '\t', .skip_comments = 1, .cancel = o->cancel, .progress = o->progress,
                  .progress_ctx = o->progress_ctx, .warnings = &rep->warnings};
    *cancelled = 0;
    Table *t = NULL;
    CsvInfo info;
    int rc = csv_read(path, &co, maf_record, &M, &info, err);
    if (rc == -2) { *cancelled = 1; goto done; }
    if (M.oom || info.oom) {
        maf_free(&M);   /* first: the message needs memory too */
        err->len = 0;
        buf_printf(err, "out of memory while loading %s (after %ld variant rows)", path, rep->variants);
        return NULL;
    }
    if (rc) goto done;
    if (!M.ncol) { buf_printf(err, "%s: the file is empty (no MAF header)", path); goto done; }
    if (!M.units.n) {
        buf_printf(err, "%s: no variants left to count (%ld variant row%s read", path, rep->variants,
                   rep->variants == 1 ? "" : "s");
        if (rep->dropped.n)
            buf_printf(err, "; %zu non-primary sample%s dropped by sample=primary: sample=all keeps them",
                       rep->dropped.n, rep->dropped.n == 1 ? "" : "s");
        buf_puts(err, ")");
        goto done;
    }
    size_t nu = M.units.n, ng = M.genes.n;
    rep->samples = M.sample_names.n;
    rep->rows = nu;
    rep->genes_seen = ng;
    /* rows sorted by ID; old index → new row */
    size_t *order = xmalloc(nu * sizeof *order), *rowof = xmalloc(nu * sizeof *rowof);
    for (size_t i = 0; i < nu; i++) order[i] = i;
    qsort_r(order, nu, sizeof *order, cmp_unit, &M);
    for (size_t i = 0; i < nu; i++) rowof[order[i]] = i;
    /* distinct rows per gene */
    size_t *nmut = xcalloc(ng ? ng : 1, sizeof *nmut), *gorder = xmalloc((ng ? ng : 1) * sizeof *gorder);
    for (size_t g = 0; g < ng; g++) {
        IdxList *h = &M.hits[g];
        qsort(h->v, h->n, sizeof *h->v, cmp_size);
        size_t w = 0;
        for (size_t k = 0; k < h->n; k++)
            if (!w || h->v[k] != h->v[w - 1]) h->v[w++] = h->v[k];
        h->n = w;
        nmut[g] = w;
        gorder[g] = g;
    }
    GeneSort gs = {&M, nmut};
    qsort_r(gorder, ng, sizeof *gorder, cmp_gene, &gs);
    t = table_new(o->name, path, nu);
    if (!t) goto oom;
    char **ids = calloc(nu, sizeof *ids);
    if (!ids) goto oom;
    for (size_t i = 0; i < nu; i++) ids[i] = strdup(M.units.v[order[i]]);
    if (table_add_str(t, o->sample == SAMPLE_ALL ? "sample" : "patient", NULL, ids) < 0) goto oom;
    for (size_t k = 0; k < ng; k++) {
        size_t g = gorder[k];
        if ((long)nmut[g] < o->min) break;
        uint8_t *v = calloc(nu, 1);   /* 0/1: compact, a byte a patient (io/table.h) */
        if (!v) goto oom;
        for (size_t q = 0; q < M.hits[g].n; q++) v[rowof[M.hits[g].v[q]]] = 1;
        if (table_add_u8(t, M.genes.v[g], NULL, v) < 0) goto oom;
        rep->genes_kept++;
    }
    double *cnt = malloc(nu * sizeof *cnt);
    if (!cnt) goto oom;
    for (size_t i = 0; i < nu; i++) {
        cnt[rowof[i]] = M.count[i];
        rep->no_mutation += M.count[i] == 0;
    }
    long cj = table_add_num(t, "mutation_count", NULL, cnt);
    if (cj < 0) goto oom;
    t->cols[cj].meta = 1;
    table_set_id(t, 0);
    free(order);
    free(rowof);
    free(nmut);
    free(gorder);
    goto done;
oom:
    table_free(t);
    t = NULL;
    free(order);
    free(rowof);
    free(nmut);
    free(gorder);
    maf_free(&M);
    err->len = 0;
    buf_printf(err, "out of memory while loading %s", path);
    return NULL;
done:
    maf_free(&M);
    if (t) lineage_add_input(&t->lineage, path, info.bytes, info.sha256);
    return t;
}

void maf_report_free(MafReport *r) {
    strlist_free(&r->dropped);
    strlist_free(&r->warnings);
}
