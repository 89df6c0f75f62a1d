/* stats.h — what stats/ needs from the process, set up by stats/ itself.
 *
 * GSL reports a domain error (a t distribution with NaN degrees of
 * freedom — Welch's test on values near 1e200 gives one —, a negative
 * chi-squared df, a 0 × n matrix view, an allocation that failed) by
 * calling its error handler, and the default handler aborts the process.
 * stats/ never wants that: it checks every GSL status and maps a failure
 * to NaN or an error code, as its headers say.  It must also not rely on
 * the program to have switched the handler off (rgx's main() does; a unit
 * test, a fuzz driver or another program linking stats/ need not).
 *
 * The choice: turn the handler off, once, from stats/ itself, rather than
 * guard every GSL call against every input GSL would refuse — those
 * domains are GSL's internals (gsl_cdf_tdist_Q(1, NaN) fails deep inside
 * gamma.c), and a guard missed is an abort.  Every public stats/ function
 * that can reach a GSL error calls stats_init() first; it runs its body
 * once per process (pthread_once), so it is cheap, and safe from any
 * thread.  The handler is set once and never toggled: gsl_set_error_handler
 * swaps one process-global pointer, and switching it around a call would
 * race with GSL calls in other threads.  Only GSL's default (abort) is
 * replaced: a handler the program installed before the first stats/ call
 * is kept (the program then answers for it returning). */
#ifndef RGX_STATS_H
#define RGX_STATS_H

/* Make GSL errors return to the caller (see above).  Idempotent. */
void stats_init(void);
#endif
