/* save.h — write a table as CSV or TSV, whole or not at all. */
#ifndef RGX_SAVE_H
#define RGX_SAVE_H
#include <signal.h>
#include "io/table.h"

/* Write t to path: tab-separated when path ends in .tsv/.txt/.tab, else
 * comma-separated; missing values as NA; numbers with enough digits to
 * read back exactly.  The data go to a temporary file beside path, which
 * is renamed over path only when complete, so an existing file is either
 * replaced whole or left untouched.  Returns 0, -1 on error (message in
 * err), -2 when cancelled. */
int table_save(const Table *t, const char *path, volatile sig_atomic_t *cancel, Buf *err);
#endif
