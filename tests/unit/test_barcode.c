/* test_barcode.c — TCGA barcodes of every length and spelling reduce to the patient. */
#include "check.h"
#include "io/barcode.h"

static void expect(const char *id, const char *prefix, const char *patient, int sample, int tcga) {
    Barcode b;
    barcode_parse(id, prefix, &b);
    CHECK_STR(b.patient, patient);
    if (b.sample != sample || b.tcga != tcga)
        printf("  %s: sample %d (want %d), tcga %d (want %d)\n", id, b.sample, sample, b.tcga, tcga);
    CHECK(b.sample == sample && b.tcga == tcga);
    barcode_free(&b);
}

int main(void) {
    expect("TCGA-02-0003", NULL, "TCGA-02-0003", -1, 1);                    /* 12 */
    expect("TCGA-02-0003-01", NULL, "TCGA-02-0003", 1, 1);                  /* 15 */
    expect("TCGA-02-0003-01A", NULL, "TCGA-02-0003", 1, 1);                 /* 16 */
    expect("TCGA-02-0003-01A-01", NULL, "TCGA-02-0003", 1, 1);              /* 19 */
    expect("TCGA-02-0003-01A-01D-1490-08", NULL, "TCGA-02-0003", 1, 1);     /* 28 */
    expect("TCGA-06-0125-02A-11D-2280-08", NULL, "TCGA-06-0125", 2, 1);     /* recurrence */
    expect("TCGA-AB-2802-03A-01W-0728-08", NULL, "TCGA-AB-2802", 3, 1);     /* blood */
    expect("TCGA-02-0003-10A-01D-1490-08", NULL, "TCGA-02-0003", 10, 1);    /* normal */
    expect("TCGA.02.0003.01A", NULL, "TCGA-02-0003", 1, 1);                 /* R make.names */
    expect("TCGA_02_0003_01A", NULL, "TCGA-02-0003", 1, 1);                 /* Kaggle */
    expect("tcga-02-0003-01a", NULL, "TCGA-02-0003", 1, 1);                 /* case */
    expect("  TCGA-02-0003 ", NULL, "TCGA-02-0003", -1, 1);                 /* blanks */
    expect("TCGA.02.0003.1", NULL, "TCGA-02-0003", -1, 1);                  /* make.unique */
    expect("TCGA-02-0003-01A.1", NULL, "TCGA-02-0003", 1, 1);
    expect("02-0003-01A", "TCGA-", "TCGA-02-0003", 1, 1);                   /* idprefix */
    expect("02.0003", "TCGA-", "TCGA-02-0003", -1, 1);
    expect("R01-042", NULL, "R01-042", -1, 0);                              /* not TCGA */
    expect(" LUNG1-001 ", NULL, "LUNG1-001", -1, 0);
    expect("TCGA-02-003", NULL, "TCGA-02-003", -1, 0);                      /* too short */
    expect("TCGA-02-00031", NULL, "TCGA-02-00031", -1, 0);                  /* no separator */
    expect("", NULL, "", -1, 0);
    /* IDs are never cut: two long IDs that differ past character 127 stay two */
    char long1[301], long2[301];
    memset(long1, 'x', 300);
    long1[300] = '\0';
    memcpy(long2, long1, sizeof long1);
    long2[250] = 'y';
    Barcode l1, l2;
    barcode_parse(long1, NULL, &l1);
    barcode_parse(long2, "TCGA-", &l2);
    CHECK(strlen(l1.patient) == 300 && strlen(l2.patient) == 300 && strcmp(l1.patient, l2.patient) != 0);
    barcode_free(&l1);
    barcode_free(&l2);
    expect("TCGA-02-0003-01A-01D-1490-08-and-a-long-tail-of-text-that-goes-on-and-on-and-on-past-"
           "one-hundred-and-twenty-eight-characters-to-check-that-a-long-barcode-still-parses", NULL,
           "TCGA-02-0003", 1, 1);
    CHECK(barcode_is_primary(1) && barcode_is_primary(3) && !barcode_is_primary(2) && !barcode_is_primary(11));
    return TEST_END();
}
