/* progress.h — a progress bar on stderr for long work, shown only when
 * stderr is a terminal, redrawn at most ten times a second. */
#ifndef RGX_PROGRESS_H
#define RGX_PROGRESS_H
#include "repl/session.h"

typedef struct Progress {
    Session *s;         /* whose stderr */
    const char *label;  /* what is running ("load", "consensus") */
    double last;        /* time of the last redraw (s) */
    double start;       /* when it started (s) */
    int shown;          /* something was drawn (so erase it at the end) */
} Progress;

void progress_start(Progress *p, Session *s, const char *label);
/* Report a fraction done, 0..1.  Cheap to call often. */
void progress_update(Progress *p, double frac);
/* Erase the bar. */
void progress_end(Progress *p);
/* progress_update as a plain callback (ctx is a Progress *), for io/ and stats/. */
void progress_callback(void *ctx, double frac);
#endif
