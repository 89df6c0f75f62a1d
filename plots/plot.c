/* plot.c — see plot.h. */
#include "plots/plot.h"
#include "io/atomic.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const OKABE_ITO[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                        "#E69F00", "#56B4E9", "#F0E442", "#000000"};

const char *plot_group_colour(size_t k) { return OKABE_ITO[k % 8]; }

void plot_result_free(PlotResult *r) {
    free(r->gp);
    free(r->out);
    buf_free(&r->text);
    buf_free(&r->msg);
}

void gp_str(Buf *b, const char *s) {
    buf_add(b, "'", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '\'') buf_add(b, "''", 2);
        else if (*p < 0x20 || *p == 0x7f) buf_add(b, " ", 1);
        else buf_add(b, (const char *)p, 1);
    }
    buf_add(b, "'", 1);
}

void dat_str(Buf *b, const char *s) {
    buf_add(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"') buf_add(b, "'", 1);
        else if (*p < 0x20 || *p == 0x7f) buf_add(b, " ", 1);
        else buf_add(b, (const char *)p, 1);
    }
    buf_add(b, "\"", 1);
}

static const char *extension(const char *format) {
    if (!strcmp(format, "svg")) return "svg";
    if (!strcmp(format, "pdf")) return "pdf";
    if (!strcmp(format, "png")) return "png";
    return NULL;
}

void plot_begin(Buf *gp, const PlotOut *o) {
    buf_puts(gp, "# rgx figure: re-render with  gnuplot ");
    buf_printf(gp, "%s.gp  (in this directory)\n", o->name);
    buf_puts(gp, "set encoding utf8\n");
    const char *ext = extension(o->format);
    Buf file = {0};
    if (ext) buf_printf(&file, "%s.%s", o->name, ext);
    if (!strcmp(o->format, "png")) buf_puts(gp, "set terminal pngcairo size 900,650 font 'Sans,11' noenhanced\n");
    else if (!strcmp(o->format, "svg")) buf_puts(gp, "set terminal svg size 900,650 dynamic font 'Sans,11' noenhanced\n");
    else if (!strcmp(o->format, "pdf")) buf_puts(gp, "set terminal pdfcairo size 6in,4.3in font 'Sans,10' noenhanced\n");
    else if (!strcmp(o->format, "dumb")) buf_printf(gp, "set terminal dumb size %d,%d noenhanced\n", o->width, o->width * 3 / 10 + 6);
    else buf_puts(gp, "set termoption noenhanced\n");
    if (ext) {
        buf_puts(gp, "set output ");
        gp_str(gp, file.s);
        buf_puts(gp, "\n");
    }
    buf_free(&file);
    buf_puts(gp, "set datafile separator '\\t'\n");
    buf_puts(gp, "set border 3 lw 1.2\nset tics nomirror out\n");
    if (strcmp(o->format, "dumb")) buf_puts(gp, "set grid lc rgb '#e5e5e5' lw 1\nset key noautotitle\n");
    else buf_puts(gp, "set key noautotitle\n");
}


static char *join_path(const char *dir, const char *name, const char *ext) {
    Buf b = {0};
    if (dir && *dir && strcmp(dir, ".")) buf_printf(&b, "%s/", dir);
    buf_printf(&b, "%s.%s", name, ext);
    return b.s;
}

/* Is prog an executable on PATH (or a path)? */
static int on_path(const char *prog) {
    if (strchr(prog, '/')) return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    if (!path) path = "/usr/bin:/bin";
    char *copy = xstrdup(path);
    int found = 0;
    Buf b = {0};
    for (char *save = NULL, *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        b.len = 0;
        buf_printf(&b, "%s/%s", *d ? d : ".", prog);
        found = access(b.s, X_OK) == 0;
    }
    buf_free(&b);
    free(copy);
    return found;
}

/* Run gnuplot on script (a name inside dir) with the working directory
 * dir; stdout into *text when text is not NULL; stderr into err. */
