/* select.h — column selectors: a comma list of references and globs
 * (rad.original_glcm_*, expr.*, mut.EGFR,mut.KRAS). */
#ifndef RGX_SELECT_H
#define RGX_SELECT_H
#include "io/table.h"

/* Resolve selector against t into column indices (order of the selector,
 * no repeats).  Globs match the name, "origin.name" or "table.name" and skip the key
 * column and metadata columns (unless the glob names diagnostics_*).
 * Returns the number of columns (*out malloc'd, caller frees), or -1 with
 * a message in err when a part matches nothing. */
long table_select(const Table *t, const char *selector, size_t **out, Buf *err);
#endif
