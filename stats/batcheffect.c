/* batcheffect.c — see batcheffect.h. */
#include "stats/batcheffect.h"
#include <math.h>
#include "stats/groups.h"

void batch_effect(const double *const *before, const double *const *after, size_t p, size_t n, const size_t *batch,
                  size_t nbatch, int anova, double *pb, double *pa, unsigned char *worse, BatchEffect *e) {
    GroupTestKind kind = anova ? GROUP_ANOVA : GROUP_KRUSKAL;
    *e = (BatchEffect){0};
    for (size_t f = 0; f < p; f++) {
        pb[f] = group_test(kind, before[f], batch, n, nbatch).p;
        pa[f] = group_test(kind, after[f], batch, n, nbatch).p;
        if (!isnan(pb[f])) {
            e->tested++;
            e->sig_before += pb[f] < 0.05;
            e->sig_after += pa[f] < 0.05;
        }
        int w = pb[f] >= 0.05 && pa[f] < 0.05;
        e->worse += w;
        if (worse) worse[f] = (unsigned char)w;
    }
}
