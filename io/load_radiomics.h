/* load_radiomics.h — `load radiomics`: a PyRadiomics batch CSV (or any
 * patients × features table, or its transpose) keyed by patient. */
#ifndef RGX_LOAD_RADIOMICS_H
#define RGX_LOAD_RADIOMICS_H
#include "io/load_table.h"

typedef struct RadOpts {
    const char *name;               /* table name */
    const char *id;                 /* COL, or COL:REGEX (the first match is the ID), or NULL */
    int transposed;                 /* features as rows, patients as columns */
    const char *idprefix;           /* for IDs written without TCGA- */
    int sep;                        /* separator, 0 to detect */
    const char *const *na;
    size_t nna;
    volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, double frac);
    void *progress_ctx;
} RadOpts;

typedef struct RadReport {
    LoadReport load;        /* the underlying load */
    char *id_desc;          /* where the patient ID came from */
    size_t rows;            /* rows (scans) */
    size_t features;        /* numeric feature columns */
    size_t meta;            /* metadata columns (diagnostics_*, Image, Mask) */
    size_t text;            /* other text columns */
    int pandas_index;       /* an unnamed 0..n-1 index column was dropped */
    size_t dups;            /* rows whose patient repeats an earlier row */
    StrList dup_ids;        /* each repeated patient once, "ID: N scans" (five, then "…") */
} RadReport;

Table *radiomics_load(const char *path, const RadOpts *o, RadReport *rep, Buf *err, int *cancelled);
void rad_report_free(RadReport *r);
#endif
