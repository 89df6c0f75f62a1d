/* join.h — align tables on the patient (or on the sample). */
#ifndef RGX_JOIN_H
#define RGX_JOIN_H
#include "io/table.h"

typedef struct JoinReport {
    size_t ntab;            /* tables joined */
    size_t *keys;           /* per table: distinct keys (patients, or samples when it is matched by sample) */
    size_t *dups;           /* per table: rows whose key repeats (the first row is used) */
    size_t *left_out;       /* per table: its keys not in the result */
    StrList *left_ids;      /* per table: the first few of them */
    size_t *no_data;        /* per table (how=left): result rows it has no row for */
    unsigned char *by_sample_tab;   /* per table: matched by sample (its keys are TCGA sample barcodes) */
    size_t *not_primary;    /* per table matched on the patient: rows not used because their sample is not a
                               primary tumour, or is a further primary sample of the patient */
    StrList *not_primary_ids;   /* per table: the first few of them, "ID (why)" */
    size_t *no_primary;     /* per table matched on the patient: patients with rows but no primary tumour row
                               (left out of the table's keys) */
    StrList *no_primary_ids;    /* per table: the first few of them */
    int by_sample;          /* 1: the result has one row per sample (two tables or more are keyed by sample) */
    size_t repeated;        /* by sample: patients on several result rows */
    StrList renamed;        /* one line per column renamed origin.name.1 (it would have been unreachable) */
    size_t rows;            /* rows in the result */
} JoinReport;

/* Join tables ts[0..n-1] on their key columns.  Keys are compared as TCGA
 * patients (TCGA-02-0003-01A and tcga.02.0003 meet; other IDs as they
 * are) — except when two tables or more are keyed by TCGA sample barcodes
 * (every key with a sample type, e.g. load expression/mutations
 * sample=all): then those tables are matched on the sample
 * (TCGA-02-0003-01: patient and sample type), so that a recurrence's
 * expression never meets a primary tumour's mutations, the other tables
 * on the patient, and the result has one row per sample (key "sample").
 * A table matched on the patient whose keys carry sample types follows
 * the loaders' sample=primary rule: each patient's first primary tumour
 * row (type 01, or 03 for blood cancers; a key without a type counts as
 * the patient) is used; a normal, a recurrence or a metastasis never is
 * (rep->not_primary lists them), and a patient with no primary row is
 * left out of that table (rep->no_primary).
 * how: inner (keys in every table) or left (every key of the first table;
 * by sample, the first table must be one keyed by sample).  The result
 * has the key column and every other column of each table, keeping its
 * origin; a column whose origin and name repeat one already there is
 * renamed name.1 (as make.unique), and listed in rep->renamed.  Returns
 * NULL with a message in err. */
Table *table_join(Table *const *ts, size_t n, const char *name, int left, JoinReport *rep, Buf *err);
void join_report_free(JoinReport *r);
#endif
