/* fuzz_clinical.c — load clinical (CDR, cBioPortal, BCR biotab: the
 * patient column, survival columns, event codings, per-patient collapse). */
#include "fuzz_common.h"
#include "io/load_clinical.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0) return 0;
    static const char *const endpoints[] = {"OS", "PFI"};
    for (int m = 0; m < 2; m++) {
        ClinOpts o = {.name = "c", .endpoint = endpoints[m]};
        ClinReport rep = {0};
        Buf err = {0};
        int cancelled = 0;
        Table *t = clinical_load(path, &o, &rep, &err, &cancelled);
        if (t) table_free(t);
        clin_report_free(&rep);
        buf_free(&err);
    }
    close(fd);
    return 0;
}
