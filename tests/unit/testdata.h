/* testdata.h — loading the reference and data files in unit tests. */
#ifndef RGX_TESTDATA_H
#define RGX_TESTDATA_H
#include "check.h"
#include "io/join.h"
#include "io/load_clinical.h"
#include "io/load_expr.h"
#include "io/load_maf.h"
#include "io/load_table.h"

/* Load a delimited file with load table's defaults; exit on failure. */
__attribute__((unused)) static Table *load(const char *path) {
    LoadOpts o = {.name = "t"};
    LoadReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = table_load(path, &o, &rep, &err, &cancelled);
    if (!t) { printf("FAIL cannot load %s: %s\n", path, err.s); exit(1); }
    load_report_free(&rep);
    buf_free(&err);
    return t;
}

/* The real TCGA-GBM cohort through rgx's own loaders and join: CDR survival
 * (time, event) joined with MC3 mutations (min=1); 390 patients.  Exits
 * on failure. */
__attribute__((unused)) static Table *load_gbm_cohort(void) {
    Buf err = {0};
    int c;
    ClinOpts co = {.name = "cli"};
    ClinReport cr = {0};
    Table *cli = clinical_load("tests/data/mc3_gbm_clinical_cdr.tsv", &co, &cr, &err, &c);
    clin_report_free(&cr);
    MafOpts mo = {.name = "mut", .min = 1};
    MafReport mr = {0};
    Table *mut = cli ? maf_load("tests/data/mc3_gbm.maf.gz", &mo, &mr, &err, &c) : NULL;
    maf_report_free(&mr);
    Table *ts[2] = {cli, mut}, *cm = NULL;
    if (mut) {
        JoinReport jr = {0};
        cm = table_join(ts, 2, "cm", 1, &jr, &err);
        join_report_free(&jr);
    }
    if (!cm) { printf("FAIL cannot build the GBM cohort: %s\n", err.s ? err.s : "?"); exit(1); }
    table_free(cli);
    table_free(mut);
    buf_free(&err);
    return cm;
}

/* Load an expression matrix (a row per sample) with load expression's
 * defaults, named name; exit on failure. */
__attribute__((unused)) static Table *load_expression(const char *path, const char *name) {
    ExprOpts o = {.name = name};
    ExprReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = expr_load(path, &o, &rep, &err, &cancelled);
    if (!t) { printf("FAIL cannot load %s: %s\n", path, err.s); exit(1); }
    expr_report_free(&rep);
    buf_free(&err);
    return t;
}
#endif
