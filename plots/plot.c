/* plot.c — see plot.h. */
#include "plots/plot.h"
#include "io/atomic.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const OKABE_ITO[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                        "#E69F00", "#56B4E9", "#F0E442", "#000000"};

const char *plot_group_colour(size_t k) { return OKABE_ITO[k % 8]; }

void plot_result_free(PlotResult *r) {
    free(r->gp);
    free(r->out);
    buf_free(&r->text);
    buf_free(&r->msg);
    buf_free(&r->info);
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

/* Append name with control characters as '?' (a name with one is refused
 * before anything is written, see plot_render; this is for messages). */
static void plain_text(Buf *b, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        buf_add(b, *p < 0x20 || *p == 0x7f ? "?" : (const char *)p, 1);
}

/* The script's first line: how to re-render it.  A name a shell or
 * gnuplot would read as more than a file name (blanks, quotes,
 * backquotes — gnuplot expands those in a file name given as an
 * argument) is shown single-quoted for the shell, on standard input. */
static void rerender_comment(Buf *gp, const char *name) {
    int plain = *name != '\0' && *name != '-';
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!(isalnum(*p) || *p >= 0x80 || strchr("._,+=:@%^-", *p))) plain = 0;
    buf_puts(gp, "# rgx figure: re-render with  gnuplot ");
    if (plain) {
        plain_text(gp, name);
        buf_puts(gp, ".gp");
    } else {
        buf_puts(gp, "< '");
        for (const char *p = name; *p; p++) {
            if (*p == '\'') buf_puts(gp, "'\\''");
            else plain_text(gp, (char[]){*p, 0});
        }
        buf_puts(gp, ".gp'");
    }
    buf_puts(gp, "  (in this directory)\n");
}

void plot_file_name(Buf *b, const PlotOut *o, const char *ext) {
    Buf n = {0};
    /* "./": gnuplot reads a name starting with '|' or '<' as a command to
       run, '$' as a data block, '~' as a home directory, '-' or '+' as
       special files; after "./" it is only ever a file name */
    buf_printf(&n, "./%s.%s", o->name, ext);
    gp_str(b, n.s);
    buf_free(&n);
}

void plot_begin(Buf *gp, const PlotOut *o) {
    rerender_comment(gp, o->name);
    if (o->comment) buf_puts(gp, o->comment);
    buf_puts(gp, "set encoding utf8\n");
    const char *ext = extension(o->format);
    if (!strcmp(o->format, "png")) buf_puts(gp, "set terminal pngcairo size 900,650 font 'Sans,11' noenhanced\n");
    else if (!strcmp(o->format, "svg")) buf_puts(gp, "set terminal svg size 900,650 dynamic font 'Sans,11' noenhanced\n");
    else if (!strcmp(o->format, "pdf")) buf_puts(gp, "set terminal pdfcairo size 6in,4.3in font 'Sans,10' noenhanced\n");
    else if (!strcmp(o->format, "dumb")) buf_printf(gp, "set terminal dumb size %d,%d noenhanced\n", o->width, o->width * 3 / 10 + 6);
    else buf_puts(gp, "set termoption noenhanced\n");
    if (ext) {
        buf_puts(gp, "set output ");
        plot_file_name(gp, o, ext);
        buf_puts(gp, "\n");
    }
    buf_puts(gp, "set datafile separator '\\t'\n");
    buf_puts(gp, "set border 3 lw 1.2\nset tics nomirror out\n");
    if (strcmp(o->format, "dumb")) buf_puts(gp, "set grid lc rgb '#e5e5e5' lw 1\nset key noautotitle\n");
    else buf_puts(gp, "set key noautotitle\n");
}

int plot_nothing(PlotResult *r, const char *why) {
    buf_printf(&r->msg, "nothing to plot: %s", why);
    return -1;
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
        signal(SIGXFSZ, SIG_DFL);
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
    atomic_track_child(pid);   /* SIGTERM: killed before its files are removed */
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
    atomic_track_child(0);
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
        } else if (WIFSIGNALED(status)) {
            buf_printf(err, ": killed by signal %d", WTERMSIG(status));
        }
        buf_free(&errtext);
    }
    close(errfd);
    return ok ? 0 : -1;
}

/* Why name cannot be a figure's name, or NULL.  It becomes a file name
 * in the script (as a quoted string after "./"); a control character
 * (a newline) has no place there, nor in the messages that echo it. */
static const char *name_problem(const char *name) {
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return "it holds a control character (a newline?); choose a plain file name";
    return NULL;
}

/* The staging area: a private directory (mkdtemp in $TMPDIR) where
 * gnuplot reads NAME.gp and NAME.dat and writes NAME.EXT; every path in
 * it is in the temporary-file registry while it exists. */
typedef struct Stage {
    char *dir;              /* the directory, NULL when not made */
    char *file[3];          /* NAME.gp, NAME.dat, NAME.EXT (or NULL) */
} Stage;

static void stage_remove(Stage *st) {
    for (int k = 0; k < 3; k++)
        if (st->file[k]) {
            unlink(st->file[k]);
            atomic_untrack(st->file[k]);
            free(st->file[k]);
        }
    if (st->dir) {
        rmdir(st->dir);
        atomic_untrack(st->dir);
        free(st->dir);
    }
    memset(st, 0, sizeof *st);
}

/* Write data to a new file (the staging directory is ours alone). */
static int write_new(const char *path, const Buf *data, Buf *err) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    size_t off = 0, len = data && data->s ? data->len : 0;
    while (fd >= 0 && off < len) {
        ssize_t n = write(fd, data->s + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
    if (fd < 0 || off < len || close(fd) != 0) {
        buf_printf(err, "cannot write a temporary file for gnuplot (%s): %s", path, strerror(errno ? errno : EIO));
        return -1;
    }
    return 0;
}

static int read_all(const char *path, Buf *b) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) { if (errno == EINTR) continue; close(fd); return -1; }
        buf_add(b, buf, (size_t)n);
    }
    close(fd);
    return 0;
}

