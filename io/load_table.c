/* load_table.c — see load_table.h.
 *
 * Columns start numeric and store doubles as they stream in (8 bytes a
 * value, no text kept).  A column whose values turn out not to be numbers
 * becomes text; if it had held numbers already, their original text is
 * lost, so the file is read a second time with the types now known.  The
 * second pass is rare (a column of numbers with a word far down). */
#include "io/load_table.h"
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "io/barcode.h"
#include "io/loader.h"
#include "io/numparse.h"

static const char *const NA_TOKENS[] = {
    "", "NA", "NaN", "nan", "null", "NULL", "[Not Available]", "[Not Applicable]",
    "[Unknown]", "[Discrepancy]", "[Not Evaluated]", "[Completed]", "--",
};

int is_na_token_n(const char *s, size_t n) {
    if (!n) return 1;
    unsigned char c = (unsigned char)*s;
    if ((c >= '0' && c <= '9') || c == '.' || c == '+' || (c == '-' && !(n > 1 && s[1] == '-'))) return 0;
    for (size_t i = 0; i < sizeof NA_TOKENS / sizeof *NA_TOKENS; i++)
        if (strlen(NA_TOKENS[i]) == n && memcmp(s, NA_TOKENS[i], n) == 0) return 1;
    return 0;
}

int is_na_token(const char *s) {
    unsigned char c = (unsigned char)*s;
    if (!c) return 1;
    /* a number's first character starts no token (only "--" starts with '-') */
    if ((c >= '0' && c <= '9') || c == '.' || c == '+' || (c == '-' && s[1] != '-')) return 0;
    for (size_t i = 0; i < sizeof NA_TOKENS / sizeof *NA_TOKENS; i++)
        if (strcmp(s, NA_TOKENS[i]) == 0) return 1;
    return 0;
}

/* Checks the syntax and converts in one pass, correctly rounded (the
 * bits of strtod): io/numparse.h. */
int parse_number(const char *s, double *out) { return num_parse(s, strlen(s), out); }

char *table_name_from_path(const char *path) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *n = xstrdup(b);
    for (;;) {  /* drop known extensions, repeatedly (.tsv.gz) */
        char *dot = strrchr(n, '.');
        if (!dot || dot == n) break;
        const char *ext = dot + 1;
        if (strcasecmp(ext, "gz") && strcasecmp(ext, "csv") && strcasecmp(ext, "tsv") &&
            strcasecmp(ext, "txt") && strcasecmp(ext, "tab") && strcasecmp(ext, "maf"))
            break;
        *dot = '\0';
    }
    for (char *p = n; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') *p = '_';
    if (!*n || isdigit((unsigned char)n[0])) {
        char *m = xmalloc(strlen(n) + 2);
        m[0] = 't';
        strcpy(m + 1, n);
        free(n);
        n = m;
    }
    return n;
}

void make_names_unique(char **names, size_t n, StrList *warnings) {
    make_names_unique_as(names, n, warnings, "column name", "columns");
}

void make_names_unique_as(char **names, size_t n, StrList *warnings, const char *what, const char *where) {
    for (size_t j = 0; j < n; j++)
        if (!names[j][0]) {
            free(names[j]);
            char tmp[32];
            if (j == 0) snprintf(tmp, sizeof tmp, "id");   /* R's row names */
            else snprintf(tmp, sizeof tmp, "V%zu", j + 1);
            names[j] = xstrdup(tmp);
        }
    StrMap seen = {0};
    for (size_t j = 0; j < n; j++) strmap_put(&seen, names[j], j, NULL);
    if (seen.n == n) { strmap_free(&seen); return; }
    strmap_free(&seen);
    StrMap used = {0};
    for (size_t j = 0; j < n; j++) {
        size_t first;
        if (strmap_put(&used, names[j], j, &first) == 1) continue;
        char *orig = names[j];
        Buf b = {0};
        for (int k = 1;; k++) {
            b.len = 0;
            buf_printf(&b, "%s.%d", orig, k);
            size_t dummy;
            if (!strmap_get(&used, b.s, &dummy)) {
                int clash = 0;   /* also avoid names that come later */
                for (size_t q = j + 1; q < n && !clash; q++) clash = strcmp(names[q], b.s) == 0;
                if (!clash) break;
            }
        }
        strlist_addf(warnings, "duplicate %s '%s' (%s %zu and %zu): renamed to '%s'", what, orig, where,
                     first + 1, j + 1, b.s);
        names[j] = b.s;
        free(orig);
        strmap_put(&used, names[j], j, NULL);
    }
    strmap_free(&used);
}



