/* fuzz_gmt.c — load genesets (GMT: names, descriptions, duplicates,
 * Enrichr weights, malformed lines, gzip), then the sets read back against
 * a small universe. */
#include "fuzz_common.h"
#include "io/load_gmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    GmtReport rep;
    Buf err = {0};
    Table *t = gmt_load(path, "g", &rep, &err);
    if (t) {
        static const char *const uni[] = {"CCK", "RPS4Y2", "A", "B", "1", "22", "gag", ""};
        GeneSetMap m;
        Buf e2 = {0};
        if (geneset_map(t, uni, sizeof uni / sizeof *uni, &m, &e2) == 0) geneset_map_free(&m);
        buf_free(&e2);
        table_free(t);
    }
    gmt_report_free(&rep);
    buf_free(&err);
    close(fd);
    return 0;
}
