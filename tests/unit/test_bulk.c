/* test_bulk.c — bulk mode (io/csvread.h: chunks parsed by worker threads)
 * gives what the record path gives, bit for bit: the same table, report,
 * warnings and error messages, for `load table` and `load expression`,
 * on files large enough to be cut into many chunks and full of what
 * sends a chunk back to the record path (quotes, a lone CR, Excel error
 * values, text in a numeric column, a wrong field count, a NUL byte),
 * with the AVX2 separator search and without it, and for gzip through
 * ISA-L and through zlib.  Also the checksum (SHA-256 of the file's
 * bytes, compressed for gzip) against sha256_fd, and the workers'
 * priority (below the reader's, the caller's unchanged). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif
#include <unistd.h>
#include <zlib.h>
#include "io/csvread.h"
#include "io/load_expr.h"
#include "io/load_table.h"
#include "io/rawin.h"
#include "io/sha256.h"
#include "tests/unit/check.h"

static uint64_t rs = 42;
static uint64_t rnd(void) {
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

/* A cell: mostly numbers in every form the readers take, some missing. */
static void cell(Buf *b, int kind) {
    uint64_t r = rnd() % 1000;
    double x = (double)(int64_t)(rnd() % 2000001 - 1000000) / 1000.0;
    if (kind == 1 && r < 3) { buf_puts(b, (const char *[]){"NA", "", "NaN", "null", "[Not Available]", "--"}[rnd() % 6]); return; }
    if (r < 400) buf_printf(b, "%.4f", x);
    else if (r < 600) buf_printf(b, "%.17g", x * 1.2345678901);
    else if (r < 700) buf_printf(b, "%.3e", x);
    else if (r < 750) buf_printf(b, "%d", (int)x);
    else if (r < 760) buf_puts(b, (const char *[]){"Inf", "-inf", "+1.5", ".5", "5.", "-0", "0x1A", "1e-320", "1E+300",
                                                  "12345678901234567890123"}[rnd() % 10]);
    else if (r < 766)   /* at the edges of the 16-character path (csvread.c's field16): the same bits as strtod */
        buf_puts(b, (const char *[]){"1234567890.12345", "-1234567890.12345", "9007199254740992", "9007199254740993",
                                     "-9007199254740993", "12345678901234567", "000123.4500", "0.000000000000001",
                                     "-.5", "1.", "0.1234567890123456", "99999999999999999999.5", "-0.0",
                                     "0000000000000000", "1234567890123456.", ".123456789012345", "8.5e3",
                                     "7.99999999999999999"}[rnd() % 18]);
    else if (r < 786) {   /* every length of the 16-character path, the point at every place or none, signed or not */
        int len = 1 + (int)(rnd() % 16), dot = len > 1 ? (int)(rnd() % (uint64_t)(len + 1)) : 1;   /* dot == len: none */
        char t[18];
        int n = 0;
        if (rnd() % 3 == 0) t[n++] = '-';
        for (int i = 0; i < len; i++) t[n++] = i == dot ? '.' : (char)('0' + rnd() % 10);
        buf_add(b, t, (size_t)n);
    } else if (r < 790) buf_printf(b, " %.2f ", x);
    else if (r < 800) buf_puts(b, "0");
    else buf_printf(b, "%.6g", x);
}

typedef struct Spec {
    int sep;            /* ',' or '\t' */
    int rows, cols;     /* data rows, value columns */
    int crlf;           /* CRLF line ends */
    int blank;          /* blank lines here and there */
    int quotes;         /* some quoted IDs */
    int excel;          /* an Excel error value, far down */
    int textcol;        /* a word in a numeric column far down (second pass) */
    int ragged;         /* a row with a field too many, far down (an error) */
    int nul;            /* a NUL byte far down (an error) */
    int lone_cr;        /* a lone CR far down */
    int trail;          /* every row ends with a separator */
    int expr;           /* an expression matrix: genes × TCGA samples */
    int gene;           /* the first column named "gene": not an ID by its name, text by its values */
    int mixed;          /* every seventh column text (words), among numeric ones */
    int annot;          /* expr: an Entrez_Gene_Id column after the symbol (not a sample) */
    int odd;            /* tokens that look like numbers and are not (or barely are), now and then */
    int longrow;        /* with mixed: every third row 2,000 characters longer (a chunk's rows, guessed
                           from its first line, may then be more than its slots: they grow) */
    const char *late;   /* plain short numbers, and this token in column late_col of every row from
                           the fourth on: the first field of a row the general path lists is */
    int late_col;       /* thousands of fields in (its arrays must grow that far at once; they did
                           not, and the stray writes gave NA for Inf, or a crash) */
} Spec;

