/* ids.h — patient IDs that do not meet: why a join matched no patient
 * (io/idshape.h) and recode, which fixes a value such as one bad ID
 * (repl/cmd_ids.c). */
#ifndef RGX_IDS_H
#define RGX_IDS_H
#include "repl/session.h"

/* After a join of ts[0..n-1]: when two of them share no patient, a warning
 * saying why (the IDs' shapes) and what would make them meet. */
void join_warn_idshape(Session *s, Table *const *ts, size_t n);
#endif
