/* select.h — column selectors: a comma list of references and globs
 * (rad.original_glcm_*, expr.*, mut.EGFR,mut.KRAS). */
#ifndef RGX_SELECT_H
#define RGX_SELECT_H
#include "io/table.h"

/* Resolve selector against t into column indices (order of the selector,
 * no repeats).  A glob without a dot matches column names only; one with
 * a dot also matches "origin.name" and "table.name" (clin.*).  Globs skip
 * the key column and metadata columns (unless the glob names
 * diagnostics_* or general_info_*).
 * Returns the number of columns (*out malloc'd, caller frees), or -1 with
 * a message in err when a part matches nothing. */
long table_select(const Table *t, const char *selector, size_t **out, Buf *err);
#endif
