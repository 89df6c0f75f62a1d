/* load_expr.h — `load expression`: a genes × samples matrix (GDC,
 * Firehose, cBioPortal, a colleague's R export) transposed into a
 * patients × genes table. */
#ifndef RGX_LOAD_EXPR_H
#define RGX_LOAD_EXPR_H
#include "io/csvread.h"
#include "io/table.h"

enum { EXPR_PRIMARY, EXPR_ALL, EXPR_MEAN };

typedef struct ExprOpts {
    const char *name;               /* table name */
    int sample;                     /* EXPR_PRIMARY: each patient's first primary tumour sample;
                                       EXPR_MEAN: the mean of its primary samples (non-missing values);
                                       EXPR_ALL: every sample its own row */
    const char *const *skip;        /* extra annotation columns to skip, by name */
    size_t nskip;
    const char *idprefix;           /* for sample headers written without TCGA- */
    volatile sig_atomic_t *cancel;  /* polled */
    void (*progress)(void *ctx, double frac);
    void *progress_ctx;
    int threads;                    /* worker threads for parsing; 0: one per processor (at most 8) */
} ExprOpts;

typedef struct ExprReport {
    size_t genes_read;      /* gene rows read */
    size_t samples;         /* sample columns */
    StrList skipped_cols;   /* annotation columns not used as samples */
    int second_header;      /* 1: a Firehose second header row was skipped */
    char *annot_row;        /* name of a per-sample annotation row kept as a column, or NULL */
    size_t no_symbol;       /* rows dropped for an empty or '?' symbol */
    size_t dup_genes;       /* symbols seen more than once (merged by mean) */
    StrList dup_names;      /* the first few */
    StrList dropped;        /* samples dropped by sample=primary */
    size_t averaged;        /* patients whose samples were averaged (or whose first was kept) */
    size_t rows;            /* rows of the table */
    StrList warnings;       /* things the user must know (quoting) */
    long bulk_records;      /* records parsed by the worker threads (bulk mode, io/csvread.h) */
} ExprReport;

Table *expr_load(const char *path, const ExprOpts *o, ExprReport *rep, Buf *err, int *cancelled);
void expr_report_free(ExprReport *r);
#endif