/* Excel's error values: a spreadsheet formula that failed, never data.
 * They are read as missing and reported (R's read.csv would make the
 * column text, or a number column NA only with na.strings). */
static const char *const EXCEL_ERRORS[] = {"#NAME?", "#DIV/0!", "#VALUE!", "#REF!", "#N/A", "#NUM!", "#NULL!",
                                           "#SPILL!", "#CALC!", "#GETTING_DATA"};

/* The index of s in EXCEL_ERRORS, or -1. */
static int excel_error(const char *s) {
    if (s[0] != '#') return -1;
    for (size_t k = 0; k < sizeof EXCEL_ERRORS / sizeof *EXCEL_ERRORS; k++)
        if (!strcmp(s, EXCEL_ERRORS[k])) return (int)k;
    return -1;
}

static int loader_is_na(const Loader *L, const char *s) {
    /* a field that starts like a number is not a standard missing token */
    unsigned char c = (unsigned char)s[0];
    int numeric_start = (c >= '0' && c <= '9') || c == '.' || ((c == '-' || c == '+') && s[1] != '-');
    if (!numeric_start && is_na_token(s)) return 1;
    for (size_t i = 0; i < L->o->nna; i++)
        if (strcmp(s, L->o->na[i]) == 0) return 1;
    return 0;
}

static int looks_like_id(const char *name) {
    static const char *const words[] = {"id", "patient", "sample", "barcode", "case", "subject", "row_names"};
    if (!*name) return 1;
    char low[64];
    size_t k = 0;
    for (; name[k] && k < sizeof low - 1; k++) low[k] = (char)tolower((unsigned char)name[k]);
    low[k] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *w = words[i];
        size_t wl = strlen(w);
        /* the whole name, or a word of it: "id", "patient_id", "PatientID", "bcr_patient_barcode" */
        const char *p = low;
        while ((p = strstr(p, w))) {
            int left = p == low || !isalpha((unsigned char)p[-1]) || (p > low && strcmp(w, "id") == 0);
            int right = !isalpha((unsigned char)p[wl]);
            if (left && right) return 1;
            p++;
        }
    }
    return 0;
}

static void free_strs(char **v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* A copy of the n fields f, or NULL when out of memory. */
static char **copy_fields(char **f, size_t n) {
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v) return NULL;
    for (size_t j = 0; j < n; j++)
        if (!(v[j] = strdup(f[j]))) { free_strs(v, j); return NULL; }
    return v;
}

static int loader_header(Loader *L, char **f, size_t n, long line, Buf *err) {
    L->header_line = line;
    if (!(L->names = copy_fields(f, n))) { L->oom = 1; return -1; }
    L->ncol = n;
    L->last_name_empty = n > 1 && !f[n - 1][0];
    return 0;
}

/* Allocate the columns once the first data row fixed the layout. */
static int loader_setup(Loader *L, Buf *err) {
    make_names_unique(L->names, L->ncol, L->warn);
    if (!L->forced) {
        if (!(L->forced = calloc(L->ncol ? L->ncol : 1, sizeof *L->forced))) { L->oom = 1; return -1; }
        L->idcol = -1;
        const char *id = L->o->id;
        if (id && strcasecmp(id, "none") != 0) {
            for (size_t j = 0; j < L->ncol && L->idcol < 0; j++)
                if (strcmp(L->names[j], id) == 0) L->idcol = (long)j;
            if (L->idcol < 0) {
                buf_printf(err, "%s:%ld: no column '%s' for id=", L->path, L->header_line, id);
                const char *g = suggest(id, (const char *const *)L->names, L->ncol);
                if (g) buf_printf(err, " (did you mean %s?)", g);
                buf_puts(err, "; columns: ");
                join_list(err, (const char *const *)L->names, L->ncol, 8);
                return -1;
            }
        } else if (!id && L->ncol > 0 && (L->rownames || looks_like_id(L->names[0]))) {
            L->idcol = 0;
        }
        if (L->idcol >= 0) L->forced[L->idcol] = T_STR;
    }
    size_t nc = L->ncol ? L->ncol : 1;
    L->type = calloc(nc, sizeof *L->type);
    L->had_num = calloc(nc, 1);
    L->num = calloc(nc, sizeof *L->num);
    L->str = calloc(nc, sizeof *L->str);
    if (!L->type || !L->had_num || !L->num || !L->str) { L->oom = 1; return -1; }
    for (size_t j = 0; j < L->ncol; j++) L->type[j] = L->forced[j] == T_STR ? T_STR : T_NUM;
    return 0;
}