static void make(Buf *b, const Spec *s) {
    b->len = 0;
    const char *nl = s->crlf ? "\r\n" : "\n";
    buf_puts(b, s->expr || s->gene ? "gene" : "id");
    if (s->annot) buf_printf(b, "%cEntrez_Gene_Id", s->sep);
    for (int j = 0; j < s->cols; j++) {
        if (s->expr) buf_printf(b, "%cTCGA-%02d-%04d-%s", s->sep, 10 + j % 7, j / 2, j % 5 == 4 ? "11A" : "01A");
        else buf_printf(b, "%cf%d", s->sep, j + 1);
    }
    buf_puts(b, nl);
    for (int i = 0; i < s->rows; i++) {
        if (s->blank && i % 997 == 500) buf_puts(b, i % 2 ? "   " : "");
        if (s->blank && i % 997 == 500) buf_puts(b, nl);
        if (s->expr) {
            int g = i % 1500 == 7 ? 3 : i;   /* duplicate symbols */
            if (i % 2000 == 13) buf_puts(b, "?|12345");
            else buf_printf(b, "G%d|%d", g, 100 + g);
        } else if (s->quotes && i % 1000 == 999) {
            buf_printf(b, "\"P%06d\"", i);
        } else {
            buf_printf(b, "P%06d", i);
        }
        if (s->annot) buf_printf(b, "%c%d", s->sep, 100 + i);
        for (int j = 0; j < s->cols; j++) {
            buf_add(b, (const char[]){(char)s->sep}, 1);
            if (s->odd && rnd() % 50 == 0) {   /* each makes its column text, or is read by num_parse */
                buf_puts(b, (const char *[]){"-", ".", "-.", "1.2.3", "--5", "5-", "1e", "1e+", "0x", "+.5", "1,5",
                                             "12345678901234567890.12345", "-0000000000000001", "1234567890123456",
                                             "-1234567890123456", ".0000000000000001", "9.99999999999999999e22",
                                             "1e-400", "  7.25", "7.25  ", "\xef\xbc\x91", "NaN", "-inf"}[rnd() % 23]);
                continue;
            }
            if (s->late) {
                if (j == s->late_col && i >= 3) buf_puts(b, s->late);
                else buf_printf(b, "%.3f", (double)(int64_t)(rnd() % 2000001 - 1000000) / 1000.0);
                continue;
            }
            if (s->mixed && j % 7 == 3) {
                if (s->longrow && i % 3 == 0 && j == 3)
                    for (int k = 0; k < 2000; k++) buf_add(b, "w", 1);
                else buf_puts(b, (const char *[]){"low", "high", "NA", "mid", "x y"}[rnd() % 5]);
                continue;
            }
            if (s->excel && i == s->rows - 300 && j == 1) buf_puts(b, "#DIV/0!");
            else if (s->textcol && i == s->rows - 200 && j == 2) buf_puts(b, "high");
            else if (s->nul && i == s->rows - 100 && j == 0) buf_add(b, "1\0", 2);
            else if (s->lone_cr && i == s->rows / 2 && j == 0) buf_puts(b, "1\r2");
            else cell(b, 1);
        }
        if (s->ragged && i == s->rows - 50) buf_printf(b, "%c1", s->sep);
        if (s->trail) buf_add(b, (const char[]){(char)s->sep}, 1);
        buf_puts(b, nl);
    }
}

