/* table.h — the table model (DESIGN.md "The data model").
 *
 * A table is a list of named, typed columns of equal length.  Numeric
 * columns hold doubles with NaN as missing; text columns hold owned
 * strings with NULL as missing.  Every column remembers the table it came
 * from (origin), so expr.EGFR and mut.EGFR stay distinct after a join.
 * One column may be the row key (the patient ID), indexed by a hash map.
 *
 * Storage of a numeric column (manual/guide.md, "Memory"): dense (num: a
 * double per row), compact (u8: a whole number 0..254 per row, COL_U8_NA
 * for missing — a mutation table's 0/1 columns, 1 byte a value instead of
 * 8) or computed (src: a column of a source shared by many columns — a
 * consensus matrix's columns, each value count/draws worked out from the
 * resamples' labels when asked).  For a compact or computed column, num is
 * a cache: NULL until a reader asks for the doubles, filled by table_num()
 * — and by table_find() and command_columns(), so that a column a command
 * resolved by name or selector can be read as num[i] as always — and freed
 * after each command (table_drop_caches), so that a table of 20,000 such
 * columns stays compact between commands.  Code that walks columns by
 * position (every column of a table) reads values through table_val() or
 * table_num(), never num directly.  A cache a command wrote into is kept as
 * the column's dense storage (table_drop_caches compares), so an edit in
 * place is never lost. */
#ifndef RGX_TABLE_H
#define RGX_TABLE_H
#include <stddef.h>
#include <stdint.h>
#include "io/lineage.h"
#include "io/util.h"

typedef enum { COL_NUM, COL_STR } ColType;

#define COL_U8_NA 255   /* a missing value in a compact column */

/* The source of computed columns: one object (embedded first in the
 * owner's struct) behind many columns, freed with the last of them. */
typedef struct ColSource {
    void (*fill)(const struct ColSource *src, size_t col, double *out, size_t nrow);   /* column col, all rows */
    double (*value)(const struct ColSource *src, size_t col, size_t row);               /* one value */
    void (*destroy)(struct ColSource *src);                                             /* the last reference went */
    size_t refs;            /* columns holding it (table_add_computed adds one) */
} ColSource;

typedef struct Column {
    char *name;         /* column name as shown */
    char *origin;       /* table the column came from */
    ColType type;       /* COL_NUM or COL_STR */
    double *num;        /* COL_NUM: nrow values, NaN = missing; for a compact or computed column a cache (see above) */
    char **str;         /* COL_STR: nrow owned strings, NULL = missing */
    int meta;           /* 1 = metadata (e.g. diagnostics_*): not a feature */
    char *unit;         /* unit of the values ("days", "months"), or NULL */
    uint8_t *u8;        /* compact COL_NUM: nrow values 0..254, COL_U8_NA = missing; NULL otherwise */
    ColSource *src;     /* computed COL_NUM: column src_col of src (one reference); NULL otherwise */
    size_t src_col;     /* which of src's columns */
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
/* A compact numeric column (takes vals: nrow bytes, COL_U8_NA = missing). */
long table_add_u8(Table *t, const char *name, const char *origin, uint8_t *vals);
/* A computed numeric column: column col of src (adds a reference; on
 * failure too the caller's reference is untouched). */
long table_add_computed(Table *t, const char *name, const char *origin, ColSource *src, size_t col);

/* Column j's values as nrow doubles (NaN = missing): a dense column's own
 * array, a compact or computed column's cache (filled now when empty; valid
 * until table_drop_caches).  Aborts when out of memory, as xmalloc. */
const double *table_num(const Table *t, size_t j);
/* The same for a command that writes into the values: the column is made
 * dense for good (its compact form or source dropped). */
double *table_num_rw(Table *t, size_t j);
/* The value of row i of numeric column j, whatever its storage. */
double table_val(const Table *t, size_t i, size_t j);
/* Is column j stored other than as doubles (compact or computed)? */
int column_is_lazy(const Column *c);
/* Free the caches of compact and computed columns; a cache whose values
 * differ from the stored ones (a command edited it) becomes the column's
 * dense storage instead. */
void table_drop_caches(Table *t);
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
 * column index; -1 when not found, -2 when ambiguous.  A numeric column
 * found has num filled (table_num). */
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
