/* genesets.h — what `load genesets`, `score` and `enrich` share in repl/:
 * the gene-set argument with its size limits, the genes of an expression
 * table, and the report of how the sets met those genes. */
#ifndef RGX_GENESETS_H
#define RGX_GENESETS_H
#include "io/load_gmt.h"
#include "repl/args.h"
#include "repl/progress.h"
#include "repl/session.h"

/* The default sizes of a set, after its genes are matched (GSVA's min.sz
 * and max.sz as rgx sets them). */
#define GS_MIN_DEFAULT 5
#define GS_MAX_DEFAULT 500

/* load genesets FILE: the kind of repl/cmd_load.c's load_run. */
int load_genesets_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar);

/* The gene-set table called name for cmd (refused with a message when it
 * is not one), and the sizes to use: min=/max= of the command, else those
 * `load genesets` was given, else 5 and 500.  NULL after an error. */
Table *geneset_arg(Session *s, Args *a, const char *cmd, const char *name, long *min, long *max);

/* The gene columns of expression table t: genes=SELECTOR when given,
 * else every numeric column but the key and metadata; a table joining
 * several origins must say which (genes=expr.*).  Returns the count and
 * *cols (caller frees), or -1 after the error. */
long gene_columns(Session *s, const char *cmd, const Table *t, const char *selector, size_t **cols);

/* Which sets of m are used (min <= genes present <= max) into use[], and
 * the report of how the sets met the genes of where ("expr", "the 840
 * genes of map"): genes found per set, the sets left out by size (named),
 * and a hint when matching ignoring case, or Entrez IDs against symbols,
 * would have found more.  names: the universe (n genes).  Returns the
 * number of sets used. */
size_t geneset_use(Session *s, const char *sets_name, const char *where, const GeneSetMap *m,
                   const char *const *names, size_t n, long min, long max, unsigned char *use);

/* The part table NAME.sets of a result: set n_genes present used. */
Table *geneset_part(const char *name, const GeneSetMap *m, long min, long max, const unsigned char *use);
#endif
