/* load_radiomics.c — see load_radiomics.h. */
#include "io/load_radiomics.h"
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/barcode.h"

static const char *const ID_NAMES[] = {"id", "patient", "patient_id", "patientid", "case", "case_id", "caseid",
                                       "subject", "subject_id", "barcode", "bcr_patient_barcode"};

/* PyRadiomics' diagnostics (diagnostics_*, and general_info_* in its
 * older output: the bounding box, voxel and volume counts, versions,
 * settings), and the image and mask paths: kept as metadata, never
 * features, never the ID. */
static int is_meta_name(const char *n) {
    return strncmp(n, "diagnostics_", 12) == 0 || strncmp(n, "general_info_", 13) == 0 || strcasecmp(n, "Image") == 0 ||
           strcasecmp(n, "Mask") == 0;
}

/* A text column that holds no letter: numbers, a tuple such as a bounding
 * box "(11, 11, 7, 144, 80, 10)", a date — not an ID to take unasked. */
static int numeric_looking(const Table *t, size_t j) {
    const Column *c = &t->cols[j];
    if (c->type != COL_STR) return 1;
    for (size_t i = 0; i < t->nrow; i++)
        for (const char *p = c->str[i]; p && *p; p++)
            if (isalpha((unsigned char)*p)) return 0;
    return 1;
}

/* A PyRadiomics feature name (image type, then class_feature): such a
 * column is a feature even when it holds text, never the patient ID. */
static int is_feature_name(const char *n) {
    static const char *const types[] = {"original_", "wavelet", "log-sigma", "square_", "squareroot_", "logarithm_",
                                        "exponential_", "gradient_", "lbp-"};
    for (size_t k = 0; k < sizeof types / sizeof *types; k++)
        if (strncmp(n, types[k], strlen(types[k])) == 0) return 1;
    return 0;
}

/* A numeric column 0..n-1 or 1..n under an empty-ish name: pandas' index. */
static int is_index_col(const Table *t, size_t j) {
    const Column *c = &t->cols[j];
    if (c->type != COL_NUM || t->nrow == 0) return 0;
    if (strcmp(c->name, "id") && strcmp(c->name, "V1") && strcmp(c->name, "Unnamed: 0") && strcmp(c->name, "X")) return 0;
    double base = c->num[0];
    if (base != 0 && base != 1) return 0;
    for (size_t i = 0; i < t->nrow; i++)
        if (c->num[i] != base + (double)i) return 0;
    return 1;
}

/* Text of cell (i, j) for an ID (numbers as integers when whole). */
static char *id_text(const Table *t, size_t i, size_t j) {
    const Column *c = &t->cols[j];
    if (c->type == COL_STR) return c->str[i] ? strdup(c->str[i]) : NULL;
    char tmp[64];
    const char *s = table_cell_text(t, i, j, 17, tmp, sizeof tmp);
    return s ? strdup(s) : NULL;
}

static Table *transpose(const Table *raw, const char *name, const char *path, StrList *warnings, Buf *err) {
    if (raw->ncol < 2 || raw->cols[0].type != COL_STR) {
        buf_printf(err, "%s: layout=features-by-patients needs feature names in the first column and one column per patient",
                   path);
        return NULL;
    }
    for (size_t j = 1; j < raw->ncol; j++)
        if (raw->cols[j].type != COL_NUM) {
            buf_printf(err, "%s: patient column %s holds text; features-by-patients needs numbers", path,
                       raw->cols[j].name);
            return NULL;
        }
    size_t np = raw->ncol - 1;
    Table *t = table_new(name, path, np);
    char **ids = xcalloc(np ? np : 1, sizeof *ids);
    for (size_t p = 0; p < np; p++) ids[p] = xstrdup(raw->cols[p + 1].name);
    table_add_str(t, "patient", NULL, ids);
    /* feature names made unique as load table makes column names (make.unique) */
    char **fnames = xcalloc(raw->nrow ? raw->nrow : 1, sizeof *fnames);
    for (size_t f = 0; f < raw->nrow; f++) fnames[f] = xstrdup(raw->cols[0].str[f] ? raw->cols[0].str[f] : "NA");
    make_names_unique_as(fnames, raw->nrow, warnings, "feature name", "feature rows");
    for (size_t f = 0; f < raw->nrow && t; f++) {
        double *v = malloc((np ? np : 1) * sizeof *v);
        if (v)
            for (size_t p = 0; p < np; p++) v[p] = raw->cols[p + 1].num[f];
        if (!v || table_add_num(t, fnames[f], NULL, v) < 0) {   /* the table owns v, even on failure */
            table_free(t);
            t = NULL;
            buf_printf(err, "out of memory while loading %s", path);
        }
    }
    for (size_t f = 0; f < raw->nrow; f++) free(fnames[f]);
    free(fnames);
    return t;
}

