/* format.h — the one number formatter and the text-table printer. */
#ifndef RGX_FORMAT_H
#define RGX_FORMAT_H
#include <stddef.h>
#include "io/numfmt.h"
#include "io/table.h"
#include "repl/session.h"

/* fmt_num, fmt_p: the one number formatter, in io/numfmt.h (plots/ uses it too). */

/* Print rows × cols of t as an aligned text table (numbers right-aligned,
 * text left, NA for missing).  rows/cols NULL = all. */
void print_table(Session *s, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc);

/* Text from data on its way to the terminal: s copied into b with every
 * control character (C0, DEL, and C1 written as UTF-8) replaced by '?', so
 * that no escape sequence in a file reaches the terminal.  Returns b->s
 * (reused: one Buf per string printed at once). */
const char *fmt_text(Buf *b, const char *s);
#endif
