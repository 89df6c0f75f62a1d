/* progress.c — see progress.h. */
#include "repl/progress.h"
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_start(Progress *p, Session *s, const char *label) {
    p->s = s;
    p->label = label;
    p->start = p->last = now();
    p->shown = 0;
}

void progress_update(Progress *p, double frac) {
    if (!p->s || !p->s->tty_err || !p->s->err.fp) return;
    double t = now();
    /* nothing for short work; then ten redraws a second */
    if (t - p->start < 0.5 || t - p->last < 0.1) return;
    p->last = t;
    if (frac < 0) frac = 0;
    if (frac > 1) frac = 1;
    char bar[31];
    int full = (int)(frac * 30 + 0.5);
    for (int i = 0; i < 30; i++) bar[i] = i < full ? '#' : '.';
    bar[30] = '\0';
    double eta = frac > 0.01 ? (t - p->start) * (1 - frac) / frac : -1;
    if (eta >= 0) fprintf(p->s->err.fp, "\r%s [%s] %3d%%  %.0f s left ", p->label, bar, (int)(frac * 100), eta);
    else fprintf(p->s->err.fp, "\r%s [%s] %3d%% ", p->label, bar, (int)(frac * 100));
    fflush(p->s->err.fp);
    p->shown = 1;
}

void progress_end(Progress *p) {
    if (p->shown && p->s->err.fp) {
        fprintf(p->s->err.fp, "\r%*s\r", 70, "");
        fflush(p->s->err.fp);
    }
    p->shown = 0;
}

void progress_callback(void *ctx, double frac) { progress_update(ctx, frac); }
