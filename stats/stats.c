/* stats.c — see stats.h. */
#include "stats/stats.h"
#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void) {
    gsl_error_handler_t *prev = gsl_set_error_handler_off();
    if (prev) gsl_set_error_handler(prev);   /* the program's own handler: kept */
}

void stats_init(void) {
    pthread_once(&init_once, init);
}
