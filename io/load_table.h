/* load_table.h — `load table`: a delimited text file into a Table, with
 * per-column type inference (numeric unless a value is not a number). */
#ifndef RGX_LOAD_TABLE_H
#define RGX_LOAD_TABLE_H
#include "io/csvread.h"
#include "io/table.h"

/* sample=: what to do with a key of TCGA sample barcodes that names
 * several samples of one patient (as load expression's sample=). */
enum { TABLE_SAMPLE_PRIMARY, TABLE_SAMPLE_ALL, TABLE_SAMPLE_MEAN };

typedef struct LoadOpts {
    const char *name;               /* table name */
    const char *id;                 /* key column; NULL: guess; "none": no key */
    int sample;                     /* TABLE_SAMPLE_PRIMARY (default): when the key holds TCGA sample
                                       barcodes, keep each patient's first primary tumour sample;
                                       _MEAN: average the numeric columns of its primary samples;
                                       _ALL: keep every row */
    int sep;                        /* separator, 0 to detect */
    const char *const *na;          /* extra missing-value tokens */
    size_t nna;                     /* how many */
    volatile sig_atomic_t *cancel;  /* polled; non-zero stops the load */
    void (*progress)(void *ctx, double frac);   /* told the fraction read, or NULL */
    void *progress_ctx;             /* its context */
    int threads;                    /* worker threads for parsing; 0: one per processor (at most 8) */
} LoadOpts;

typedef struct LoadReport {
    int sep;                /* separator used */
    long comment_lines;     /* '#' lines skipped before the header */
    int rownames;           /* 1: R-style header one field short */
    int bcr_headers;        /* 1: TCGA BCR's second and third header lines were skipped */
    size_t nnum, nstr;      /* numeric and text columns */
    StrList warnings;       /* things the user must know (renamed columns, duplicate IDs) */
    long multiline;         /* quoted fields holding a line break */
    long multiline_first;   /* the line where the first opens */
    int barcodes;           /* 1: the key holds TCGA sample barcodes (sample= applied) */
    StrList dropped;        /* rows dropped by sample=primary|mean, as "BARCODE (solid tissue normal)" */
    long bulk_records;      /* records parsed by the worker threads (bulk mode, io/csvread.h) */
    size_t ndropped;        /* how many */
    size_t averaged;        /* sample=mean: patients whose primary samples were averaged */
} LoadReport;

/* Load path.  Returns the new table, or NULL with the message in err
 * (then nothing was created; rc -2 in *cancelled when interrupted). */
Table *table_load(const char *path, const LoadOpts *o, LoadReport *rep, Buf *err, int *cancelled);
void load_report_free(LoadReport *r);

/* Is s one of the standard missing-value tokens (COMMANDS.md)? */
int is_na_token(const char *s);
/* The same for s[0..n), not NUL-terminated. */
int is_na_token_n(const char *s, size_t n);
/* Parse a whole number token (decimal, exponent, Inf); 1 when s is one. */
int parse_number(const char *s, double *out);
/* A table name made from a file name: basename without extensions,
 * non-identifier characters replaced by '_'.  Caller frees. */
char *table_name_from_path(const char *path);
/* Make names unique as R's make.unique does (x, x.1, x.2); an empty first
 * name becomes id (R's row names), other empty names V2, V3… (by position).  Adds one warning per renamed name. */
void make_names_unique(char **names, size_t n, StrList *warnings);
/* The same, the warning naming what ("feature name") and where ("feature rows"). */
void make_names_unique_as(char **names, size_t n, StrList *warnings, const char *what, const char *where);
#endif
