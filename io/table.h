/* table.h — the table model (DESIGN.md "The data model").
 *
 * A table is a list of named, typed columns of equal length.  Numeric
 * columns hold doubles with NaN as missing; text columns hold owned
 * strings with NULL as missing.  Every column remembers the table it came
 * from (origin), so expr.EGFR and mut.EGFR stay distinct after a join.
 * One column may be the row key (the patient ID), indexed by a hash map. */
#ifndef RGX_TABLE_H
#define RGX_TABLE_H
#include <stddef.h>
#include "io/lineage.h"
#include "io/util.h"

typedef enum { COL_NUM, COL_STR } ColType;

typedef struct Column {
    char *name;         /* column name as shown */
    char *origin;       /* table the column came from */
    ColType type;       /* COL_NUM or COL_STR */
    double *num;        /* COL_NUM: nrow values, NaN = missing */
    char **str;         /* COL_STR: nrow owned strings, NULL = missing */
    int meta;           /* 1 = metadata (e.g. diagnostics_*): not a feature */
    char *unit;         /* unit of the values ("days", "months"), or NULL */
} Column;

typedef struct Table {
    char *name;         /* session name */
    char *source;       /* where it came from: a file path or a command */
    size_t nrow;        /* rows */
    size_t ncol;        /* columns */
    size_t capcol;      /* column slots allocated */
    Column *cols;       /* the columns */
    long id;            /* index of the key column, -1 for none */
    StrMap index;       /* key value → first row (keys borrowed from the column) */
    size_t ndup;        /* rows whose key repeats an earlier row's key */
    Lineage lineage;    /* the files its data came from (provenance, io/lineage.h) */
    unsigned long serial;   /* a number no other table of the process has (set by table_new) */
} Table;

/* A new empty table with nrow rows.  Returns NULL when out of memory. */
Table *table_new(const char *name, const char *source, size_t nrow);
void table_free(Table *t);

/* Append a column.  Takes ownership of vals (nrow values) on success and on
 * failure.  Returns the column index, or -1 when out of memory. */
long table_add_num(Table *t, const char *name, const char *origin, double *vals);
long table_add_str(Table *t, const char *name, const char *origin, char **vals);
/* Set column j's unit (copied; NULL clears it). */
void column_set_unit(Table *t, size_t j, const char *unit);
/* Remove column j (the key column index is kept up to date). */
void table_drop_col(Table *t, size_t j);

/* Use column j (a text column) as the key and build its index; returns the
 * number of rows whose key repeats an earlier one (also in t->ndup). */
size_t table_set_id(Table *t, long j);
/* Row of the first row with key id, or -1. */
long table_row_of(const Table *t, const char *id);

/* Column lookup by reference: "col", or "table.col" (the whole name is
 * tried first, since names such as OS.time contain dots).  Returns the
 * column index; -1 when not found, -2 when ambiguous. */
long table_find(const Table *t, const char *ref);
/* Like table_find, but on failure writes a message that says what to do
 * ("unknown column 'EGFRR' in table expr (did you mean EGFR?)") into err. */
long table_find_err(const Table *t, const char *ref, Buf *err);

/* The display name of column j: "origin.name" when another column of the
 * table has the same name, else the name.  Writes into b (reset first). */
const char *table_col_label(const Table *t, size_t j, Buf *b);

/* The display names of columns cols[0..n-1] (all when cols is NULL),
 * appended to out, in O(columns) rather than table_col_label's O(columns)
 * per label. */
void table_col_labels(const Table *t, const size_t *cols, size_t n, StrList *out);

/* A deep copy of the given rows and columns (all when rows/cols is NULL),
 * named name, with t's lineage.  The key column is kept when among the copied columns.
 * Returns NULL when out of memory. */
Table *table_subset(const Table *t, const char *name, const size_t *rows, size_t nr,
                    const size_t *cols, size_t nc);

/* Text of cell (i, j) for display/saving: NULL for missing text; numbers
 * are written with digits significant digits (17 = round-trip exact). */
const char *table_cell_text(const Table *t, size_t i, size_t j, int digits, char *tmp, size_t tmplen);

/* x in the fewest significant digits (15 to 17) that read back as x;
 * "Inf"/"-Inf"; NULL for NaN. */
const char *number_exact(double x, char *tmp, size_t tmplen);

/* Number of missing values in column j. */
size_t column_missing(const Table *t, size_t j);
#endif