static int same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Are two tables the same, bit for bit?  (Both NULL: the same too.) */
static int same_table(const Table *a, const Table *b) {
    if (!a || !b) return a == b;
    if (a->nrow != b->nrow || a->ncol != b->ncol || a->id != b->id) return 0;
    for (size_t j = 0; j < a->ncol; j++) {
        const Column *x = &a->cols[j], *y = &b->cols[j];
        if (strcmp(x->name, y->name) || x->type != y->type || x->meta != y->meta) return 0;
        for (size_t i = 0; i < a->nrow; i++) {
            if (x->type == COL_NUM && !same_double(x->num[i], y->num[i])) return 0;
            if (x->type == COL_STR && (!x->str[i] != !y->str[i] || (x->str[i] && strcmp(x->str[i], y->str[i])))) return 0;
        }
    }
    if (a->lineage.nin != b->lineage.nin) return 0;
    for (size_t k = 0; k < a->lineage.nin; k++)
        if (strcmp(a->lineage.in[k].sha256, b->lineage.in[k].sha256) || a->lineage.in[k].size != b->lineage.in[k].size)
            return 0;
    return 1;
}

static int same_list(const StrList *a, const StrList *b) {
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i])) return 0;
    return 1;
}

typedef struct Got {
    Table *t;
    Buf err;
    LoadReport lr;
    ExprReport er;
} Got;

static void load(const char *path, int expr, Got *g) {
    memset(g, 0, sizeof *g);
    int cancelled = 0;
    if (expr) {
        ExprOpts o = {.name = "ex", .threads = 3};
        g->t = expr_load(path, &o, &g->er, &g->err, &cancelled);
    } else {
        LoadOpts o = {.name = "t", .threads = 3};
        g->t = table_load(path, &o, &g->lr, &g->err, &cancelled);
    }
}

static void got_free(Got *g) {
    table_free(g->t);
    buf_free(&g->err);
    load_report_free(&g->lr);
    expr_report_free(&g->er);
}

static int same_got(const Got *a, const Got *b) {
    if (!same_table(a->t, b->t)) return 0;
    if ((a->err.s ? strcmp(a->err.s, b->err.s ? b->err.s : "") : b->err.len != 0)) return 0;
    const LoadReport *x = &a->lr, *y = &b->lr;
    if (x->sep != y->sep || x->comment_lines != y->comment_lines || x->rownames != y->rownames || x->nnum != y->nnum ||
        x->nstr != y->nstr || x->multiline != y->multiline || !same_list(&x->warnings, &y->warnings) ||
        !same_list(&x->dropped, &y->dropped))
        return 0;
    const ExprReport *p = &a->er, *q = &b->er;
    if (p->genes_read != q->genes_read || p->samples != q->samples || p->no_symbol != q->no_symbol ||
        p->dup_genes != q->dup_genes || p->rows != q->rows || p->averaged != q->averaged ||
        !same_list(&p->dup_names, &q->dup_names) || !same_list(&p->dropped, &q->dropped) ||
        !same_list(&p->warnings, &q->warnings))
        return 0;
    return 1;
}

/* Load path with the record path, with bulk mode (AVX2 and portable) and
 * compare; for .gz files also zlib against ISA-L.  bulk: the file is one
 * bulk mode must take most of (a check that the comparison is not of the
 * record path with itself). */
static void compare(const char *name, const char *path, int expr, int bulk) {
    Got ref, g;
    csv_bulk_enable(0);
    rawin_isal(0);
    load(path, expr, &ref);
    int ok = 1;
    for (int mode = 1; mode <= 2; mode++)
        for (int isal = 0; isal <= 1; isal++) {
            csv_bulk_enable(mode);
            rawin_isal(isal);
            load(path, expr, &g);
            long nb = expr ? g.er.bulk_records : g.lr.bulk_records;
            if (bulk && nb < 1000) {
                ok = 0;
                printf("FAIL %s: bulk mode %d took only %ld records\n", name, mode, nb);
            }
            if (!same_got(&ref, &g)) {
                ok = 0;
                printf("FAIL %s: bulk mode %d, isal %d differs from the record path (%s | %s)\n", name, mode, isal,
                       ref.err.s ? ref.err.s : "ok", g.err.s ? g.err.s : "ok");
            }
            got_free(&g);
        }
    csv_bulk_enable(1);
    rawin_isal(1);
    if (ok) t_pass++;
    else t_fail++;
    /* the checksum: of the file's bytes, as sha256sum says */
    if (ref.t) {
        char hex[65];
        uint64_t size;
        int fd = open(path, O_RDONLY);
        CHECK(fd >= 0 && sha256_fd(fd, hex, &size) == 0);
        if (fd >= 0) close(fd);
        CHECK_STR(ref.t->lineage.in[0].sha256, hex);
        CHECK_COUNT(ref.t->lineage.in[0].size, size);
    }
    got_free(&ref);
}

