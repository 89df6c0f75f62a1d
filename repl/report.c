/* report.c — `report FILE.html`: the session as one self-contained HTML
 * page (see record.h for what is recorded of each command).
 *
 * Nothing outside the file: the style is in the page, figures are data:
 * URIs (PNG as written, SVG as an image — an SVG in an <img> runs no script
 * and loads nothing), there is no JavaScript.  Every text that came from a
 * command, a file or a table goes through html_text (io/escape.h): a cell
 * holding <script> or a quote shows as text.  The page reads on a phone
 * (one column, wide tables and output scroll sideways) and prints to PDF
 * (print rules: no scroll boxes, figures and tables not split). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "io/atomic.h"
#include "io/escape.h"
#include "io/sha256.h"
#include "repl/commands.h"
#include "repl/record.h"

static const char CSS[] =
    ":root{--fg:#1d232a;--muted:#5b6670;--line:#d9dee3;--bg:#fff;--code:#f4f6f8;--warn:#fff4cc;--warnline:#e0b400;"
    "--err:#fde8e8;--errline:#c62828;--accent:#0b5cad}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:62rem;padding:1rem 1.25rem 3rem;font:16px/1.5 system-ui,-apple-system,'Segoe UI',"
    "Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--fg);background:var(--bg)}\n"
    "h1{font-size:1.7rem;margin:.5rem 0 .25rem;line-height:1.2}\n"
    "h2{font-size:1.15rem;margin:0 0 .5rem;line-height:1.3;overflow-wrap:anywhere}\n"
    "h3{font-size:1rem;margin:1rem 0 .4rem}\n"
    ".meta{color:var(--muted);margin:0 0 1rem}\n"
    "a{color:var(--accent)}\n"
    "code,pre,.mono{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.85rem}\n"
    "nav{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:1rem 0 1.5rem}\n"
    "nav ol{margin:.25rem 0;padding-left:1.8rem}\nnav p{margin:.3rem 0}\n"
    "nav li{margin:.1rem 0;overflow-wrap:anywhere}\n"
    "nav .flag{font-size:.8rem;color:var(--muted)}\n"
    "section{border-top:1px solid var(--line);padding:1rem 0 .5rem}\n"
    "section h2 .n{color:var(--muted);font-weight:normal;margin-right:.4rem}\n"
    "section h2 code{font-size:.95rem;background:none}\n"
    ".where{color:var(--muted);font-size:.8rem;margin:-.3rem 0 .5rem}\n"
    "pre{background:var(--code);padding:.6rem .8rem;border-radius:4px;overflow-x:auto;margin:.4rem 0;"
    "white-space:pre}\n"
    "pre.msg{background:var(--warn);border-left:4px solid var(--warnline)}\n"
    "pre.msg.error{background:var(--err);border-left-color:var(--errline)}\n"
    ".failed h2::after{content:'failed';font-size:.75rem;color:#fff;background:var(--errline);border-radius:3px;"
    "padding:.05rem .4rem;margin-left:.5rem;vertical-align:middle}\n"
    "p.echo{font-weight:600;margin:1.2rem 0 .2rem;white-space:pre-wrap}\n"
    ".scroll{overflow-x:auto;margin:.3rem 0 .8rem;-webkit-overflow-scrolling:touch}\n"
    "table{border-collapse:collapse;font-size:.8rem}\n"
    "th,td{border:1px solid var(--line);padding:.15rem .45rem;text-align:left;white-space:nowrap}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "th{background:var(--code)}\n"
    ".tname{margin:.6rem 0 .1rem;font-size:.9rem}\n"
    ".tname .size{color:var(--muted)}\n"
    "figure{margin:.6rem 0 1rem}\n"
    "figure img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}\n"
    "figcaption{color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}\n"
    "ul.files{font-size:.8rem;color:var(--muted);padding-left:1.2rem;margin:.3rem 0}\n"
    "ul.files li{overflow-wrap:anywhere}\n"
    ".sha{font-size:.75rem;overflow-wrap:anywhere}\n"
    "footer{border-top:1px solid var(--line);margin-top:2rem;padding-top:.5rem;color:var(--muted);font-size:.8rem}\n"
    "@media (max-width:40rem){body{padding:.6rem .7rem 2rem;font-size:15px}h1{font-size:1.35rem}"
    "pre{font-size:.75rem;padding:.5rem}}\n"
    "@media print{body{max-width:none;padding:0;font-size:11pt}nav{break-after:page}"
    "section{break-inside:auto}pre{white-space:pre-wrap;overflow:visible;font-size:8pt}"
    ".scroll{overflow:visible}table,figure,pre.msg{break-inside:avoid}figure img{max-height:18cm;width:auto}"
    "a{color:inherit;text-decoration:none}}\n";

/* Is entry e shown as a section of its own? */
static int shown(const Entry *e) {
    if (e->running || (e->flags & CF_NOJOURNAL)) return 0;
    if (e->container) return e->cap.text.len > 0;   /* `run`: only its own messages (cannot open…) */
    return 1;
}

