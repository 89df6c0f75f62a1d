/* load_gmt.c — see load_gmt.h. */
#include "io/load_gmt.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include "io/sha256.h"

/* GMT files are small (MSigDB's largest collection is tens of MB): read
 * whole, at most this many bytes. */
#define GMT_MAX_BYTES ((size_t)1 << 30)
/* Warnings listed per kind (the rest are counted). */
#define GMT_SHOW 5

void gmt_report_free(GmtReport *r) {
    if (!r) return;
    free(r->dup_first);
    strlist_free(&r->warnings);
    strlist_free(&r->spaced_first);
    memset(r, 0, sizeof *r);
}

/* The whole file (plain or gzip) into *out (NUL-terminated, *len bytes). */
static int read_all(const char *path, char **out, size_t *len, int *gz_used, Buf *err) {
    struct stat st;
    if (stat(path, &st) != 0) { buf_printf(err, "cannot open %s: %s", path, strerror(errno)); return -1; }
    if (S_ISDIR(st.st_mode)) { buf_printf(err, "cannot read %s: it is a directory", path); return -1; }
    gzFile gz = gzopen(path, "rb");
    if (!gz) { buf_printf(err, "cannot open %s: %s", path, errno ? strerror(errno) : "out of memory"); return -1; }
    Buf b = {0};
    char block[65536];
    int rc = 0;
    for (;;) {
        int n = gzread(gz, block, sizeof block);
        if (n < 0) {
            int zerr;
            const char *m = gzerror(gz, &zerr);
            buf_printf(err, "%s: cannot read: %s", path,
                       zerr == Z_ERRNO ? strerror(errno) : zerr == Z_DATA_ERROR ? "corrupt gzip data" : m);
            rc = -1;
            break;
        }
        if (n == 0) {
            int zerr;
            gzerror(gz, &zerr);
            if (zerr != Z_OK) { buf_printf(err, "%s: truncated or corrupt gzip data", path); rc = -1; }
            break;
        }
        if (b.len + (size_t)n > GMT_MAX_BYTES) {
            buf_printf(err, "%s: larger than %zu MB: not a gene-set file?", path, GMT_MAX_BYTES >> 20);
            rc = -1;
            break;
        }
        if (buf_try_add(&b, block, (size_t)n) < 0) { buf_printf(err, "out of memory while reading %s", path); rc = -1; break; }
    }
    *gz_used = !gzdirect(gz);
    gzclose(gz);
    if (rc) { buf_free(&b); return -1; }
    *out = b.s ? b.s : xstrdup("");
    *len = b.len;
    return 0;
}

/* Is s a number (an Enrichr weight)? */
static int is_number(const char *s) {
    if (!*s) return 0;
    char *end;
    strtod(s, &end);
    return *end == '\0';
}

static void warn(GmtReport *r, size_t *shown, long line, const char *fmt, const char *a, const char *b) {
    if ((*shown)++ >= GMT_SHOW) return;
    Buf m = {0};
    buf_printf(&m, "%ld: ", line);
    buf_printf(&m, fmt, a, b);
    strlist_add(&r->warnings, m.s);
    buf_free(&m);
}

/* One set being read. */
typedef struct Sets {
    StrList name, genes, desc;  /* per set */
    double *n;                  /* genes per set */
    size_t cap;
    StrMap names;               /* set name → set (keys in name) */
    long *line;                 /* the line each came from */
} Sets;

