/* join.h — align tables on the patient. */
#ifndef RGX_JOIN_H
#define RGX_JOIN_H
#include "io/table.h"

typedef struct JoinReport {
    size_t ntab;            /* tables joined */
    size_t *keys;           /* per table: distinct patients */
    size_t *dups;           /* per table: rows whose patient repeats (the first row is used) */
    size_t *left_out;       /* per table: its patients not in the result */
    StrList *left_ids;      /* per table: the first few of them */
    size_t *no_data;        /* per table (how=left): result patients it has no row for */
    size_t rows;            /* patients in the result */
} JoinReport;

/* Join tables ts[0..n-1] on their key columns, compared as TCGA patients
 * (TCGA-02-0003-01A and tcga.02.0003 meet; other IDs as they are).  how:
 * inner (patients in every table) or left (every patient of the first).
 * The result has the key column "patient" and every other column of each
 * table, keeping its origin.  Returns NULL with a message in err. */
Table *table_join(Table *const *ts, size_t n, const char *name, int left, JoinReport *rep, Buf *err);
void join_report_free(JoinReport *r);
#endif
