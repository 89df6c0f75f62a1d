/* cmd_session.c — session commands: set, run, echo, quit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "repl/commands.h"
#include "repl/script.h"

static const char *const PLOT_FORMATS = "png|svg|pdf|dumb|window";

/* mkdir -p; returns 0 or -1 with errno set. */
static int make_dirs(const char *path) {
    char *p = xstrdup(path);
    for (char *q = p + 1; *q; q++) {
        if (*q != '/') continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) { free(p); return -1; }
        *q = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    if (rc == 0) {
        struct stat st;
        if (stat(path, &st) != 0) return -1;
        if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
    }
    return rc;
}

int session_set_outdir(Session *s, const char *dir) {
    if (make_dirs(dir) != 0) {
        rgx_error(s, "cannot use %s as the output directory: %s", dir, strerror(errno));
        return 1;
    }
    free(s->outdir);
    s->outdir = xstrdup(dir);
    return 0;
}

int cmd_set(Session *s, Args *a) {
    if (!a->nopt) {
        out_printf(&s->out, "seed=%lu threads=%d digits=%d plot=%s outdir=%s timer=%s provenance=%s\n", s->seed,
                   s->threads, s->digits, s->plot, s->outdir, s->timer ? "on" : "off",
                   s->provenance == PROV_OFF ? "off" : s->provenance == PROV_HEADER ? "header" : "sidecar");
        return 0;
    }
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    long threads = args_get_int(a, "threads", s->threads, 1, 256);
    long digits = args_get_int(a, "digits", s->digits, 1, 17);
    int plot = args_get_choice(a, "plot", -1, PLOT_FORMATS);
    int timer = args_get_bool(a, "timer", s->timer);
    int prov = args_get_choice(a, "provenance", -1, NULL);
    if (args_failed(s, a)) return 1;
    const char *outdir = args_opt(a, "outdir");
    if (outdir && session_set_outdir(s, outdir)) return 1;
    s->seed = (unsigned long)seed;
    session_set_threads(s, (int)threads);
    s->digits = (int)digits;
    s->timer = timer;
    if (prov >= 0) s->provenance = prov == 0 ? PROV_SIDECAR : prov == 1 ? PROV_HEADER : PROV_OFF;
    if (plot >= 0) {
        static const char *const names[] = {"png", "svg", "pdf", "dumb", "window"};
        free(s->plot);
        s->plot = xstrdup(names[plot]);
    }
    return 0;
}

int cmd_run(Session *s, Args *a) {
    int save_inter = s->interactive;
    int rc = run_file(s, a->pos[0], a->pos + 1, a->npos - 1, 0);
    s->interactive = save_inter;
    return rc;
}

int cmd_echo(Session *s, Args *a) {
    for (size_t i = 0; i < a->npos; i++) out_printf(&s->out, "%s%s", i ? " " : "", a->pos[i]);
    out_puts(&s->out, "\n");
    return 0;
}

int cmd_quit(Session *s, Args *a) {
    s->quit = 1;
    return 0;
}