/* (io/loader.h) */
int loader_grow_to(Loader *L, size_t cap) {
    for (size_t j = 0; j < L->ncol; j++) {
        if (L->type[j] == T_NUM) {
            double *v = realloc(L->num[j], cap * sizeof *v);
            if (!v) return -1;
            L->num[j] = v;
        } else {
            char **v = realloc(L->str[j], cap * sizeof *v);
            if (!v) return -1;
            L->str[j] = v;
        }
    }
    L->cap = cap;
    return 0;
}

/* Grow every column to twice its rows.  The first allocation is sized by
 * the width (about 64k cells in all), so that a file of a few rows and a
 * million columns takes memory for the rows it has, not for 1024 of them. */
static int loader_grow(Loader *L) {
    size_t cap = L->cap;
    if (!cap) {
        cap = L->ncol ? ((size_t)1 << 16) / L->ncol : 1024;
        if (cap < 1) cap = 1;
        if (cap > 1024) cap = 1024;
    } else {
        cap *= 2;
    }
    return loader_grow_to(L, cap);
}

/* Turn numeric column j into text.  Earlier numbers cannot be turned back
 * into their original text exactly, so then a second pass is requested. */
static int loader_to_text(Loader *L, size_t j) {
    char **v = calloc(L->cap ? L->cap : 1, sizeof *v);
    if (!v) return -1;
    free(L->num[j]);
    L->num[j] = NULL;
    L->str[j] = v;
    L->type[j] = T_STR;
    L->bulk_stale = L->btype != NULL;   /* chunks parsed with the old types go through loader_row */
    if (L->had_num[j]) L->second_pass_needed = 1;
    return 0;
}

static int loader_row(Loader *L, char **f, size_t n, long line, Buf *err);

/* TCGA BCR biotab files have three header lines: the names, other names,
 * and "CDE_ID:…".  The first data record is held until the second shows
 * whether they are those extra header lines. */
static int loader_record(void *ctx, char **f, size_t n, long line, Buf *err) {
    Loader *L = ctx;
    if (!L->names) return loader_header(L, f, n, line, err);
    int k = L->data_records++;
    if (k == 0) {
        if (!(L->held = copy_fields(f, n))) { L->oom = 1; return -1; }
        L->nheld = n;
        L->holding = 1;
        L->held_line = line;
        return 0;
    }
    if (k == 1) {
        int bcr = n > 0 && strncmp(f[0], "CDE_ID:", 7) == 0;
        char **h = L->held;
        size_t nh = L->nheld;
        L->held = NULL;
        L->nheld = 0;
        L->holding = 0;
        int rc = bcr ? 0 : loader_row(L, h, nh, L->held_line, err);
        free_strs(h, nh);
        if (bcr) { L->bcr_headers = 1; return 0; }
        if (rc) return rc;
    }
    return loader_row(L, f, n, line, err);
}

/* Flush a held first record at the end of the file. */
static int loader_flush(Loader *L, Buf *err) {
    if (!L->holding) return 0;
    char **h = L->held;
    size_t nh = L->nheld;
    L->held = NULL;
    L->nheld = 0;
    L->holding = 0;
    int rc = loader_row(L, h, nh, L->held_line, err);
    free_strs(h, nh);
    return rc;
}

