/* interactive.h — the readline prompt: history, completion, Ctrl-C. */
#ifndef RGX_INTERACTIVE_H
#define RGX_INTERACTIVE_H
#include "repl/session.h"

/* Install the signal handlers: SIGINT sets the session's cancel flag;
 * SIGTERM and SIGHUP remove the live temporary files (io/atomic.h) and
 * then end rgx as the signal would (unless they were ignored when rgx
 * started, as under nohup); SIGXFSZ is ignored, so that a write over a
 * file-size limit fails with "File too large". */
void signals_install(Session *s);
/* Run the prompt until quit or end of input.  Returns 0. */
int interactive_loop(Session *s, int banner);
#endif
