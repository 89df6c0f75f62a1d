/* fuzz_maf.c — load mutations (MAF: column names in any case, classes,
 * FILTER, sample types, barcodes). */
#include "fuzz_common.h"
#include "io/load_maf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    for (int m = 0; m < 2; m++) {
        MafOpts o = {.name = "m", .min = 1, .sample = m, .filter = m ? "PASS" : NULL};
        MafReport rep = {0};
        Buf err = {0};
        int cancelled = 0;
        Table *t = maf_load(path, &o, &rep, &err, &cancelled);
        if (t) table_free(t);
        maf_report_free(&rep);
        buf_free(&err);
    }
    close(fd);
    return 0;
}
