/* testdata.h — loading the reference and data files in unit tests. */
#ifndef RGX_TESTDATA_H
#define RGX_TESTDATA_H
#include "check.h"
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
#endif
