/* load_gmt.h — gene sets: `load genesets FILE.gmt` (GMT, as MSigDB,
 * Reactome, WikiPathways and Enrichr export it; plain or gzip), and the
 * gene-set table it makes, read back as index lists against the genes of
 * an expression table (for score and enrich).
 *
 * A GMT line is NAME<TAB>DESCRIPTION<TAB>GENE<TAB>GENE…  The table has one
 * row per set: set (the key), n_genes (after duplicates are dropped),
 * genes (the genes, separated by single spaces, in the file's order) and
 * description.  Any table with the text columns set and genes (a saved
 * and reloaded one) is read back the same way.  Genes are matched
 * case-sensitively, as MSigDB writes them (symbols or Entrez IDs alike). */
#ifndef RGX_LOAD_GMT_H
#define RGX_LOAD_GMT_H
#include <stddef.h>
#include "io/table.h"

typedef struct GmtReport {
    size_t sets;            /* sets in the table */
    size_t min_size, max_size;  /* genes per set (after duplicates were dropped) */
    size_t lines;           /* lines read (blank ones included) */
    size_t dup_genes;       /* genes repeated within a set, dropped */
    size_t dup_gene_sets;   /* the sets that had them */
    char *dup_first;        /* the first such set and gene ("SET: GENE"), or NULL */
    size_t dup_names;       /* sets whose name repeats an earlier set's */
    size_t weights;         /* genes written GENE,WEIGHT (Enrichr), the weight dropped */
    size_t spaced;          /* entries holding a space (no gene symbol or ID has one), left out */
    StrList spaced_first;   /* the first few of them, distinct */
    size_t malformed;       /* lines that are no gene set (no tab, no name, no gene) */
    StrList warnings;       /* "LINE: message" (without the path), the first few of each kind */
    int gzip;               /* the file was gzip-compressed */
} GmtReport;

/* Read path into a new table called name.  Returns NULL with a message in
 * err ("FILE: …", "FILE:LINE: …") when the file cannot be read or holds no
 * gene set. */
Table *gmt_load(const char *path, const char *name, GmtReport *rep, Buf *err);
void gmt_report_free(GmtReport *r);

/* A set table read against a list of genes (the universe). */
typedef struct GeneSetMap {
    size_t nsets;           /* rows of the set table */
    char **name;            /* each set's name (borrowed from the table) */
    size_t *total;          /* its genes in the table */
    size_t *start;          /* nsets + 1 offsets into idx (stats/gsva.h's GsSets layout) */
    size_t *idx;            /* the genes present, as indices into the universe, in the set's order */
    size_t *ci;             /* genes present when case is ignored */
    size_t nnumeric;        /* genes of all sets that are whole numbers (Entrez IDs) */
    size_t ngenes;          /* genes of all sets (a gene in two sets counts twice) */
    size_t ndistinct;       /* distinct genes of the sets */
    size_t nfound;          /* of those, in the universe */
} GeneSetMap;

/* Is t a gene-set table (text columns set and genes)? */
int geneset_table(const Table *t);
/* Read set table t against the n genes names[] (duplicates in names: the
 * first counts).  Returns 0, or -1 with a message in err. */
int geneset_map(const Table *t, const char *const *names, size_t n, GeneSetMap *m, Buf *err);
void geneset_map_free(GeneSetMap *m);
/* The genes of row i of set table t, split (appended to out). */
void geneset_genes(const Table *t, size_t i, StrList *out);
#endif
