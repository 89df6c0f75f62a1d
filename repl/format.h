/* format.h — the one number formatter and the text-table printer. */
#ifndef RGX_FORMAT_H
#define RGX_FORMAT_H
#include <stddef.h>
#include "io/numfmt.h"
#include "io/table.h"
#include "repl/session.h"

/* fmt_num, fmt_p: the one number formatter, in io/numfmt.h (plots/ uses it too). */

/* Print rows × cols of t as an aligned text table (numbers right-aligned,
 * text left, NA for missing), numbers with the session's digits.
 * rows/cols NULL = all.
 *
 * The terminal rule (the guide's "Tables at the terminal"): in scripts,
 * pipes and saved files no name or cell is ever cut.  At the prompt, with
 * the output a terminal (table_fit_width), a table wider than the terminal
 * is printed in blocks of columns that fit, the first column repeated at
 * the left of each when it is the key or text (as R prints a wide
 * data.frame); a name or text cell wider than its share of the width is shown
 * as its start, "…" and its end, never two different texts alike
 * (abbreviate_names), and a note under the table says so. */
void print_table(Session *s, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc);
/* The same with digits significant digits (a command's own precision; the
 * session's setting is left alone). */
void print_table_digits(Session *s, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc,
                        int digits);
/* The layout itself, into o, fitted to width columns (0 or less: one
 * block, nothing shortened).  Returns how many distinct texts were shown
 * shortened. */
size_t format_table(Out *o, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc, int digits,
                    int width);
/* The width tables are fitted to: the terminal's columns (at least 20)
 * when s is at the prompt (s->interactive) and its output is a terminal;
 * 0 (never cut) in scripts, with -e, and when the output is a pipe or a
 * file. */
int table_fit_width(const Session *s);
/* Shorten each name v[i] wider than cap[i] code points (at least 5) to its
 * start, "…" and its end (3:2), then lengthen the kept parts of any two
 * different names shown alike until every shown name differs (a name may
 * then be wider than its cap).  out[i] receives each result (malloc'd,
 * the caller frees); v may hold a name twice.  Returns how many were shortened. */
size_t abbreviate_names(const char *const *v, const size_t *cap, size_t n, char **out);

/* Text from data on its way to the terminal: s copied into b with every
 * control character (C0, DEL, and C1 written as UTF-8) replaced by '?', so
 * that no escape sequence in a file reaches the terminal.  Returns b->s
 * (reused: one Buf per string printed at once). */
const char *fmt_text(Buf *b, const char *s);

/* plural_s(n), the plural ending of a count: in io/util.h (plots/ uses it too). */
#endif