static int is_echo(const Entry *e) { return !strcmp(e->name, "echo") && e->ok; }

/* Counts of warnings and errors in e's messages. */
static void msg_counts(const Entry *e, int *warn, int *err) {
    *warn = *err = 0;
    const Capture *c = &e->cap;
    for (size_t k = 0; k < c->nseg; k++) {
        if (!c->seg[k].err) continue;
        size_t a = c->seg[k].start, b = k + 1 < c->nseg ? c->seg[k + 1].start : c->text.len;
        for (size_t i = a; i < b; i++) {
            if (i != a && c->text.s[i - 1] != '\n') continue;
            const char *line = c->text.s + i, *colon = memchr(line, ':', b - i);
            /* "warning: …" or "FILE:LINE: warning: …" */
            const char *w = strstr(line, "warning: "), *x = strstr(line, "error: ");
            const char *nl = memchr(line, '\n', b - i);
            if (w && (!nl || w < nl)) (*warn)++;
            else if (x && (!nl || x < nl)) (*err)++;
            (void)colon;
        }
    }
}

static void html_cmd_title(Buf *b, const Entry *e) {
    html_text(b, e->typed);
}

/* The text a command printed: output plain, messages highlighted (a
 * segment holding an error in red). */
static void html_capture(Buf *b, const Capture *c) {
    for (size_t k = 0; k < c->nseg; k++) {
        size_t a = c->seg[k].start, z = k + 1 < c->nseg ? c->seg[k + 1].start : c->text.len;
        if (z <= a) continue;
        int error = c->seg[k].err && memmem(c->text.s + a, z - a, "error: ", 7) != NULL;
        buf_printf(b, "<pre class=\"%s\">", c->seg[k].err ? (error ? "msg error" : "msg") : "out");
        size_t len = z - a;
        if (len && c->text.s[a + len - 1] == '\n') len--;
        html_textn(b, c->text.s + a, len);
        buf_puts(b, "</pre>\n");
    }
    if (c->dropped) buf_printf(b, "<p class=\"where\">(%zu more bytes of output not kept in the report)</p>\n", c->dropped);
}

