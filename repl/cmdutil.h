/* cmdutil.h — small pieces the command handlers share. */
#ifndef RGX_CMDUTIL_H
#define RGX_CMDUTIL_H
#include "io/table.h"
#include "repl/args.h"
#include "repl/session.h"
#include "stats/padjust.h"

/* Is name usable as a table name?  Reports why not (as cmd). */
int valid_table_name(Session *s, const char *cmd, const char *name);
/* Store a new plain table (session_store), saying what it replaced: a
 * table, or a result whole. */
void store_table(Session *s, Table *t);
/* A new result of kind (static) with main table t (taken), made by the
 * command a: its text, and its parameters begun with the keywords taken
 * (in=T, by=GROUP, with=Y, as=NAME…) and every option given, as typed.
 * The handler adds its inputs by name (result_param(r, "time", …)) and the
 * defaults it resolved, then its parts (result_add), then store_unit. */
Result *command_result(const Args *a, const char *kind, Table *t);
/* Store result r (taken) with all its parts — the one way a command
 * stores a result (session_store_result) — saying what it replaced. */
void store_unit(Session *s, Result *r);
/* Store t (taken), named R.PART, as a part of the existing result R,
 * saying what it replaced.  Returns 0, or -1 (t freed) when R is not a
 * result. */
int store_part(Session *s, const char *result, Table *t);
/* The result called name for cmd, of one of kinds ('|' list; NULL: any):
 * NULL after "cmd: no table 'x'…", "cmd: x is a table, not a result", or
 * "cmd: x is a cox result; cmd takes a km result". */
Result *command_result_of(Session *s, const char *cmd, const char *name, const char *kinds);
/* Store the result o of a command run on table t: silently when it
 * replaces t itself (filter/select without `as`), else as store_table. */
void store_result(Session *s, const Table *t, Table *o);
/* The columns a command works on: those of SELECTOR when given (else
 * every column but the key and metadata columns).  Returns the count and *cols (caller frees),
 * or -1 after reporting the error as cmd.  Numeric columns have num
 * filled (compact and computed ones too, io/table.h). */
long command_columns(Session *s, const char *cmd, const Table *t, const char *selector, size_t **cols);
/* The table a command works on: `in T`, else T of a T.col reference, else
 * the one table that has the column (reports the error as cmd). */
Table *command_table(Session *s, const char *cmd, const char *in, const char *ref);
/* Groups of column j for `by GROUP`: the sorted levels of a text column,
 * or the distinct values of a numeric one (at most 12; named "COL = v").
 * gid[i] gets the level of row i (GROUP_NONE_IDX when missing).  Returns 0,
 * or -1 after reporting (as cmd). */
#define GROUP_NONE_IDX ((size_t)-1)
int command_groups(Session *s, const char *cmd, const Table *t, long j, size_t *gid, StrList *names);
/* The grouping column ref of t for cmd (screen's "by GROUP", assoc's
 * GROUP): found (errors say "cmd: LABELunknown column …"), its groups in
 * *gid (t->nrow entries, allocated) and names, at least two of them.
 * Returns the column, or -1 after the message (nothing left allocated). */
long command_grouping(Session *s, const char *cmd, const Table *t, const char *ref, const char *label, size_t **gid,
                      StrList *names);
/* adjust=bh|by|bonferroni|holm|hochberg|hommel|none (default bh) as an
 * AdjustMethod (stats/padjust.h), and its name. */
int adjust_option(Args *a);
const char *adjust_name(int m);
/* The count of tests expected at p < 0.05 by chance alone (0.05 × tests)
 * as text: "0.15", "1.85", "61.7", "1000" — never "0" for 3 tests. */
const char *chance_count(size_t tests, char *buf, size_t len);
/* Print the first rows (at most max) of a result table with at most 4
 * significant digits: the summary a command shows before storing it. */
void print_head(Session *s, const Table *o, size_t max);
/* Order of p-values for qsort of indices: smallest first, NaN last. */
int cmp_pvalue(double a, double b);
/* Result rows by p (NaN last), then by column position: the order of the
 * screen and assoc tables. */
int cmp_p_then_col(double pa, size_t ca, double pb, size_t cb);
/* The EVENT column j of a survival command (km, cox, cutpoint), read as
 * R's Surv(time, event) does: 0/1, 1/2 (2 = event) or TRUE/FALSE (numbers,
 * or text as read.csv's logical); see surv_event_code.  *event gets n
 * values 0/1/NaN (caller frees); *note (caller frees) a line saying which
 * coding was read when it is not plain 0/1, else NULL.  Returns 0, or -1
 * after an error naming the values. */
int command_event(Session *s, const char *cmd, const Table *t, long j, double **event, char **note);
/* Strata (or clusters) from the columns of selector: rows with equal
 * values in all of them share a stratum; idx[i] (t->nrow entries) gets its
 * index in order of appearance, GROUP_NONE_IDX when a value is missing;
 * names gets "COL=v" or "A=x, B=y" per stratum.  Returns the number of
 * strata, or -1 after reporting (as cmd). */
long command_strata(Session *s, const char *cmd, const Table *t, const char *selector, size_t *idx, StrList *names);
/* Report a failed p-value adjustment of a family of n p-values, as cmd:
 * arc -2 (stats/padjust.h: adjust=hommel beyond PADJ_HOMMEL_MAX), else
 * out of memory. */
void adjust_error(Session *s, const char *cmd, int arc, size_t n);
/* Adjust a family of n result rows (each size bytes, at rows): the p-value
 * at byte offset p_off of each row, its adjusted p written at q_off
 * (p_adjust_family by method adjm, the counts into *f).  Returns 0, or -1
 * after adjust_error (the rows' q untouched). */
int adjust_rows(Session *s, const char *cmd, void *rows, size_t n, size_t size, size_t p_off, size_t q_off, int adjm,
                PFamily *f);
#endif
