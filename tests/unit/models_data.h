/* models_data.h — the real data sets of tests/reference/models.R, loaded
 * through rgx's own loader, in the same row and column order as the R
 * script uses them. */
#ifndef RGX_MODELS_DATA_H
#define RGX_MODELS_DATA_H
#include "testdata.h"

typedef struct MData {
    size_t n, p;
    double *x;              /* n × p, column-major */
    double *y;              /* binomial outcome, or NULL */
    double *time, *event;   /* survival, or NULL */
    Table *t;               /* the loaded table (names), owned */
} MData;

__attribute__((unused)) static void mdata_free(MData *d) {
    free(d->x); free(d->y); free(d->time); free(d->event);
    table_free(d->t);
    memset(d, 0, sizeof *d);
}

/* The rows of a reference table whose first column is set. */
__attribute__((unused)) static size_t ref_rows(const Table *r, const char *set, size_t *rows) {
    size_t k = 0;
    for (size_t i = 0; i < r->nrow; i++)
        if (strcmp(r->cols[0].str[i], set) == 0) rows[k++] = i;
    return k;
}

/* A numeric column of a reference table by name. */
__attribute__((unused)) static const double *rcol(const Table *r, const char *name) {
    long j = table_find(r, name);
    if (j < 0 || r->cols[j].type != COL_NUM) { printf("FAIL no numeric column %s\n", name); exit(1); }
    return r->cols[j].num;
}

/* Arita 2018: the 683 MRI features (every numeric column but Target), Target. */
__attribute__((unused)) static MData load_arita(void) {
    MData d = {0};
    d.t = load("tests/data/arita2018.csv.gz");
    long jt = table_find(d.t, "Target");
    d.n = d.t->nrow;
    d.x = malloc(d.n * d.t->ncol * sizeof *d.x);
    d.y = malloc(d.n * sizeof *d.y);
    memcpy(d.y, d.t->cols[jt].num, d.n * sizeof *d.y);
    for (size_t j = 0; j < d.t->ncol; j++) {
        if ((long)j == jt || d.t->cols[j].type != COL_NUM) continue;
        memcpy(d.x + d.p * d.n, d.t->cols[j].num, d.n * sizeof *d.x);
        d.p++;
    }
    if (d.p != 683 || d.n != 168) { printf("FAIL arita: %zu x %zu\n", d.n, d.p); exit(1); }
    return d;
}

/* Column j of the Arita features by name. */
__attribute__((unused)) static const double *arita_col(const MData *d, const char *name) {
    long j = table_find(d->t, name);
    if (j < 0) { printf("FAIL arita has no %s\n", name); exit(1); }
    return d->t->cols[j].num;
}

/* NSCLC: the 94 CaPTk features that are numeric in every row (the 8 with
 * "#NAME?" in one row load as text and are left out), with days and event
 * from the clinical table matched on the patient ID. */
__attribute__((unused)) static MData load_nsclc(void) {
    MData d = {0};
    d.t = load("tests/data/nsclc_captk_features.csv");
    Table *c = load("tests/data/nsclc_clinical.csv");
    d.n = d.t->nrow;
    d.x = malloc(d.n * d.t->ncol * sizeof *d.x);
    d.time = malloc(d.n * sizeof *d.time);
    d.event = malloc(d.n * sizeof *d.event);
    for (size_t j = 0; j < d.t->ncol; j++) {
        if (d.t->cols[j].type != COL_NUM) continue;
        /* the 8 columns with Excel #NAME? cells in row R01-159 (missing to
           load table, text to R's read.csv: models.R uses the other 94) */
        int has_na = 0;
        for (size_t i = 0; i < d.n; i++) has_na |= isnan(d.t->cols[j].num[i]);
        if (has_na) continue;
        memcpy(d.x + d.p * d.n, d.t->cols[j].num, d.n * sizeof *d.x);
        d.p++;
    }
    const double *days = c->cols[table_find(c, "days")].num, *ev = c->cols[table_find(c, "event")].num;
    for (size_t i = 0; i < d.n; i++) {
        long r = table_row_of(c, d.t->cols[d.t->id].str[i]);
        if (r < 0) { printf("FAIL nsclc: no clinical row for %s\n", d.t->cols[d.t->id].str[i]); exit(1); }
        d.time[i] = days[r];
        d.event[i] = ev[r];
    }
    table_free(c);
    if (d.p != 94 || d.n != 206) { printf("FAIL nsclc: %zu x %zu\n", d.n, d.p); exit(1); }
    return d;
}

/* veteran: karno, diagtime, age, prior, trt and the large, smallcell,
 * squamous dummies; time, status. */
__attribute__((unused)) static MData load_veteran(void) {
    MData d = {0};
    d.t = load("tests/data/veteran.tsv");
    d.n = d.t->nrow;
    d.p = 8;
    d.x = malloc(d.n * d.p * sizeof *d.x);
    d.time = malloc(d.n * sizeof *d.time);
    d.event = malloc(d.n * sizeof *d.event);
    const char *num[5] = {"karno", "diagtime", "age", "prior", "trt"}, *lev[3] = {"large", "smallcell", "squamous"};
    for (int k = 0; k < 5; k++) memcpy(d.x + k * d.n, d.t->cols[table_find(d.t, num[k])].num, d.n * sizeof *d.x);
    long jc = table_find(d.t, "celltype");
    for (size_t i = 0; i < d.n; i++)
        for (int k = 0; k < 3; k++) d.x[(5 + k) * d.n + i] = strcmp(d.t->cols[jc].str[i], lev[k]) == 0;
    memcpy(d.time, d.t->cols[table_find(d.t, "time")].num, d.n * sizeof *d.time);
    memcpy(d.event, d.t->cols[table_find(d.t, "status")].num, d.n * sizeof *d.event);
    return d;
}

/* lung, complete cases (227 rows): age, sex, ph.ecog; time, status − 1. */
__attribute__((unused)) static MData load_lung(void) {
    MData d = {0};
    d.t = load("tests/data/lung.tsv");
    const double *t = d.t->cols[table_find(d.t, "time")].num, *s = d.t->cols[table_find(d.t, "status")].num;
    const double *c[3] = {d.t->cols[table_find(d.t, "age")].num, d.t->cols[table_find(d.t, "sex")].num,
                          d.t->cols[table_find(d.t, "ph.ecog")].num};
    size_t N = d.t->nrow;
    d.p = 3;
    d.x = malloc(N * 3 * sizeof *d.x);
    d.time = malloc(N * sizeof *d.time);
    d.event = malloc(N * sizeof *d.event);
    for (size_t i = 0; i < N; i++)
        if (!isnan(t[i]) && !isnan(s[i]) && !isnan(c[0][i]) && !isnan(c[1][i]) && !isnan(c[2][i])) {
            d.time[d.n] = t[i];
            d.event[d.n] = s[i] - 1;
            d.n++;
        }
    size_t k = 0;
    for (size_t i = 0; i < N; i++)
        if (!isnan(t[i]) && !isnan(s[i]) && !isnan(c[0][i]) && !isnan(c[1][i]) && !isnan(c[2][i])) {
            for (int j = 0; j < 3; j++) d.x[j * d.n + k] = c[j][i];
            k++;
        }
    return d;
}
#endif
