/* idshape.h — why tables share no patient: the shapes of their IDs
 * ("02-0003" against "TCGA-02-0003") and the change that would make them
 * meet, for the join report. */
#ifndef RGX_IDSHAPE_H
#define RGX_IDSHAPE_H
#include "io/table.h"

/* When two of the tables ts[0..n-1] have no key in common, as the join
 * compares them (TCGA barcodes as patients, other IDs as they are), say
 * why into why: an example ID of each, and the first rule that makes
 * their IDs meet, with how many would — a prefix one lacks ("load it with
 * idprefix=TCGA-"), letter case, '.' or '_' for '-', leading zeros, a
 * suffix after the ID — or that none does.  When every pair shares keys
 * but no key is in all n tables, says that.  Tables without a key column
 * are skipped.  Returns 1 when it wrote an explanation, 0 when the
 * tables share a key (nothing to explain). */
int idshape_explain(Table *const *ts, size_t n, Buf *why);
#endif
