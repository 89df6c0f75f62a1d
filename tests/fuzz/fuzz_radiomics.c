/* fuzz_radiomics.c — load radiomics (PyRadiomics batch output), both
 * layouts. */
#include "fuzz_common.h"
#include "io/load_radiomics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    for (int tr = 0; tr < 2; tr++) {
        RadOpts o = {.name = "r", .transposed = tr};
        RadReport rep = {0};
        Buf err = {0};
        int cancelled = 0;
        Table *t = radiomics_load(path, &o, &rep, &err, &cancelled);
        if (t) table_free(t);
        rad_report_free(&rep);
        buf_free(&err);
    }
    close(fd);
    return 0;
}
