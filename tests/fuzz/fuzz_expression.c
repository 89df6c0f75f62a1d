/* fuzz_expression.c — load expression (genes × samples, annotation
 * columns, a second header row, duplicate symbols, barcodes), each
 * sample= mode. */
#include "fuzz_common.h"
#include "io/load_expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    for (int m = 0; m < 3; m++) {
        ExprOpts o = {.name = "e", .sample = m};
        ExprReport rep = {0};
        Buf err = {0};
        int cancelled = 0;
        Table *t = expr_load(path, &o, &rep, &err, &cancelled);
        if (t) table_free(t);
        expr_report_free(&rep);
        buf_free(&err);
    }
    close(fd);
    return 0;
}
