/* barcode.c — see barcode.h. */
#include "io/barcode.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int alnum_run(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i])) return 0;
    return 1;
}

static void trimmed(const char *id, char *out, size_t len) {
    while (isspace((unsigned char)*id)) id++;
    size_t n = strlen(id);
    while (n && isspace((unsigned char)id[n - 1])) n--;
    if (n >= len) n = len - 1;
    memcpy(out, id, n);
    out[n] = '\0';
}

void barcode_parse(const char *id, const char *prefix, Barcode *b) {
    char s[128];
    trimmed(id, s, sizeof s);
    snprintf(b->patient, sizeof b->patient, "%s", s);
    b->sample = -1;
    b->tcga = 0;
    char t[160];
    if (prefix && *prefix && strncasecmp(s, prefix, strlen(prefix)) != 0 && strncasecmp(s, "TCGA", 4) != 0)
        snprintf(t, sizeof t, "%s%s", prefix, s);
    else
        snprintf(t, sizeof t, "%s", s);
    /* separators: '.', '_' and '-' all mean '-'; letters upper-case */
    for (char *p = t; *p; p++) {
        if (*p == '.' || *p == '_') *p = '-';
        *p = (char)toupper((unsigned char)*p);
    }
    /* TCGA-XX-XXXX */
    if (strncmp(t, "TCGA-", 5) != 0 || strlen(t) < 12 || !alnum_run(t + 5, 2) || t[7] != '-' ||
        !alnum_run(t + 8, 4) || (t[12] && t[12] != '-'))
        return;
    memcpy(b->patient, t, 12);
    b->patient[12] = '\0';
    b->tcga = 1;
    /* -NN: the sample type, two digits (a make.unique ".1" has one) */
    if (t[12] == '-' && isdigit((unsigned char)t[13]) && isdigit((unsigned char)t[14]) &&
        (!t[15] || isalpha((unsigned char)t[15]) || t[15] == '-')) {
        int v = (t[13] - '0') * 10 + (t[14] - '0');
        if (v >= 1) b->sample = v;
    }
}

int barcode_is_primary(int sample) { return sample == 1 || sample == 3; }

const char *barcode_sample_name(int sample) {
    switch (sample) {
    case 1: return "primary tumour";
    case 2: return "recurrent tumour";
    case 3: return "primary blood cancer";
    case 5: return "additional new primary";
    case 6: return "metastatic";
    case 7: return "additional metastatic";
    case 10: return "blood normal";
    case 11: return "solid tissue normal";
    case 12: return "buccal cell normal";
    case 14: return "bone marrow normal";
    default: return sample >= 10 && sample < 20 ? "normal" : "other";
    }
}