static int loader_row(Loader *L, char **f, size_t n, long line, Buf *err) {
    if (!L->type) {
        if (n == L->ncol + 1 && !L->force_rownames && !f[n - 1][0]) {
            /* one empty field more than the header: a trailing separator
               (while every row has it empty; else R's row names, below) */
            L->trail = 1;
        } else if (n == L->ncol + 1) {   /* R-style header: row names have no name */
            char **nn = realloc(L->names, (L->ncol + 1) * sizeof *nn);
            if (!nn) { L->oom = 1; return -1; }
            L->names = nn;
            memmove(L->names + 1, L->names, L->ncol * sizeof *L->names);
            L->ncol++;
            if (!(L->names[0] = strdup(""))) { L->oom = 1; return -1; }
            L->rownames = 1;
        }
        if (loader_setup(L, err) < 0) return -1;
    }
    if (L->trail && n == L->ncol + 1) {
        if (f[n - 1][0]) {   /* a value there: the first column is R's row names after all */
            L->retry_rownames = 1;
            return -1;
        }
        n--;
        L->trail_rows++;
    }
    if (n != L->ncol) {
        buf_printf(err, "%s:%ld: row has %zu field%s but the header (line %ld) has %zu", L->path, line, n,
                   n == 1 ? "" : "s", L->header_line, L->ncol);
        if (n == L->ncol + 1 && !f[n - 1][0]) buf_puts(err, " (a trailing separator?)");
        else if (n == 1) buf_puts(err, " (wrong separator? use sep=)");
        return -1;
    }
    if (L->nrow == L->cap && loader_grow(L) < 0) { L->oom = 1; return -1; }
    size_t i = L->nrow;
    for (size_t j = 0; j < n; j++) {
        char *s = f[j];
        int na = loader_is_na(L, s), xe = na ? -1 : excel_error(s);
        if (xe >= 0) {   /* an Excel error value: missing, counted for the report */
            if (!L->excel_col && !(L->excel_col = calloc(L->ncol, 1))) { L->oom = 1; return -1; }
            if (!L->excel_n++) { L->excel_line = line; L->excel_row = i; }
            if (line != L->excel_last_line) { L->excel_lines++; L->excel_last_line = line; }
            L->excel_kinds |= 1u << xe;
            L->excel_col[j] = 1;
            na = 1;
        }
        if (L->type[j] == T_NUM) {
            double x;
            if (na) { L->num[j][i] = NAN; continue; }
            if (parse_number(s, &x) && L->forced[j] != T_STR) {
                L->num[j][i] = x;
                L->had_num[j] = 1;
                continue;
            }
            if (L->forced[j] == T_NUM) {   /* second pass: cannot happen, but be safe */
                buf_printf(err, "%s:%ld:%zu: '%s' is not a number", L->path, line, j + 1, s);
                return -1;
            }
            if (loader_to_text(L, j) < 0) { L->oom = 1; return -1; }
        }
        if (na) { L->str[j][i] = NULL; continue; }
        if (!(L->str[j][i] = strdup(s))) {
            for (size_t q = 0; q < j; q++)   /* the row is not stored: free its text so far */
                if (L->type[q] == T_STR) { free(L->str[q][i]); L->str[q][i] = NULL; }
            L->oom = 1;
            return -1;
        }
    }
    L->nrow++;
    return 0;
}

static void loader_free_data(Loader *L) {
    for (size_t j = 0; j < L->ncol; j++) {
        if (L->num) free(L->num[j]);
        if (L->str && L->str[j]) {
            for (size_t i = 0; i < L->nrow; i++) free(L->str[j][i]);
            free(L->str[j]);
        }
    }
    free(L->num);
    free(L->str);
    free(L->type);
    free(L->had_num);
    L->num = NULL;
    L->str = NULL;
    L->type = NULL;
    L->had_num = NULL;
    L->nrow = L->cap = 0;
}

/* Back to the state before the header (the types found are kept in forced). */
static void loader_reset(Loader *L) {
    loader_free_data(L);
    free_strs(L->names, L->ncol);
    L->names = NULL;
    L->ncol = 0;
    free_strs(L->held, L->nheld);
    L->held = NULL;
    L->nheld = 0;
    L->holding = 0;
    L->rownames = L->trail = L->bcr_headers = L->retry_rownames = L->second_pass_needed = 0;
    L->trail_rows = 0;
    L->data_records = 0;
    free(L->excel_col);
    L->excel_col = NULL;
    L->excel_n = L->excel_lines = 0;
    L->excel_line = L->excel_last_line = 0;
    L->excel_kinds = 0;
    free(L->btype);
    free(L->bslot);
    free(L->bdst);
    free(L->bpop);
    loader_bulk_free(L);
    L->bpop = NULL;
    L->btype = NULL;
    L->bslot = NULL;
    L->bdst = NULL;
    L->bnum = L->bstr = 0;
    L->bulk_stale = 0;
}

static void loader_free(Loader *L) {
    loader_reset(L);
    free(L->forced);
    L->forced = NULL;
}

/* When key column idcol holds TCGA sample barcodes: apply sample= (see
 * LoadOpts) and return the table to keep (t itself, or a new one; t is
 * then freed), without a key index (the caller builds it once).  NULL
 * when out of memory (t is freed). */
