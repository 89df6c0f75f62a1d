/* lineage.c — see lineage.h. */
#include "io/lineage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/util.h"

void lineage_add_input(Lineage *l, const char *path, unsigned long long size, const char *sha256) {
    for (size_t i = 0; i < l->nin; i++)
        if (!strcmp(l->in[i].path, path) && !strcmp(l->in[i].sha256, sha256)) return;
    l->in = xrealloc(l->in, (l->nin + 1) * sizeof *l->in);
    InputFile *f = &l->in[l->nin++];
    f->path = xstrdup(path);
    f->size = size;
    snprintf(f->sha256, sizeof f->sha256, "%s", sha256);
}

void lineage_add_seeded(Lineage *l, const char *command, long seed) {
    for (size_t i = 0; i < l->nseeded; i++)
        if (l->seeded[i].seed == seed && !strcmp(l->seeded[i].command, command)) return;
    l->seeded = xrealloc(l->seeded, (l->nseeded + 1) * sizeof *l->seeded);
    l->seeded[l->nseeded++] = (SeededStep){xstrdup(command), seed};
}

void lineage_merge(Lineage *dst, const Lineage *src) {
    if (dst == src) return;
    for (size_t i = 0; i < src->nin; i++) lineage_add_input(dst, src->in[i].path, src->in[i].size, src->in[i].sha256);
    for (size_t i = 0; i < src->nseeded; i++) lineage_add_seeded(dst, src->seeded[i].command, src->seeded[i].seed);
}

void lineage_clear(Lineage *l) {
    for (size_t i = 0; i < l->nin; i++) free(l->in[i].path);
    free(l->in);
    for (size_t i = 0; i < l->nseeded; i++) free(l->seeded[i].command);
    free(l->seeded);
    memset(l, 0, sizeof *l);
}
