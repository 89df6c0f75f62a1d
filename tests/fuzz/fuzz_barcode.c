/* fuzz_barcode.c — the TCGA barcode normaliser, with and without a
 * prefix; the patient part is always a terminated string that parses to
 * itself. */
#include "fuzz_common.h"
#include "io/barcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_text(data, size);
    if (!s) return 0;
    Barcode b, c;
    barcode_parse(s, NULL, &b);
    barcode_parse(s, "TCGA-", &c);
    if (!b.patient || !c.patient) abort();
    if (b.tcga) {   /* a patient ID is a fixed point */
        Barcode d;
        barcode_parse(b.patient, NULL, &d);
        if (!d.tcga || strcmp(d.patient, b.patient) != 0) abort();
        barcode_free(&d);
    }
    (void)barcode_sample_name(b.sample);
    (void)barcode_is_primary(c.sample);
    barcode_free(&b);
    barcode_free(&c);
    free(s);
    return 0;
}