static Table *apply_sample_rule(Table *t, long idcol, const LoadOpts *o, LoadReport *rep) {
    char **ids = t->cols[idcol].str;
    size_t n = t->nrow;
    int *stype = malloc((n ? n : 1) * sizeof *stype);
    char **pat = calloc(n ? n : 1, sizeof *pat);
    size_t *keep = malloc((n ? n : 1) * sizeof *keep), *grp = malloc((n ? n : 1) * sizeof *grp);
    StrMap first = {0};
    Table *o2 = NULL;
    size_t nk = 0;
    int oom = !stype || !pat || !keep || !grp;
    for (size_t i = 0; i < n && !oom; i++) {
        stype[i] = -1;
        if (!ids[i]) continue;
        const char *p = ids[i];
        while (isspace((unsigned char)*p)) p++;
        if (strncasecmp(p, "TCGA", 4) != 0) continue;   /* not a barcode: no need to parse it */
        Barcode b;
        barcode_parse(ids[i], NULL, &b);
        if (b.tcga) {
            pat[i] = b.patient;
            stype[i] = b.sample;
            if (b.sample > 0) rep->barcodes = 1;
        } else {
            barcode_free(&b);
        }
    }
    if (oom || !rep->barcodes || o->sample == TABLE_SAMPLE_ALL) goto done;
    size_t *nper = calloc(n ? n : 1, sizeof *nper);
    if (!nper) { oom = 1; goto done; }
    for (size_t i = 0; i < n; i++) {
        grp[i] = (size_t)-1;
        if (!pat[i]) { keep[nk++] = i; continue; }   /* not a TCGA ID: kept as it is */
        if (stype[i] > 0 && !barcode_is_primary(stype[i])) {
            if (rep->ndropped++ < 10) strlist_addf(&rep->dropped, "%s (%s)", ids[i], barcode_sample_name(stype[i]));
            continue;
        }
        size_t f;
        int r = strmap_put(&first, pat[i], nk, &f);
        if (r < 0) { oom = 1; break; }
        if (r == 1) { grp[i] = nk; nper[nk] = 1; keep[nk++] = i; continue; }
        if (o->sample == TABLE_SAMPLE_MEAN) {
            grp[i] = f;
            if (nper[f]++ == 1) rep->averaged++;
            continue;
        }
        if (rep->ndropped++ < 10)
            strlist_addf(&rep->dropped, "%s (another row of %s; the first is used)", ids[i], pat[i]);
    }
    free(nper);
    if (oom || nk == n) goto done;
    o2 = table_subset(t, t->name, keep, nk, NULL, 0);
    if (!o2) { oom = 1; goto done; }
    if (o->sample == TABLE_SAMPLE_MEAN && rep->averaged) {
        double *sum = malloc(nk * sizeof *sum), *cnt = malloc(nk * sizeof *cnt);
        size_t over = 0;
        if (!sum || !cnt) { free(sum); free(cnt); oom = 1; goto done; }
        for (size_t j = 0; j < t->ncol; j++) {
            if (t->cols[j].type != COL_NUM) continue;
            for (size_t k = 0; k < nk; k++) sum[k] = cnt[k] = 0;
            for (size_t i = 0; i < n; i++) {
                double x = t->cols[j].num[i];
                if (grp[i] == (size_t)-1 || isnan(x)) continue;
                double u = sum[grp[i]] + x;
                over += isinf(u) && !isinf(x) && !isinf(sum[grp[i]]);   /* finite values, an infinite sum */
                sum[grp[i]] = u;
                cnt[grp[i]] += 1;
            }
            for (size_t k = 0; k < nk; k++)
                if (nk && grp[keep[k]] != (size_t)-1) o2->cols[j].num[k] = cnt[k] > 0 ? sum[k] / cnt[k] : NAN;
        }
        free(sum);
        free(cnt);
        if (over) sum_overflow_warning(&rep->warnings, over, "of a patient's primary rows (sample=mean)");
    }
done:
    for (size_t i = 0; pat && i < n; i++) free(pat[i]);
    free(pat);
    free(stype);
    free(keep);
    free(grp);
    strmap_free(&first);
    if (oom) {
        table_free(o2);
        table_free(t);
        return NULL;
    }
    if (o2) { table_free(t); return o2; }
    return t;
}

/* A field (surrounding blanks ignored) that is a number; or that is a
 * number or missing. */
static int field_num(const char *v, int or_missing) {
    while (*v == ' ' || *v == '\t') v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
    char *t = xstrndup(v, n);
    double x;
    int r = parse_number(t, &x) || (or_missing && is_na_token(t));
    free(t);
    return r;
}