Table *radiomics_load(const char *path, const RadOpts *o, RadReport *rep, Buf *err, int *cancelled) {
    LoadOpts lo = {.name = o->name, .id = "none", .sep = o->sep, .na = o->na, .nna = o->nna, .cancel = o->cancel,
                   .progress = o->progress, .progress_ctx = o->progress_ctx};
    Table *raw = table_load(path, &lo, &rep->load, err, cancelled);
    if (!raw) return NULL;
    Table *t = NULL;
    regex_t re;
    int have_re = 0;
    char **ids = NULL;
    if (o->transposed) {
        t = transpose(raw, o->name, path, &rep->load.warnings, err);
        if (t) lineage_merge(&t->lineage, &raw->lineage);
        table_free(raw);
        if (!t) return NULL;
        raw = t;
        t = NULL;
        rep->id_desc = strdup("the header (features-by-patients)");
    }
    size_t n = raw->nrow;
    rep->rows = n;
    /* the ID column, and an optional regular expression */
    long idc = -1;
    if (o->id) {
        char *spec = strdup(o->id);
        char *colon = strchr(spec, ':');
        if (colon) {
            *colon = '\0';
            int rc = regcomp(&re, colon + 1, REG_EXTENDED);
            if (rc) {
                char m[256];
                regerror(rc, &re, m, sizeof m);
                buf_printf(err, "id=%s: bad regular expression: %s", o->id, m);
                free(spec);
                goto fail;
            }
            have_re = 1;
        }
        idc = table_find_err(raw, spec, err);
        if (idc < 0) { free(spec); goto fail; }
        Buf d = {0};
        buf_printf(&d, "%s%s%s", raw->cols[idc].name, have_re ? ", first match of " : "", have_re ? colon + 1 : "");
        rep->id_desc = d.s;
        free(spec);
    } else if (!o->transposed) {
        for (size_t k = 0; k < sizeof ID_NAMES / sizeof *ID_NAMES && idc < 0; k++)
            for (size_t j = 0; j < raw->ncol && idc < 0; j++)
                if (strcasecmp(raw->cols[j].name, ID_NAMES[k]) == 0 && raw->cols[j].type == COL_STR) idc = (long)j;
        if (idc >= 0) rep->id_desc = strdup(raw->cols[idc].name);
        /* no column named like an ID: the first text column that is no
           feature, no metadata and not numbers only — said, with how to choose */
        for (size_t j = 0; j < raw->ncol && idc < 0; j++)
            if (raw->cols[j].type == COL_STR && !is_meta_name(raw->cols[j].name) &&
                !is_feature_name(raw->cols[j].name) && !numeric_looking(raw, j)) {
                idc = (long)j;
                Buf d = {0};
                buf_printf(&d, "%s, guessed", raw->cols[idc].name);
                rep->id_desc = d.s;
                strlist_addf(&rep->load.warnings, "no column is named like a patient ID (id, patient, case, "
                             "subject…): the patient is taken from column %s, the first text column that is neither a "
                             "feature nor metadata; give id=COL to choose, or id=COL:REGEX to take a part of it",
                             raw->cols[idc].name);
            }
        if (idc < 0) {
            buf_printf(err, "%s: no patient ID column; give id=COL, or id=Image:REGEX to take it from the image path",
                       path);
            goto fail;
        }
    } else {
        idc = 0;
    }
    ids = xcalloc(n ? n : 1, sizeof *ids);
    size_t no_id = 0, empty_match = 0, first_empty = 0;
    char *empty_example = NULL;   /* the value of the first row whose match was empty */
    for (size_t i = 0; i < n; i++) {
        char *s = id_text(raw, i, (size_t)idc);
        if (s && have_re) {
            regmatch_t m;
            if (regexec(&re, s, 1, &m, 0) != 0) {
                buf_printf(err, "%s: row %zu: %s '%s' has no match for the ID pattern", path, i + 1,
                           raw->cols[idc].name, s);
                free(s);
                free(empty_example);
                goto fail;
            }
            if (m.rm_eo == m.rm_so && !empty_match++) {   /* x* matches the empty string before anything */
                first_empty = i;
                empty_example = xstrdup(s);
            }
            char *x = xstrndup(s + m.rm_so, (size_t)(m.rm_eo - m.rm_so));
            free(s);
            s = x;
        }
        if (s) {
            Barcode b;
            barcode_parse(s, o->idprefix, &b);
            free(s);
            s = b.patient[0] ? strdup(b.patient) : NULL;
            barcode_free(&b);
        }
        if (!s) no_id++;
        ids[i] = s;
    }
    if (empty_match && empty_match == n) {
        buf_printf(err, "%s: id=%s: the pattern matches the empty string in every row (row 1: '%.60s'), so no row "
                   "would have an ID; give a pattern that matches the ID itself, e.g. id=%s:TCGA-[0-9A-Z]{2}-[0-9A-Z]{4}",
                   path, o->id, empty_example, raw->cols[idc].name);
        free(empty_example);
        goto fail;
    }
    if (empty_match)
        strlist_addf(&rep->load.warnings, "%zu row%s ha%s an empty ID: the pattern of id=%s matched the empty string "
                     "(the first: row %zu, '%.60s'); %s kept without a patient and left out of joins", empty_match,
                     empty_match == 1 ? "" : "s", empty_match == 1 ? "s" : "ve", o->id, first_empty + 1,
                     empty_example, empty_match == 1 ? "it is" : "they are");
    if (no_id > empty_match)
        strlist_addf(&rep->load.warnings, "%zu row%s ha%s no ID in column %s; kept without a patient and left out "
                     "of joins", no_id - empty_match, no_id - empty_match == 1 ? "" : "s",
                     no_id - empty_match == 1 ? "s" : "ve", raw->cols[idc].name);
    free(empty_example);
    /* the columns kept: all but the pandas index and a plain ID column */
    size_t *cols = xmalloc((raw->ncol ? raw->ncol : 1) * sizeof *cols), nc = 0;
    for (size_t j = 0; j < raw->ncol; j++) {
        if ((long)j == idc && (!have_re || o->transposed)) continue;
        if (!o->transposed && is_index_col(raw, j)) { rep->pandas_index = 1; continue; }
        cols[nc++] = j;
    }
    t = table_subset(raw, o->name, NULL, 0, cols, nc);
    free(cols);
    if (!t) { buf_printf(err, "out of memory while loading %s", path); goto fail; }
    /* a PyRadiomics table (most numeric columns named as its features):
       a number under another name (a DICOM series number, an age) is kept
       as metadata, not counted as a feature */
    size_t nnum = 0, npyr = 0;
    for (size_t j = 0; j < t->ncol; j++)
        if (t->cols[j].type == COL_NUM && !is_meta_name(t->cols[j].name)) {
            nnum++;
            npyr += is_feature_name(t->cols[j].name) != 0;
        }
    int pyradiomics = !o->transposed && npyr * 2 > nnum;
    StrList other = {0};
    /* the key first */
    Table *k = table_new(o->name, path, n);
    table_add_str(k, "patient", NULL, ids);
    ids = NULL;
    for (size_t j = 0; j < t->ncol; j++) {
        Column *c = &t->cols[j];
        long r = c->type == COL_NUM ? table_add_num(k, c->name, NULL, c->num) : table_add_str(k, c->name, NULL, c->str);
        c->num = NULL;
        c->str = NULL;
        if (r < 0) { table_free(k); goto fail; }
        k->cols[r].meta = is_meta_name(c->name);
        if (!k->cols[r].meta && pyradiomics && c->type == COL_NUM && !is_feature_name(c->name)) {
            k->cols[r].meta = 1;
            strlist_add(&other, c->name);
        }
        if (k->cols[r].meta) rep->meta++;
        else if (k->cols[r].type == COL_NUM) rep->features++;
        else {
            rep->text++;
            if (is_feature_name(k->cols[r].name)) {   /* a feature that is not a number */
                const char *v = NULL;
                for (size_t i = 0; i < n && !v; i++) v = k->cols[r].str[i];
                strlist_addf(&rep->load.warnings, "feature column '%s' holds text (e.g. '%.40s'), so it is not a "
                             "feature: fix the file", k->cols[r].name, v ? v : "");
            }
        }
    }
    if (other.n) {
        Buf b = {0};
        join_list(&b, (const char *const *)other.v, other.n, 5);
        strlist_addf(&rep->load.warnings, "%zu numeric column%s %s not named as a PyRadiomics feature (image type, "
                     "class, feature: original_glcm_Contrast) and %s kept as metadata, not counted as %s: %s (name "
                     "%s to use %s)", other.n, other.n == 1 ? "" : "s", other.n == 1 ? "is" : "are",
                     other.n == 1 ? "is" : "are", other.n == 1 ? "a feature" : "features", b.s,
                     other.n == 1 ? "it" : "them", other.n == 1 ? "it" : "them");
        buf_free(&b);
    }
    strlist_free(&other);
    table_free(t);
    t = k;
    rep->dups = table_set_id(t, 0);
    if (rep->dups) {   /* each repeated patient once, with its number of scans */
        StrMap seen = {0};
        size_t *count = xcalloc(n ? n : 1, sizeof *count), *first = xmalloc((n ? n : 1) * sizeof *first), nf = 0;
        for (size_t i = 0; i < n; i++) {
            size_t f;
            if (!t->cols[0].str[i]) continue;
            if (strmap_put(&seen, t->cols[0].str[i], nf, &f) == 1) { first[nf] = i; count[nf++] = 1; }
            else count[f]++;
        }
        size_t shown = 0;
        for (size_t q = 0; q < nf; q++) {
            if (count[q] < 2) continue;
            if (shown++ == 5) { strlist_add(&rep->dup_ids, "…"); break; }   /* the reader prints five: "…" says more */
            strlist_addf(&rep->dup_ids, "%s: %zu scans", t->cols[0].str[first[q]], count[q]);
        }
        free(count);
        free(first);
        strmap_free(&seen);
    }
    if (have_re) regfree(&re);
    lineage_merge(&t->lineage, &raw->lineage);
    table_free(raw);
    return t;
fail:
    if (ids)
        for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    if (have_re) regfree(&re);
    table_free(raw);
    return NULL;
}

void rad_report_free(RadReport *r) {
    load_report_free(&r->load);
    free(r->id_desc);
    strlist_free(&r->dup_ids);
}