static int run_gnuplot(const char *prog, const char *dir, const char *script, int persist, Buf *text, Buf *err) {
    /* stdout through a pipe (the dumb terminal's text); stderr into an
       unlinked temporary file, so neither can fill up and block gnuplot */
    const char *tmpdir = getenv("TMPDIR");
    Buf tpl = {0};
    buf_printf(&tpl, "%s/rgx-gnuplot-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int errfd = mkstemp(tpl.s);
    if (errfd >= 0) unlink(tpl.s);
    buf_free(&tpl);
    int out[2];
    if (errfd < 0 || pipe(out) != 0) {
        buf_printf(err, "cannot start gnuplot: %s", strerror(errno));
        if (errfd >= 0) close(errfd);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        buf_printf(err, "cannot start gnuplot: %s", strerror(errno));
        close(out[0]);
        close(out[1]);
        close(errfd);
        return -1;
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        dup2(out[1], 1);
        dup2(errfd, 2);
        close(out[0]);
        close(out[1]);
        close(errfd);
        if (dir && *dir && chdir(dir) != 0) _exit(126);
        /* the script comes on standard input: gnuplot applies backquote
           substitution to file names given as arguments, and the name may
           hold any text */
        int fd = open(script, O_RDONLY);
        if (fd < 0) _exit(126);
        dup2(fd, 0);
        close(fd);
        char *const argv_p[] = {(char *)prog, "-persist", NULL};
        char *const argv_n[] = {(char *)prog, NULL};
        execvp(prog, persist ? argv_p : argv_n);
        _exit(127);
    }
    close(out[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(out[0], buf, sizeof buf)) != 0) {
        if (n < 0) { if (errno == EINTR) continue; break; }
        if (text) buf_add(text, buf, (size_t)n);
    }
    close(out[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
        Buf errtext = {0};
        lseek(errfd, 0, SEEK_SET);
        while ((n = read(errfd, buf, sizeof buf)) > 0) buf_add(&errtext, buf, (size_t)n);
        buf_printf(err, "gnuplot failed on %s", script);
        if (errtext.len) {   /* the last non-empty line says what */
            while (errtext.len && (errtext.s[errtext.len - 1] == '\n' || errtext.s[errtext.len - 1] == ' '))
                errtext.s[--errtext.len] = '\0';
            const char *last = strrchr(errtext.s, '\n');
            buf_printf(err, ": %s", last ? last + 1 : errtext.s);
        }
        buf_free(&errtext);
    }
    close(errfd);
    return ok ? 0 : -1;
}

int plot_render(const PlotOut *o, const Buf *gp, const Buf *dat, PlotResult *r) {
    char *datpath = join_path(o->dir, o->name, "dat");
    r->gp = join_path(o->dir, o->name, "gp");
    const char *ext = extension(o->format);
    if (ext) r->out = join_path(o->dir, o->name, ext);
    if (atomic_write(datpath, dat && dat->s ? dat->s : "", dat ? dat->len : 0, &r->msg) < 0 ||
        atomic_write(r->gp, gp->s, gp->len, &r->msg) < 0) {
        free(datpath);
        return -1;
    }
    free(datpath);
    if (!strcmp(o->format, "window") && !o->window_ok) {
        buf_printf(&r->msg, "plot=window needs a display ($DISPLAY) and the prompt; the script was written to %s "
                            "(set plot=png, svg, pdf or dumb)", r->gp);
        return -1;
    }
    const char *prog = getenv("RGX_GNUPLOT");
    if (!prog || !*prog) prog = "gnuplot";
    if (!on_path(prog)) {
        buf_printf(&r->msg, "plots need gnuplot (apt-get install gnuplot-nox); the .gp script was written to %s",
                   r->gp);
        return 0;
    }
    Buf script = {0};
    buf_printf(&script, "%s.gp", o->name);
    int rc = run_gnuplot(prog, o->dir, script.s, !strcmp(o->format, "window"),
                         !strcmp(o->format, "dumb") ? &r->text : NULL, &r->msg);
    buf_free(&script);
    if (rc == 0) r->rendered = 1;
    return rc;
}
