/* fuzz_table.c — load table: the CSV/TSV reader (separator detection,
 * quotes, BOM, CRLF, comment lines, R row names, type inference, gzip). */
#include "fuzz_common.h"
#include "io/load_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    LoadOpts o = {.name = "t"};
    LoadReport rep = {0};
    Buf err = {0};
    int cancelled = 0;
    Table *t = table_load(path, &o, &rep, &err, &cancelled);
    if (t) table_free(t);
    load_report_free(&rep);
    buf_free(&err);
    close(fd);
    return 0;
}
