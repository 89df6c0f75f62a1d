/* main.c — rgx's command line (COMMANDS.md "Invocation").
 * Exit codes: 0 ok, 1 a command failed, 2 bad invocation. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "repl/commands.h"
#include "repl/interactive.h"
#include "repl/script.h"
#include "repl/session.h"

int session_set_outdir(Session *s, const char *dir);

static void usage(FILE *f) {
    fputs("usage: rgx [options] [-f FILE [ARGS…]]\n"
          "  rgx                      interactive shell\n"
          "  rgx -f FILE [ARGS…]      run a command file ($1, $2… are ARGS); stop at the first error\n"
          "  rgx -e 'CMD; CMD'        run commands given inline\n"
          "  rgx < FILE               commands from standard input\n"
          "options:\n"
          "  --keep-going             report errors but continue\n"
          "  -q, --quiet              no banner\n"
          "  -o DIR                   directory for plots and saved files (default .)\n"
          "  --version                print the version\n"
          "  -h, --help               this help\n"
          "Inside rgx, type help for the commands.\n",
          f);
}

int main(int argc, char **argv) {
    const char *file = NULL, *inline_cmds = NULL, *outdir = NULL;
    int keep_going = 0, quiet = 0, i;
    char **script_args = NULL;
    size_t nscript_args = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-f") || !strcmp(a, "-e") || !strcmp(a, "-o")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "rgx: %s needs an argument\n", a);
                usage(stderr);
                return 2;
            }
            if (a[1] == 'f') {
                file = argv[++i];
                script_args = argv + i + 1;   /* everything after FILE is ARGS */
                nscript_args = (size_t)(argc - i - 1);
                break;
            }
            if (a[1] == 'e') inline_cmds = argv[++i];
            else outdir = argv[++i];
        } else if (!strcmp(a, "--keep-going")) keep_going = 1;
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) quiet = 1;
        else if (!strcmp(a, "--version")) { printf("rgx %s\n", RGX_VERSION); return 0; }
        else if (!strcmp(a, "--commands-synopsis")) {   /* for make man: the man page's COMMANDS section */
            Out o = {.fp = stdout};
            command_synopsis_roff(&o);
            return 0;
        }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else {
            fprintf(stderr, "rgx: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (file && inline_cmds) {
        fputs("rgx: give either -f FILE or -e COMMANDS, not both\n", stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    Session *s = session_new();
    signals_install(s);
    s->tty_err = isatty(2);
    s->keep_going = keep_going;
    int rc = 0;
    if (outdir && session_set_outdir(s, outdir)) {
        session_free(s);
        return 2;
    }
    if (file) {
        rc = run_file(s, file, script_args, nscript_args, keep_going);
    } else if (inline_cmds) {
        s->file = NULL;
        rc = exec_line(s, inline_cmds);
    } else {
        const char *fake = getenv("RGX_FAKETTY");
        if (isatty(0) || (fake && !strcmp(fake, "1"))) rc = interactive_loop(s, !quiet);
        else rc = run_stream(s, stdin, "stdin", keep_going);
    }
    fflush(stdout);
    session_free(s);
    return rc ? 1 : 0;
}