/* Is the last of the '#' lines at the top of path the header (R's
 * read.csv has no comment character: `#id,x` is its header) rather than
 * a comment (a MAF's `#version 2.4`, cBioPortal's four `#` lines above
 * the real header)?  It is when
 *  - the '#' is followed by a name, not a blank (`# exported by …`);
 *  - it has two fields or more, as many as the line after it (or one
 *    fewer: R's row names);
 *  - and the line after it reads as a row, not as a header: no column
 *    where the '#' line has a number and it has none (cBioPortal's last
 *    `#` line holds priorities, `1 1 1`, above `PATIENT_ID …`), and no
 *    column where the next line has a number and it has none (a header
 *    above the first data row).
 * Returns that line's number (1-based) and its field count in *nfields,
 * or 0 when the '#' lines are comments (or there are none). */
static long hash_header_line(const char *path, int sep, long *nfields) {
    StrList lines = {0}, h = {0}, l1 = {0}, l2 = {0};
    long found = 0;
    struct stat st;   /* a FIFO or a device is read once: no looking ahead (its '#' lines are comments) */
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    /* a first look, then (only for a '#' line) the lines around the header */
    long n = csv_head(path, 1, (size_t)64 << 10, &lines);
    if (n == 1 && lines.v[0][0] == '#') {
        strlist_free(&lines);
        n = csv_head(path, 256, (size_t)4 << 20, &lines);
    }
    size_t i = 0;
    while (n > 0 && i < lines.n && lines.v[i][0] == '#') i++;
    if (n <= 0 || i == 0 || i >= lines.n) goto out;
    const char *hl = lines.v[i - 1];
    if (!hl[1] || hl[1] == ' ' || hl[1] == '\t') goto out;
    int sp = sep ? sep : csv_detect_sep(hl, path);
    long nh = csv_split_line(hl, sp, &h), n1 = csv_split_line(lines.v[i], sp, &l1);
    long n2 = i + 1 < lines.n ? csv_split_line(lines.v[i + 1], sp, &l2) : 0;
    if (nh < 2 || n1 < 0 || (nh != n1 && nh + 1 != n1)) goto out;
    size_t off = (size_t)(n1 - nh);   /* the header is one short: it names the columns after the first */
    for (size_t j = 0; j < (size_t)nh; j++)
        if (field_num(h.v[j], 0) && !field_num(l1.v[j + off], 0)) goto out;
    if (n2 == n1)
        for (size_t j = 0; j < (size_t)n1; j++)
            if (field_num(l2.v[j], 0) && !field_num(l1.v[j], 1)) goto out;
    found = (long)i;
    *nfields = nh;
out:
    strlist_free(&lines);
    strlist_free(&h);
    strlist_free(&l1);
    strlist_free(&l2);
    return found;
}