#if defined(__linux__) && defined(SYS_gettid)
/* The workers run at the caller's nice + RAWIN_WORKER_NICE (io/rawin.c):
 * the nice each one had while it parsed, the highest seen. */
static int worker_nice_seen = -100;

static void *nice_parse(void *ctx, const TextChunk *c) {
    (void)c;
    errno = 0;
    int n = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
    if (n == -1 && errno) n = -100;
    int old = __atomic_load_n(&worker_nice_seen, __ATOMIC_RELAXED);
    while (n > old && !__atomic_compare_exchange_n(&worker_nice_seen, &old, n, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
    return ctx;
}

static void nice_discard(void *ctx, void *res) {
    (void)ctx;
    (void)res;
}

static void check_worker_nice(const char *path) {
    errno = 0;
    const int before = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
    CHECK(errno == 0);
    Buf err = {0};
    RawPipe *p = rawpipe_open(path, NULL, &err);
    CHECK(p != NULL);
    if (!p) return;
    TextChunk *c = rawpipe_next(p);   /* the first chunk on the calling thread, as csv_read does */
    CHECK(c != NULL);
    if (c) rawpipe_release(p, c);
    int marker = 0;
    CHECK_COUNT(rawpipe_bulk(p, 2, nice_parse, nice_discard, &marker), 2);
    long parsed = 0;
    while ((c = rawpipe_next(p))) {
        parsed += c->res == &marker;
        rawpipe_release(p, c);
    }
    char sha[65];
    unsigned long long bytes = 0;
    CHECK(rawpipe_close(p, sha, &bytes) == 1);
    CHECK(parsed >= 2);
    const int want = before + RAWIN_WORKER_NICE > 19 ? 19 : before + RAWIN_WORKER_NICE;
    CHECK_COUNT(worker_nice_seen, want);
    CHECK_COUNT(getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid)), before);
    buf_free(&err);
}
#endif

static const char *write_file(const char *name, const Buf *b, int gz) {
    static char path[256];
    snprintf(path, sizeof path, "tests/tmp/%s", name);
    if (!gz) return write_tmp(name, b->s, b->len);
    gzFile f = gzopen(path, "wb1");
    if (!f) { perror(path); exit(2); }
    /* two gzip members, to check the second is read too */
    gzwrite(f, b->s, (unsigned)(b->len / 2));
    gzclose(f);
    f = gzopen(path, "ab1");
    gzwrite(f, b->s + b->len / 2, (unsigned)(b->len - b->len / 2));
    gzclose(f);
    return path;
}

