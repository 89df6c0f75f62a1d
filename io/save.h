/* save.h — write a table as CSV or TSV, whole or not at all. */
#ifndef RGX_SAVE_H
#define RGX_SAVE_H
#include <signal.h>
#include <stdio.h>
#include "io/table.h"

/* Write t to path: tab-separated when path ends in .tsv/.txt/.tab, else
 * comma-separated; missing values as NA; numbers with enough digits to
 * read back exactly.  The data go to a temporary file beside path, which
 * is renamed over path only when complete, so an existing file is either
 * replaced whole or left untouched.  Returns 0, -1 on error (message in
 * err), -2 when cancelled. */
int table_save(const Table *t, const char *path, volatile sig_atomic_t *cancel, Buf *err);

/* The pieces, for writers that stream rows (corr save=): the separator
 * for a path (tab for .tsv/.txt/.tab, else comma), a text field quoted
 * when needed (NULL as NA), a number in the fewest digits that read back
 * exactly (NaN as NA). */
int save_separator(const char *path);
void save_field(FILE *f, const char *s, int sep);
void save_number(FILE *f, double x);
/* The same appended to a line being built (a writer makes a row in memory
 * and writes it at once: ten times fewer stdio calls). */
void save_field_buf(Buf *b, const char *s, int sep);
void save_number_buf(Buf *b, double x);
#endif
