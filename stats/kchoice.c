/* kchoice.c — see kchoice.h. */
#include "stats/kchoice.h"
#include <math.h>
#include <stdlib.h>

int consensus_choose_k(const ConsensusFit *f, double min_frac, double flat, KChoice *c) {
    *c = (KChoice){0};
    c->pac_min = c->pac_max = NAN;
    if (!(min_frac >= 0 && min_frac < 1) || !(flat >= 0)) return -5;
    c->nk = f->nk;
    c->smallest = calloc(f->nk ? f->nk : 1, sizeof *c->smallest);
    size_t *cnt = calloc(f->kmin + f->nk + 1, sizeof *cnt);
    if (!c->smallest || !cnt) { free(cnt); return -1; }
    double need = ceil(min_frac * (double)f->n);
    c->min_size = need > 2 ? (size_t)need : 2;
    double best = INFINITY, lowest = INFINITY;
    size_t nvalid = 0;
    for (size_t q = 0; q < f->nk; q++) {
        size_t k = f->kmin + q;
        for (size_t g = 0; g <= k; g++) cnt[g] = 0;
        for (size_t i = 0; i < f->n; i++) {
            int cl = f->k[q].classes[i];
            if (cl >= 1 && (size_t)cl <= k) cnt[cl]++;
        }
        size_t small = f->n;
        for (size_t g = 1; g <= k; g++)
            if (cnt[g] < small) small = cnt[g];
        c->smallest[q] = small;
        double pac = f->k[q].pac;
        if (isnan(pac)) continue;
        nvalid++;
        if (isnan(c->pac_max) || pac > c->pac_max) c->pac_max = pac;
        if (isnan(c->pac_min) || pac < c->pac_min) c->pac_min = pac;
        /* as consensus_run's best_k: among ties (within 1e-12) the larger k */
        if (pac <= lowest + 1e-12) { lowest = pac < lowest ? pac : lowest; c->lowest_pac_k = k; }
        if (small >= c->min_size && pac <= best + 1e-12) { best = pac < best ? pac : best; c->k = k; }
    }
    c->flat = nvalid >= 2 && c->pac_max - c->pac_min < flat;
    free(cnt);
    return 0;
}

void kchoice_free(KChoice *c) {
    if (!c) return;
    free(c->smallest);
    c->smallest = NULL;
}