Table *table_load(const char *path, const LoadOpts *o, LoadReport *rep, Buf *err, int *cancelled) {
    Loader L = {.path = path, .o = o, .idcol = -1, .warn = &rep->warnings};
    CsvOpts co = {.sep = o->sep, .skip_comments = 1, .cancel = o->cancel, .progress = o->progress,
                  .progress_ctx = o->progress_ctx, .warnings = &rep->warnings, .bulk = &loader_bulk, .threads = o->threads};
    long hfields = 0;
    co.hash_header_line = hash_header_line(path, o->sep, &hfields);
    CsvInfo info;
    Table *t = NULL;
    size_t rows_read = 0, cols_read = 0;
    *cancelled = 0;
    int rc = csv_read(path, &co, loader_record, &L, &info, err);
    char sha_first[65];   /* a file read twice must be the same file twice */
    snprintf(sha_first, sizeof sha_first, "%s", rc == 0 ? info.sha256 : "");
    if (rc == 0) rc = loader_flush(&L, err);
    if (rc != 0 && L.retry_rownames && !L.oom) {
        /* an empty last field on the first rows looked like a trailing
           separator, but a later row has a value there: read again with
           the first column as R's row names */
        loader_reset(&L);
        free(L.forced);
        L.forced = NULL;
        L.force_rownames = 1;
        strlist_free(&rep->warnings);
        err->len = 0;
        rc = csv_read(path, &co, loader_record, &L, &info, err);
        if (rc == 0) rc = loader_flush(&L, err);
    }
    if (rc == 0 && L.second_pass_needed) {
        /* pass 2: the types are known now; keep the header and the types */
        for (size_t j = 0; j < L.ncol; j++) L.forced[j] = L.type[j] == T_STR ? T_STR : T_NUM;
        loader_reset(&L);
        strlist_free(&rep->warnings);
        co.sep = info.sep;
        rc = csv_read(path, &co, loader_record, &L, &info, err);
        if (rc == 0 && sha_first[0] && strcmp(sha_first, info.sha256)) {
            buf_printf(err, "%s changed while it was read (its SHA-256 differs between two readings); load it again",
                       path);
            rc = -1;
        }
        if (rc == 0) rc = loader_flush(&L, err);
    }
    if (rc == -2) { *cancelled = 1; goto done; }
    if (L.oom || info.oom) goto oom;
    if (rc != 0) goto done;
    if (!L.names) {
        buf_printf(err, "%s: the file is empty (no header line)", path);
        goto done;
    }
    if (!L.type && loader_setup(&L, err) < 0) goto done;
    rows_read = L.nrow;
    cols_read = L.ncol;
    /* a header that ends with a separator, and an empty last column */
    int drop_last = 0;
    if (L.last_name_empty && L.ncol > 1 && !L.rownames) {
        size_t j = L.ncol - 1;
        drop_last = 1;
        for (size_t i = 0; i < L.nrow && drop_last; i++)
            drop_last = L.type[j] == T_NUM ? isnan(L.num[j][i]) : L.str[j][i] == NULL;
    }
    t = table_new(o->name, path, L.nrow);
    if (!t) goto oom;
    for (size_t j = 0; j < L.ncol; j++) {
        if (drop_last && j == L.ncol - 1) break;
        long r;
        if (L.type[j] == T_NUM) {
            double *v = L.nrow ? realloc(L.num[j], L.nrow * sizeof *v) : malloc(sizeof *v);
            if (!v) goto oom;
            if (!L.nrow) free(L.num[j]);
            L.num[j] = NULL;
            r = table_add_num(t, L.names[j], o->name, v);
            rep->nnum++;
        } else {
            char **v = L.str[j] ? L.str[j] : calloc(1, sizeof *v);
            if (!v) goto oom;
            if (L.str[j] && L.nrow && L.nrow < L.cap) {
                char **w = realloc(v, L.nrow * sizeof *w);
                if (w) v = w;
            }
            L.str[j] = NULL;
            r = table_add_str(t, L.names[j], o->name, v);
            rep->nstr++;
        }
        if (r < 0) goto oom;
    }
    if (o->sep && L.ncol == 1 && L.names && L.names[0])   /* sep= given, and the header is one name made of others */
        for (const char *c = "\t,;"; *c; c++) {
            size_t k = 0;
            for (const char *q = L.names[0]; *q; q++) k += *q == *c;
            if (*c == o->sep || !k) continue;
            strlist_addf(&rep->warnings, "sep=%s, but the header holds no %s and %zu %s%s: the file was read as one "
                         "column; sep=%s (or leaving sep= out) reads %zu columns", csv_sep_name(o->sep),
                         csv_sep_name(o->sep), k, csv_sep_name(*c), k == 1 ? "" : "s", csv_sep_name(*c), k + 1);
            break;
        }
    if (drop_last)
        strlist_addf(&rep->warnings, "every line ends with a separator: the empty last column, which has no name, was "
                     "dropped (R's read.csv keeps it as an all-NA column X)");
    if (L.trail)
        strlist_addf(&rep->warnings, "%ld data row%s end%s with a separator (an empty last field) and the header does "
                     "not: the empty field was dropped (R's read.csv would take the first column as row names and shift "
                     "every column name by one)", L.trail_rows, L.trail_rows == 1 ? "" : "s",
                     L.trail_rows == 1 ? "s" : "");
    if (L.idcol < 0 && !o->id && L.ncol && t->ncol && t->cols[0].type == COL_STR) L.idcol = 0;
    if (L.idcol >= 0) {
        if (!(t = apply_sample_rule(t, L.idcol, o, rep))) goto oom;
        size_t ndup = table_set_id(t, L.idcol);
        size_t nmiss = column_missing(t, (size_t)L.idcol);
        if (ndup) {
            Buf b = {0};
            StrMap seen = {0}, named = {0};   /* an ID repeated on several rows is named once */
            size_t shown = 0;
            char **ids = t->cols[L.idcol].str;
            for (size_t i = 0; i < t->nrow; i++) {
                if (!ids[i]) continue;
                if (strmap_put(&seen, ids[i], i, NULL) == 0 && strmap_put(&named, ids[i], i, NULL) == 1 && shown++ < 5)
                    buf_printf(&b, "%s%s", shown > 1 ? ", " : "", ids[i]);
            }
            strmap_free(&seen);
            strmap_free(&named);
            strlist_addf(&rep->warnings, "%zu row%s repeat%s an ID of column '%s' (%s%s); lookups by ID use the first",
                         ndup, ndup == 1 ? "" : "s", ndup == 1 ? "s" : "", t->cols[L.idcol].name, b.s,
                         shown > 5 ? ", …" : "");
            buf_free(&b);
        }
        if (nmiss)
            strlist_addf(&rep->warnings, "%zu row%s ha%s no ID in column '%s'", nmiss, nmiss == 1 ? "" : "s",
                         nmiss == 1 ? "s" : "ve", t->cols[L.idcol].name);
    }
    /* a text column whose values are mostly numbers: say which value made
       it text (R's read.csv reads it as text too; the user should know) */
    for (size_t j = 0; j < t->ncol; j++) {
        if ((long)j == L.idcol || t->cols[j].type != COL_STR) continue;
        size_t known = 0, nums = 0, first = (size_t)-1;
        double x;
        for (size_t i = 0; i < t->nrow; i++) {
            const char *v = t->cols[j].str[i];
            if (!v) continue;
            known++;
            if (parse_number(v, &x)) nums++;
            else if (first == (size_t)-1) first = i;
        }
        if (nums && 2 * nums >= known && first != (size_t)-1)
            strlist_addf(&rep->warnings, "column '%s' read as text: row %zu has '%.40s%s', not a number, while %zu of "
                         "its %zu values are numbers (fix the file, or derive a numeric column)", t->cols[j].name,
                         first + 1, t->cols[j].str[first], strlen(t->cols[j].str[first]) > 40 ? "…" : "", nums, known);
    }
    if (L.excel_n) {   /* Excel error values, read as missing: which, where */
        Buf kinds = {0}, cols = {0};
        for (size_t k = 0; k < sizeof EXCEL_ERRORS / sizeof *EXCEL_ERRORS; k++)
            if (L.excel_kinds & (1u << k)) buf_printf(&kinds, "%s%s", kinds.len ? ", " : "", EXCEL_ERRORS[k]);
        size_t nc = 0;
        for (size_t j = 0; j < L.ncol; j++)
            if (L.excel_col[j] && nc++ < 5) buf_printf(&cols, "%s%s", nc > 1 ? ", " : "", L.names[j]);
        Buf key = {0};   /* the row's ID, when the rows kept their order */
        if (t->id >= 0 && !rep->barcodes && L.excel_row < t->nrow && t->cols[t->id].str[L.excel_row])
            buf_printf(&key, " (%s %.40s)", t->cols[t->id].name, t->cols[t->id].str[L.excel_row]);
        strlist_addf(&rep->warnings, "%zu cell%s hold%s the Excel error value%s %s (a spreadsheet formula that failed), "
                     "read as missing: line %ld%s%s, in %zu column%s (%s%s)", L.excel_n, L.excel_n == 1 ? "" : "s",
                     L.excel_n == 1 ? "s" : "", strchr(kinds.s, ',') ? "s" : "", kinds.s, L.excel_line,
                     key.s ? key.s : "", L.excel_lines > 1 ? " and others" : "", nc, nc == 1 ? "" : "s", cols.s,
                     nc > 5 ? ", …" : "");
        buf_free(&key);
        buf_free(&kinds);
        buf_free(&cols);
    }
    rep->sep = info.sep;
    rep->comment_lines = info.comment_lines;
    if (co.hash_header_line && t && t->ncol)
        strlist_addf(&rep->warnings, "line %ld starts with '#' but is read as the header, not as a comment: it "
                     "has the rows' %ld fields%s and the line after it is a row like those that follow (as R's "
                     "read.csv reads it); its first name is %s", co.hash_header_line, hfields,
                     L.rownames ? " after their row names" : "", t->cols[L.rownames && t->ncol > 1 ? 1 : 0].name);
    rep->rownames = L.rownames;
    rep->bcr_headers = L.bcr_headers;
    rep->multiline = info.multiline;
    rep->multiline_first = info.multiline_first;
    rep->bulk_records = info.bulk_records;
    lineage_add_input(&t->lineage, path, info.bytes, info.sha256);
    loader_free(&L);
    return t;
oom:
    /* the data is given back first: the message needs memory too */
    if (!rows_read) { rows_read = L.nrow; cols_read = L.ncol; }
    table_free(t);
    t = NULL;
    loader_free(&L);
    err->len = 0;
    buf_printf(err, "out of memory while loading %s (after %zu row%s of %zu column%s)", path, rows_read,
               rows_read == 1 ? "" : "s", cols_read, cols_read == 1 ? "" : "s");
    return NULL;
done:
    loader_free(&L);
    return NULL;
}

void load_report_free(LoadReport *r) {
    strlist_free(&r->warnings);
    strlist_free(&r->dropped);
}
