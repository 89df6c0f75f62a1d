/* lineage.h — where a table's data came from (provenance): the files it
 * was read from, followed through every command that made it from other
 * tables (a join of two loads names both files), and the commands that
 * took a random seed on the way (simulate, consensus, bootstraps…).
 *
 * Each table carries one (io/table.h); loaders add their file, with its
 * size and SHA-256 computed while it was read (io/csvread.h); table_subset
 * copies it; the session merges the lineage of the tables a command read
 * into the tables it made or changed (repl/record.c).  Files written by rgx
 * name the inputs of their lineage in their provenance sidecar. */
#ifndef RGX_LINEAGE_H
#define RGX_LINEAGE_H
#include <stddef.h>

typedef struct InputFile {
    char *path;                 /* the path as given to load (relative to where rgx ran) */
    unsigned long long size;    /* its size in bytes when read */
    char sha256[65];            /* the SHA-256 of those bytes, hex */
} InputFile;

typedef struct SeededStep {
    char *command;              /* a command that took a seed, as recorded in the journal */
    long seed;                  /* the seed it used */
} SeededStep;

typedef struct Lineage {
    InputFile *in;              /* the input files, in the order first met (owned) */
    size_t nin;                 /* how many */
    SeededStep *seeded;         /* the seeded commands on the way, in order (owned) */
    size_t nseeded;             /* how many */
} Lineage;

/* Add an input file (a path with the same checksum is there once; the
 * same path with another checksum — the file changed between two loads —
 * is a second input). */
void lineage_add_input(Lineage *l, const char *path, unsigned long long size, const char *sha256);
/* Add a seeded command (once per command text and seed). */
void lineage_add_seeded(Lineage *l, const char *command, long seed);
/* Add everything of src to dst. */
void lineage_merge(Lineage *dst, const Lineage *src);
/* Free the contents; l is empty afterwards. */
void lineage_clear(Lineage *l);
#endif