int main(void) {
    Buf b = {0};
    const struct { const char *name; Spec s; } cases[] = {
        {"plain.csv", {.sep = ',', .rows = 6000, .cols = 60}},
        {"plain.tsv", {.sep = '\t', .rows = 5000, .cols = 80, .blank = 1}},
        {"crlf.csv", {.sep = ',', .rows = 5000, .cols = 60, .crlf = 1, .blank = 1}},
        {"quotes.csv", {.sep = ',', .rows = 6000, .cols = 50, .quotes = 1}},
        {"excel.csv", {.sep = ',', .rows = 6000, .cols = 50, .excel = 1}},
        {"textcol.csv", {.sep = ',', .rows = 6000, .cols = 50, .textcol = 1}},
        {"ragged.csv", {.sep = ',', .rows = 6000, .cols = 50, .ragged = 1}},
        {"nul.csv", {.sep = ',', .rows = 6000, .cols = 50, .nul = 1}},
        {"lonecr.csv", {.sep = ',', .rows = 6000, .cols = 50, .lone_cr = 1}},
        {"trail.csv", {.sep = ',', .rows = 6000, .cols = 50, .trail = 1}},
        {"gene.tsv", {.sep = '\t', .rows = 6000, .cols = 50, .gene = 1}},
        /* wide: the chunks' copy onto the columns shared out among threads */
        {"wide.tsv", {.sep = '\t', .rows = 2500, .cols = 600, .blank = 1}},
        {"widetext.csv", {.sep = ',', .rows = 2500, .cols = 600, .textcol = 1}},
        /* text columns among numeric ones: the chunk's rows made columns in runs of up to 8 */
        {"mixed.tsv", {.sep = '\t', .rows = 3000, .cols = 300, .mixed = 1, .trail = 1}},
        {"mixed.csv", {.sep = ',', .rows = 4000, .cols = 45, .mixed = 1, .crlf = 1}},
        /* odd tokens: the 16-character path refuses them, the general one decides (text, a second pass) */
        {"odd.tsv", {.sep = '\t', .rows = 5000, .cols = 40, .odd = 1}},
        /* rows of very different lengths: a chunk's slots grow past the guess from its first line */
        {"longrow.csv", {.sep = ',', .rows = 6000, .cols = 60, .mixed = 1, .longrow = 1}},
        {"late_na.tsv", {.sep = '\t', .rows = 1500, .cols = 2000, .late = "NA", .late_col = 1998}},
        {"late_inf.csv", {.sep = ',', .rows = 1500, .cols = 1200, .late = "Inf", .late_col = 1000}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        make(&b, &cases[c].s);
        const Spec *sp = &cases[c].s;
        int bulk = !sp->quotes && !sp->ragged && !sp->nul && !sp->lone_cr;   /* (a late error stops it) */
        compare(cases[c].name, write_file(cases[c].name, &b, 0), 0, bulk);
    }
    /* expression matrices: duplicate symbols, '?' rows, normal samples dropped, NA */
    Spec e = {.sep = '\t', .rows = 3000, .cols = 120, .expr = 1, .blank = 1};
    make(&b, &e);
    compare("expr.tsv", write_file("expr.tsv", &b, 0), 1, 1);
    compare("expr.tsv.gz", write_file("expr.tsv.gz", &b, 1), 1, 1);
    Spec e2 = {.sep = '\t', .rows = 3000, .cols = 120, .expr = 1, .crlf = 1, .ragged = 1};
    make(&b, &e2);
    compare("expr_ragged.tsv", write_file("expr_ragged.tsv", &b, 0), 1, 0);
    Spec e3 = {.sep = '\t', .rows = 3000, .cols = 100, .expr = 1, .annot = 1};   /* a column that is not a sample */
    make(&b, &e3);
    compare("expr_annot.tsv", write_file("expr_annot.tsv", &b, 0), 1, 1);
    Spec g = {.sep = ',', .rows = 6000, .cols = 60, .quotes = 1};
    make(&b, &g);
    compare("plain.csv.gz", write_file("plain.csv.gz", &b, 1), 0, 0);
    /* a gzip file cut short, and one with a corrupt byte: the same message either way */
    const char *path = write_file("cut.csv.gz", &b, 1);
    FILE *f = fopen(path, "r+b");
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    CHECK(ftruncate(fileno(f), len * 2 / 3) == 0);
    fclose(f);
    compare("cut.csv.gz", path, 0, 0);
    path = write_file("bad.csv.gz", &b, 1);
    f = fopen(path, "r+b");
    fseek(f, len / 3, SEEK_SET);
    fputc(0x55, f);
    fputc(0xAA, f);
    fclose(f);
    compare("bad.csv.gz", path, 0, 0);
#if defined(__linux__) && defined(SYS_gettid)
    Spec w = {.sep = '\t', .rows = 20000, .cols = 60};   /* some 10 MB: chunks after the first for the workers */
    make(&b, &w);
    check_worker_nice(write_file("nice.tsv", &b, 0));
#endif
    buf_free(&b);
    return TEST_END();
}