Table *gmt_load(const char *path, const char *name, GmtReport *rep, Buf *err) {
    memset(rep, 0, sizeof *rep);
    char *text;
    size_t len;
    if (read_all(path, &text, &len, &rep->gzip, err) < 0) return NULL;
    if (len >= 2 && ((unsigned char)text[0] == 0xFF || (unsigned char)text[0] == 0xFE) &&
        ((unsigned char)text[1] == 0xFE || (unsigned char)text[1] == 0xFF)) {
        buf_printf(err, "%s: the file is UTF-16 (or UTF-32) text; save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8", path);
        free(text);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        size_t at = (size_t)((char *)memchr(text, '\0', len) - text);
        long line = 1;
        for (size_t i = 0; i < at; i++) line += text[i] == '\n';
        buf_printf(err, "%s:%ld: contains a NUL byte: this looks like a binary file, not a GMT file", path, line);
        free(text);
        return NULL;
    }
    char *p = text;
    while (len - (size_t)(p - text) >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    Sets S = {0};
    size_t w_mal = 0, w_dupname = 0, w_empty = 0;
    size_t ndec = 0, nall = 0;  /* genes, and those that are decimal numbers (a table read as GMT) */
    StrMap seen = {0};          /* genes of the current set */
    long line = 0;
    int oom = 0;
    char *end = text + len;
    while (p < end && !oom) {
        /* one line: LF, CRLF or CR */
        char *e = p;
        while (e < end && *e != '\n' && *e != '\r') e++;
        char *next = e < end ? e + 1 : e;
        if (e < end && *e == '\r' && next < end && *next == '\n') next++;
        *e = '\0';
        line++;
        char *l = p;
        p = next;
        int blank = 1;
        for (char *q = l; *q; q++) if (!isspace((unsigned char)*q)) { blank = 0; break; }
        if (blank) continue;
        char *tab = strchr(l, '\t');
        if (!tab) {
            rep->malformed++;
            warn(rep, &w_mal, line, "no tab: a GMT line is NAME<TAB>DESCRIPTION<TAB>GENE<TAB>…%s%s",
                 strchr(l, ' ') ? " (are the fields separated by spaces?)" : "", "");
            continue;
        }
        *tab = '\0';
        char *nm = l;
        while (isspace((unsigned char)*nm)) nm++;
        for (char *q = nm + strlen(nm); q > nm && isspace((unsigned char)q[-1]);) *--q = '\0';
        if (!*nm) {
            rep->malformed++;
            warn(rep, &w_mal, line, "no set name before the first tab%s%s", "", "");
            continue;
        }
        char *desc = tab + 1, *gtab = strchr(desc, '\t');
        if (gtab) *gtab = '\0';
        /* the genes, deduplicated in order */
        Buf genes = {0};
        size_t ng = 0, dups = 0;
        const char *first_dup = NULL;
        strmap_free(&seen);
        memset(&seen, 0, sizeof seen);
        StrList kept = {0};
        for (char *g = gtab ? gtab + 1 : NULL; g;) {
            char *t = strchr(g, '\t');
            if (t) *t = '\0';
            char *gn = g;
            g = t ? t + 1 : NULL;
            while (isspace((unsigned char)*gn)) gn++;
            for (char *q = gn + strlen(gn); q > gn && isspace((unsigned char)q[-1]);) *--q = '\0';
            char *comma = strrchr(gn, ',');
            if (comma && is_number(comma + 1)) { *comma = '\0'; rep->weights++; }
            if (!*gn) continue;
            if (strpbrk(gn, " \t")) {   /* '18S rRNA', 'SARS coronavirus, complete genome' (Reactome) */
                rep->spaced++;
                int known = 0;
                for (size_t q = 0; q < rep->spaced_first.n && !known; q++) known = !strcmp(rep->spaced_first.v[q], gn);
                if (!known && rep->spaced_first.n < 3) strlist_add(&rep->spaced_first, gn);
                continue;
            }
            ndec += strchr(gn, '.') && is_number(gn);
            nall++;
            strlist_add(&kept, gn);
        }
        for (size_t k = 0; k < kept.n; k++) {
            int put = strmap_put(&seen, kept.v[k], k, NULL);
            if (put < 0) { oom = 1; break; }
            if (put == 0) { dups++; if (!first_dup) first_dup = kept.v[k]; continue; }
            if (genes.len) buf_add(&genes, " ", 1);
            buf_puts(&genes, kept.v[k]);
            ng++;
        }
        if (!ng) {
            rep->malformed++;
            warn(rep, &w_empty, line, "set %s has no genes: left out%s", nm, "");
            strlist_free(&kept);
            buf_free(&genes);
            continue;
        }
        if (dups) {
            rep->dup_genes += dups;
            rep->dup_gene_sets++;
            if (!rep->dup_first) {
                Buf d = {0};
                buf_printf(&d, "%s: %s", nm, first_dup);
                rep->dup_first = d.s;
            }
        }
        /* a name seen before: the same genes are dropped, others renamed */
        size_t prev;
        char *setname = xstrdup(nm);
        if (strmap_get(&S.names, nm, &prev)) {
            rep->dup_names++;
            if (!strcmp(S.genes.v[prev], genes.s)) {
                Buf m = {0};
                buf_printf(&m, "%ld", S.line[prev]);
                warn(rep, &w_dupname, line, "set %s repeats line %s with the same genes: left out", nm, m.s);
                buf_free(&m);
                free(setname);
                strlist_free(&kept);
                buf_free(&genes);
                continue;
            }
            for (int k = 2;; k++) {
                Buf nn = {0};
                buf_printf(&nn, "%s.%d", nm, k);
                if (!strmap_get(&S.names, nn.s, &prev)) { free(setname); setname = nn.s; break; }
                buf_free(&nn);
            }
            Buf m = {0};
            buf_printf(&m, "%s (its genes differ from the first)", setname);
            warn(rep, &w_dupname, line, "set %s repeats an earlier name: renamed %s", nm, m.s);
            buf_free(&m);
        }
        if (S.name.n == S.cap) {
            S.cap = S.cap ? 2 * S.cap : 64;
            S.n = xrealloc(S.n, S.cap * sizeof *S.n);
            S.line = xrealloc(S.line, S.cap * sizeof *S.line);
        }
        S.n[S.name.n] = (double)ng;
        S.line[S.name.n] = line;
        strlist_add(&S.name, setname);
        strlist_add(&S.genes, genes.s);
        strlist_add(&S.desc, desc);
        free(setname);
        buf_free(&genes);
        strlist_free(&kept);
        if (strmap_put(&S.names, S.name.v[S.name.n - 1], S.name.n - 1, NULL) < 0) oom = 1;
        if (ng < rep->min_size || S.name.n == 1) rep->min_size = ng;
        if (ng > rep->max_size) rep->max_size = ng;
    }
    rep->lines = (size_t)line;
    strmap_free(&seen);
    free(text);
    strmap_free(&S.names);
    Table *t = NULL;
    if (oom) {
        buf_printf(err, "out of memory while reading %s", path);
    } else if (!S.name.n) {
        buf_printf(err, "%s: no gene sets%s", path,
                   rep->malformed ? " (every line is malformed: see the warnings)" : " (the file is empty)");
    } else if (ndec * 2 > nall || (S.name.n >= 4 && rep->dup_names * 2 > S.name.n)) {
        buf_printf(err, "%s: this looks like a table, not a GMT file (%s): a GMT line is "
                        "NAME<TAB>DESCRIPTION<TAB>GENE<TAB>GENE…, one gene set a line", path,
                   ndec * 2 > nall ? "most of its 'genes' are decimal numbers" : "most of its 'set names' repeat");
        strlist_free(&rep->warnings);   /* its lines' complaints would only bury this */
    } else if (!(t = table_new(name, path, S.name.n))) {
        buf_printf(err, "out of memory while reading %s", path);
    } else {
        rep->sets = S.name.n;
        double *n = xmalloc(S.name.n * sizeof *n);
        memcpy(n, S.n, S.name.n * sizeof *n);
        /* the lists give their strings to the table */
        char **nm = S.name.v, **gn = S.genes.v, **ds = S.desc.v;
        S.name.v = S.genes.v = S.desc.v = NULL;
        S.name.n = S.genes.n = S.desc.n = 0;
        if (table_add_str(t, "set", name, nm) < 0 || table_add_num(t, "n_genes", name, n) < 0 ||
            table_add_str(t, "genes", name, gn) < 0 || table_add_str(t, "description", name, ds) < 0) {
            table_free(t);
            t = NULL;
            buf_printf(err, "out of memory while reading %s", path);
        } else {
            table_set_id(t, 0);
        }
    }
    strlist_free(&S.name);
    strlist_free(&S.genes);
    strlist_free(&S.desc);
    free(S.n);
    free(S.line);
    if (t) {   /* provenance: the file's size and SHA-256 as on disk (GMT files are small: a second read) */
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        char hex[65];
        uint64_t size;
        if (fd >= 0 && sha256_fd(fd, hex, &size) == 0) lineage_add_input(&t->lineage, path, size, hex);
        if (fd >= 0) close(fd);
    }
    return t;
}

int geneset_table(const Table *t) {
    long js = table_find(t, "set"), jg = table_find(t, "genes");
    return js >= 0 && jg >= 0 && t->cols[js].type == COL_STR && t->cols[jg].type == COL_STR;
}

void geneset_genes(const Table *t, size_t i, StrList *out) {
    long jg = table_find(t, "genes");
    if (jg < 0 || !t->cols[jg].str[i]) return;
    char *copy = xstrdup(t->cols[jg].str[i]);
    for (char *save = NULL, *g = strtok_r(copy, " \t", &save); g; g = strtok_r(NULL, " \t", &save))
        strlist_add(out, g);
    free(copy);
}

static int all_digits(const char *s) {
    if (!*s) return 0;
    for (; *s; s++) if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static char *lower(const char *s) {
    char *l = xstrdup(s);
    for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
    return l;
}

void geneset_map_free(GeneSetMap *m) {
    if (!m) return;
    free(m->name);
    free(m->total);
    free(m->start);
    free(m->idx);
    free(m->ci);
    memset(m, 0, sizeof *m);
}

int geneset_map(const Table *t, const char *const *names, size_t n, GeneSetMap *m, Buf *err) {
    memset(m, 0, sizeof *m);
    long js = table_find(t, "set");
    if (!geneset_table(t)) {
        buf_printf(err, "%s is not a gene-set table (it needs the text columns set and genes: load genesets FILE.gmt)",
                   t->name);
        return -1;
    }
    StrMap u = {0}, ul = {0};
    StrList low = {0};
    for (size_t i = 0; i < n; i++) {
        if (!names[i]) continue;
        if (strmap_put(&u, names[i], i, NULL) < 0) goto oom;
    }
    for (size_t i = 0; i < n; i++) {
        char *l = names[i] ? lower(names[i]) : NULL;
        if (l) { strlist_add(&low, l); free(l); }
    }
    for (size_t i = 0; i < low.n; i++)
        if (strmap_put(&ul, low.v[i], i, NULL) < 0) goto oom;
    m->nsets = t->nrow;
    m->name = xcalloc(t->nrow ? t->nrow : 1, sizeof *m->name);
    m->total = xcalloc(t->nrow ? t->nrow : 1, sizeof *m->total);
    m->ci = xcalloc(t->nrow ? t->nrow : 1, sizeof *m->ci);
    m->start = xcalloc(t->nrow + 1, sizeof *m->start);
    size_t cap = 1024, used = 0;
    m->idx = xmalloc(cap * sizeof *m->idx);
    StrList every = {0};
    StrMap distinct = {0};
    unsigned char *hit = xcalloc(n ? n : 1, 1);
    for (size_t i = 0; i < t->nrow; i++) {
        m->name[i] = t->cols[js].str[i];
        m->start[i] = used;
        StrList g = {0};
        geneset_genes(t, i, &g);
        StrMap here = {0};
        for (size_t k = 0; k < g.n; k++) {
            if (strmap_put(&here, g.v[k], k, NULL) == 0) continue;   /* a repeat within the set */
            m->total[i]++;
            m->ngenes++;
            m->nnumeric += all_digits(g.v[k]);
            size_t at;
            if (!strmap_get(&distinct, g.v[k], &at)) {
                strlist_add(&every, g.v[k]);
                if (strmap_put(&distinct, every.v[every.n - 1], every.n - 1, NULL) < 0) { strmap_free(&here); strlist_free(&g); goto oom2; }
            }
            if (strmap_get(&u, g.v[k], &at)) {
                if (!hit[at]) { hit[at] = 1; m->nfound++; }
                if (used == cap) { cap *= 2; m->idx = xrealloc(m->idx, cap * sizeof *m->idx); }
                m->idx[used++] = at;
                m->ci[i]++;
            } else {
                char *l = lower(g.v[k]);
                m->ci[i] += strmap_get(&ul, l, &at);
                free(l);
            }
        }
        strmap_free(&here);
        strlist_free(&g);
    }
    m->start[t->nrow] = used;
    m->ndistinct = distinct.n;
    strmap_free(&distinct);
    strlist_free(&every);
    free(hit);
    strmap_free(&u);
    strmap_free(&ul);
    strlist_free(&low);
    return 0;
oom2:
    strmap_free(&distinct);
    strlist_free(&every);
    free(hit);
    geneset_map_free(m);
oom:
    strmap_free(&u);
    strmap_free(&ul);
    strlist_free(&low);
    buf_printf(err, "out of memory");
    return -1;
}