static int stage_make(Stage *st, const PlotOut *o, const char *ext, const Buf *gp, const Buf *dat, Buf *err) {
    memset(st, 0, sizeof *st);
    const char *tmpdir = getenv("TMPDIR");
    Buf d = {0};
    buf_printf(&d, "%s/rgx-plot-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(d.s)) {
        buf_printf(err, "cannot make a temporary directory for gnuplot in %s: %s", tmpdir && *tmpdir ? tmpdir : "/tmp",
                   strerror(errno));
        buf_free(&d);
        return -1;
    }
    st->dir = d.s;
    atomic_track(st->dir, 1);
    const char *exts[3] = {"gp", "dat", ext};
    for (int k = 0; k < 3; k++) {
        if (!exts[k]) continue;
        Buf f = {0};
        buf_printf(&f, "%s/%s.%s", st->dir, o->name, exts[k]);
        st->file[k] = f.s;
        atomic_track(st->file[k], 0);
    }
    if (write_new(st->file[0], gp, err) < 0 || write_new(st->file[1], dat, err) < 0) return -1;
    return 0;
}

/* cairo writes the time of rendering into a PDF (/CreationDate (D:…Z)),
 * so two renderings of one figure differ; with SOURCE_DATE_EPOCH set (the
 * reproducible-builds convention) that date is written instead, in place
 * (the same number of bytes: the PDF's offsets hold). */
static void pdf_pin_date(Buf *pdf) {
    const char *e = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v = e && *e ? strtoll(e, &end, 10) : -1;
    if (v < 0 || *end || !pdf->len) return;
    static const char key[] = "/CreationDate (D:";
    char *p = memmem(pdf->s, pdf->len, key, sizeof key - 1);
    if (!p || (size_t)(p - pdf->s) + sizeof key - 1 + 14 > pdf->len) return;
    p += sizeof key - 1;
    for (int i = 0; i < 14; i++)
        if (!isdigit((unsigned char)p[i])) return;
    time_t t = (time_t)v;
    struct tm tm;
    char d[16];
    gmtime_r(&t, &tm);
    if (strftime(d, sizeof d, "%Y%m%d%H%M%S", &tm) == 14) memcpy(p, d, 14);
}

int plot_render(const PlotOut *o, const Buf *gp, const Buf *dat, PlotResult *r) {
    char *datpath = join_path(o->dir, o->name, "dat");
    r->gp = join_path(o->dir, o->name, "gp");
    const char *ext = extension(o->format);
    if (ext) r->out = join_path(o->dir, o->name, ext);
    Buf empty = {0};
    if (!dat) dat = &empty;
    int rc = -1;
    Stage st = {0};
    Buf img = {0};
    const char *bad = name_problem(o->name);
    if (bad) {
        buf_puts(&r->msg, "cannot use '");
        plain_text(&r->msg, o->name);
        buf_printf(&r->msg, "' as a figure's name: %s", bad);
        goto out;
    }
    const char *prog = getenv("RGX_GNUPLOT");
    if (!prog || !*prog) prog = "gnuplot";
    int window_refused = !strcmp(o->format, "window") && !o->window_ok;
    if (window_refused || !on_path(prog)) {   /* no figure: the script and its data for later */
        if (atomic_write(datpath, dat->s ? dat->s : "", dat->len, &r->msg) < 0 ||
            atomic_write(r->gp, gp->s, gp->len, &r->msg) < 0)
            goto out;
        if (window_refused) {
            buf_printf(&r->msg, "plot=window needs a display ($DISPLAY) and the prompt; the script was written to %s "
                                "(set plot=png, svg, pdf or dumb)", r->gp);
        } else {
            buf_printf(&r->msg, "plots need gnuplot (apt-get install gnuplot-nox); the .gp script was written to %s",
                       r->gp);
            rc = 0;
        }
        goto out;
    }
    /* gnuplot renders in a private directory; the figure, then its data
       and script, replace the old ones only when it succeeded — and when
       none of the three is a directory (or the like) that would stop one */
    if ((r->out && atomic_check(r->out, &r->msg) < 0) || atomic_check(datpath, &r->msg) < 0 ||
        atomic_check(r->gp, &r->msg) < 0)
        goto out;
    if (stage_make(&st, o, ext, gp, dat, &r->msg) < 0) goto out;
    Buf script = {0};
    buf_printf(&script, "%s.gp", o->name);
    rc = run_gnuplot(prog, st.dir, script.s, !strcmp(o->format, "window"),
                     !strcmp(o->format, "dumb") ? &r->text : NULL, &r->msg);
    if (rc < 0) buf_puts(&r->msg, " (no file was written or replaced)");
    buf_free(&script);
    if (rc < 0) goto out;
    rc = -1;
    if (ext) {
        int got = read_all(st.file[2], &img);
        if (got < 0 || !img.len) {
            buf_printf(&r->msg, "gnuplot made no figure (%s); no file was written or replaced",
                       got < 0 ? strerror(errno) : "an empty file");
            goto out;
        }
        if (!strcmp(ext, "pdf")) pdf_pin_date(&img);
        if (atomic_write(r->out, img.s, img.len, &r->msg) < 0) goto out;
    }
    if (atomic_write(datpath, dat->s ? dat->s : "", dat->len, &r->msg) < 0 ||
        atomic_write(r->gp, gp->s, gp->len, &r->msg) < 0)
        goto out;
    r->rendered = 1;
    rc = 0;
out:
    stage_remove(&st);
    buf_free(&img);
    free(datpath);
    return rc;
}