/* The first rows of a table the command made, as an HTML table. */
static void html_head(Buf *b, Session *s, const TableHead *h, const char *saved) {
    const Table *t = h->head;
    buf_puts(b, "<p class=\"tname\"><strong>");
    html_text(b, t->name);
    buf_printf(b, "</strong> <span class=\"size\">%zu row%s × %zu column%s", h->nrow, h->nrow == 1 ? "" : "s",
               h->ncol, h->ncol == 1 ? "" : "s");
    if (h->nrow > t->nrow || h->ncol > t->ncol)
        buf_printf(b, "; the first %zu row%s and %zu column%s", t->nrow, t->nrow == 1 ? "" : "s", t->ncol,
                   t->ncol == 1 ? "" : "s");
    buf_puts(b, "</span>");
    if (saved) {
        buf_puts(b, "; saved to <span class=\"mono\">");
        html_text(b, saved);
        buf_puts(b, "</span>");
    }
    buf_puts(b, "</p>\n<div class=\"scroll\"><table>\n<thead><tr>");
    StrList lab = {0};
    table_col_labels(t, NULL, 0, &lab);
    for (size_t j = 0; j < t->ncol; j++) {
        buf_puts(b, "<th>");
        html_text(b, lab.v[j]);
        buf_puts(b, "</th>");
    }
    strlist_free(&lab);
    buf_puts(b, "</tr></thead>\n<tbody>\n");
    char tmp[64];
    for (size_t i = 0; i < t->nrow; i++) {
        buf_puts(b, "<tr>");
        for (size_t j = 0; j < t->ncol; j++) {
            const char *v = table_cell_text(t, i, j, s->digits, tmp, sizeof tmp);
            buf_puts(b, t->cols[j].type == COL_NUM ? "<td class=\"num\">" : "<td>");
            html_text(b, v ? v : "NA");
            buf_puts(b, "</td>");
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</tbody></table></div>\n");
}

/* Read a whole file; 0 or -1. */
static int read_file(const char *path, Buf *b) {
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

/* A figure the command wrote, embedded; or why it is not. */
static void html_figure(Buf *b, const WrittenFile *f) {
    int png = ends_with_ci(f->path, ".png");
    const Buf *data = &f->data;
    Buf disk = {0};
    if (!data->len) {   /* not kept (memory bound): the file, if it is still the same */
        char hex[65];
        if (read_file(f->path, &disk) == 0) sha256_hex(disk.s ? disk.s : "", disk.len, hex);
        if (!disk.len || strcmp(hex, f->sha256)) {
            buf_puts(b, "<p class=\"where\">figure <span class=\"mono\">");
            html_text(b, f->path);
            buf_puts(b, "</span> is not shown: the file has changed or gone since this command wrote it</p>\n");
            buf_free(&disk);
            return;
        }
        data = &disk;
    }
    buf_printf(b, "<figure><img src=\"data:image/%s;base64,", png ? "png" : "svg+xml");
    base64_encode(b, data->s, data->len);
    buf_puts(b, "\" alt=\"figure ");
    html_text(b, f->path);
    buf_puts(b, "\"><figcaption>");
    html_text(b, f->path);
    buf_puts(b, "</figcaption></figure>\n");
    buf_free(&disk);
}

/* The path a later `save NAME to FILE` wrote table name to, or NULL. */
static const char *saved_later(const Record *r, size_t from, const char *name) {
    for (size_t i = from + 1; i < r->n; i++) {
        const Entry *e = r->e[i];
        if (!e->ok || strcmp(e->name, "save") || !e->nfiles) continue;
        LexCmd *c;
        size_t n;
        Buf err = {0};
        if (lex_line(e->typed, &c, &n, &err) < 0) { buf_free(&err); continue; }
        int same = n == 1 && c[0].n >= 2 && !strcmp(c[0].w[1].text, name);
        lex_free(c, n);
        if (same) return e->files[0].path;
    }
    return NULL;
}

static void html_section(Buf *b, Session *s, size_t idx, int num) {
    const Record *r = s->rec;
    const Entry *e = r->e[idx];
    buf_printf(b, "<section id=\"c%d\" class=\"cmd%s\">\n<h2><span class=\"n\">%d</span><code>", num,
               e->ok ? "" : " failed", num);
    html_cmd_title(b, e);
    buf_puts(b, "</code></h2>\n");
    if (e->where) {
        buf_puts(b, "<p class=\"where\">");
        html_text(b, e->where);
        buf_puts(b, "</p>\n");
    }
    html_capture(b, &e->cap);
    for (size_t k = 0; k < e->nmade; k++) html_head(b, s, &e->made[k], saved_later(r, idx, e->made[k].head->name));
    for (size_t k = 0; k < e->nfiles; k++)
        if (ends_with_ci(e->files[k].path, ".png") || ends_with_ci(e->files[k].path, ".svg"))
            html_figure(b, &e->files[k]);
        else if (ends_with_ci(e->files[k].path, ".pdf")) {
            buf_puts(b, "<p class=\"where\">PDF figure <span class=\"mono\">");
            html_text(b, e->files[k].path);
            buf_puts(b, "</span> (not embedded: set plot=png or svg to see figures in the report)</p>\n");
        }
    if (e->nfiles) {
        buf_puts(b, "<ul class=\"files\">\n");
        for (size_t k = 0; k < e->nfiles; k++) {
            buf_puts(b, "<li>wrote <span class=\"mono\">");
            html_text(b, e->files[k].path);
            buf_printf(b, "</span> (%llu bytes, sha256 <span class=\"sha mono\">%s</span>)</li>\n", e->files[k].size,
                       e->files[k].sha256);
        }
        buf_puts(b, "</ul>\n");
    }
    buf_puts(b, "</section>\n");
}

/* The page's head and title line: the command and input-file counts. */
static void html_header(Buf *b, const Record *r, const char *title, const char *date) {
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    buf_printf(b, "<meta name=\"generator\" content=\"rgx %s\">\n<title>", RGX_VERSION);
    html_text(b, title);
    buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", CSS);
    html_text(b, title);
    int ncmd = 0;
    for (size_t i = 0; i < r->n; i++) ncmd += shown(r->e[i]) && !is_echo(r->e[i]);
    buf_printf(b, "</h1>\n<p class=\"meta\">rgx %s · %s · %d command%s, %zu input file%s</p>\n</header>\n",
               RGX_VERSION, date, ncmd, ncmd == 1 ? "" : "s", r->inputs.nin, r->inputs.nin == 1 ? "" : "s");
}

/* The contents: a link per command shown, flagged when it failed or warned. */
static void html_contents(Buf *b, const Record *r) {
    buf_puts(b, "<nav id=\"contents\">\n<h2>Contents</h2>\n<p><a href=\"#inputs\">Input files</a></p>\n<ol>\n");
    int num = 0;
    for (size_t i = 0; i < r->n; i++) {
        const Entry *e = r->e[i];
        if (!shown(e) || is_echo(e)) continue;
        num++;
        int w, x;
        msg_counts(e, &w, &x);
        buf_printf(b, "<li><a href=\"#c%d\">", num);
        html_cmd_title(b, e);
        buf_puts(b, "</a>");
        if (!e->ok) buf_puts(b, " <span class=\"flag\">(failed)</span>");
        else if (w) buf_printf(b, " <span class=\"flag\">(%d warning%s)</span>", w, w == 1 ? "" : "s");
        buf_puts(b, "</li>\n");
    }
    buf_puts(b, "</ol>\n<p><a href=\"#journal\">Journal</a></p>\n</nav>\n<main>\n");
}

/* The input files (bytes, SHA-256), then the join reports again. */
static void html_inputs(Buf *b, const Record *r) {
    buf_puts(b, "<section id=\"inputs\">\n<h2>Input files</h2>\n");
    if (!r->inputs.nin) buf_puts(b, "<p>No file was loaded.</p>\n");
    else {
        buf_puts(b, "<div class=\"scroll\"><table>\n<thead><tr><th>file</th><th>bytes</th><th>SHA-256</th></tr></thead>\n"
                    "<tbody>\n");
        for (size_t i = 0; i < r->inputs.nin; i++) {
            buf_puts(b, "<tr><td class=\"mono\">");
            html_text(b, r->inputs.in[i].path);
            buf_printf(b, "</td><td class=\"num\">%llu</td><td class=\"mono sha\">%s</td></tr>\n", r->inputs.in[i].size,
                       r->inputs.in[i].sha256);
        }
        buf_puts(b, "</tbody></table></div>\n");
    }
    int num = 0, njoin = 0;
    for (size_t i = 0; i < r->n; i++) {
        const Entry *e = r->e[i];
        if (!shown(e) || is_echo(e)) continue;
        num++;
        if (strcmp(e->name, "join") || !e->ok) continue;
        if (!njoin++) buf_puts(b, "<h3>Join reports</h3>\n");
        buf_printf(b, "<p class=\"tname\"><a href=\"#c%d\">", num);
        html_cmd_title(b, e);
        buf_puts(b, "</a></p>\n");
        html_capture(b, &e->cap);
    }
    buf_puts(b, "</section>\n");
}

/* The commands: a section each, an echo's text as a line of prose. */
static void html_commands(Buf *b, Session *s) {
    const Record *r = s->rec;
    int num = 0;
    for (size_t i = 0; i < r->n; i++) {
        const Entry *e = r->e[i];
        if (!shown(e)) continue;
        if (is_echo(e)) {   /* a lesson's text: a line of prose, no section */
            size_t len = e->cap.text.len;
            while (len && e->cap.text.s[len - 1] == '\n') len--;
            if (!len) continue;
            buf_puts(b, "<p class=\"echo\">");
            html_textn(b, e->cap.text.s, len);
            buf_puts(b, "</p>\n");
            continue;
        }
        html_section(b, s, i, ++num);
    }
}

/* The report of the session, into b. */
static void report_html(Session *s, const char *title, Buf *b) {
    char date[32];
    record_date(date);
    html_header(b, s->rec, title, date);
    html_contents(b, s->rec);
    html_inputs(b, s->rec);
    html_commands(b, s);
    /* the journal */
    Buf j = {0};
    record_journal(s, &j);
    buf_puts(b, "<section id=\"journal\">\n<h2>Journal</h2>\n<p>The commands that succeeded, as a command file: "
                "<span class=\"mono\">rgx -f FILE</span> replays them.</p>\n<pre>");
    html_textn(b, j.s, j.len);
    buf_puts(b, "</pre>\n</section>\n</main>\n");
    buf_free(&j);
    buf_printf(b, "<footer>Made by rgx %s on %s. Every file rgx wrote has its provenance beside it "
                  "(FILE.prov.json).</footer>\n</body>\n</html>\n", RGX_VERSION, date);
}

int report_write(Session *s, const char *path, const char *title, Buf *err) {
    Buf html = {0};
    report_html(s, title, &html);
    int rc = atomic_write(path, html.s, html.len, err);
    buf_free(&html);
    return rc;
}

int cmd_report(Session *s, Args *a) {
    const char *title = args_opt(a, "title");
    if (args_failed(s, a)) return 1;
    if (!ends_with_ci(a->pos[0], ".html") && !ends_with_ci(a->pos[0], ".htm"))
        rgx_warn(s, "report: %s does not end in .html; it is an HTML file all the same", a->pos[0]);
    record_read_all(s);
    char *path = session_out_path(s, a->pos[0]);
    Buf err = {0};
    int rc = report_write(s, path, title && *title ? title : "rgx session report", &err);
    if (rc) rgx_error(s, "report: %s", err.s);
    else out_printf(&s->out, "wrote the report to %s\n", path);
    buf_free(&err);
    free(path);
    return rc ? 1 : 0;
}
