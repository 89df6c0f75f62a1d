/* load_maf.h — `load mutations`: a MAF (GDC, MC3, maftools) into a
 * patient × gene 0/1 table of mutated genes. */
#ifndef RGX_LOAD_MAF_H
#define RGX_LOAD_MAF_H
#include "io/csvread.h"
#include "io/table.h"

enum { SAMPLE_PRIMARY, SAMPLE_ALL };

typedef struct MafOpts {
    const char *name;               /* table name */
    const char *const *classes;     /* Variant_Classification values counted; NULL = nonsynonymous */
    size_t nclasses;                /* how many */
    int all_classes;                /* count every class */
    long min;                       /* keep genes mutated in at least min rows */
    const char *filter;             /* keep only variants whose FILTER is this (e.g. PASS), or NULL */
    int sample;                     /* SAMPLE_PRIMARY: one row per patient, primary tumours only;
                                       SAMPLE_ALL: one row per tumour sample barcode */
    const char *idprefix;           /* prefix for barcodes written without TCGA- */
    volatile sig_atomic_t *cancel;  /* polled */
    void (*progress)(void *ctx, double frac);   /* or NULL */
    void *progress_ctx;
} MafOpts;

typedef struct MafReport {
    long variants;          /* variant rows read */
    long counted;           /* rows of a counted class (and FILTER) in kept samples */
    long other_class;       /* rows of other classes (silent, UTR, intron…) */
    long no_gene;           /* rows of a counted class without a gene symbol (empty, Unknown, ?) */
    long filtered;          /* rows dropped by filter= (compared in any case: PASS, pass) */
    long dropped_rows;      /* rows of dropped (non-primary) samples */
    size_t samples;         /* distinct Tumor_Sample_Barcode values */
    size_t rows;            /* rows of the table (patients or samples) */
    size_t no_mutation;     /* rows with no counted variant (sequenced, not mutated) */
    size_t genes_seen;      /* genes with a counted variant */
    size_t genes_kept;      /* of those, mutated in at least min rows */
    StrList dropped;        /* samples dropped by sample=primary, as "BARCODE (recurrent tumour)" */
    size_t merged;          /* patients whose several primary samples were merged */
    StrList warnings;       /* things the user must know (quoting) */
} MafReport;

/* The default list of non-synonymous classes (maftools' vc_nonSyn). */
extern const char *const MAF_NONSYNONYMOUS[];
extern const size_t MAF_NNONSYNONYMOUS;

/* Load path.  The table has the key column (patient, or sample with
 * SAMPLE_ALL), one 0/1 column per kept gene (most mutated first) and a
 * metadata column mutation_count (counted variants per row).  Returns NULL
 * with a message in err (or *cancelled set). */
Table *maf_load(const char *path, const MafOpts *o, MafReport *rep, Buf *err, int *cancelled);
void maf_report_free(MafReport *r);
#endif
