/* interactive.h — the readline prompt: history, completion, Ctrl-C. */
#ifndef RGX_INTERACTIVE_H
#define RGX_INTERACTIVE_H
#include "repl/session.h"

/* Install the SIGINT handler that sets the session's cancel flag. */
void signals_install(Session *s);
/* Run the prompt until quit or end of input.  Returns 0. */
int interactive_loop(Session *s, int banner);
#endif
