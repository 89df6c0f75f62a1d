/* gen.c — benchmark data: a numeric table with an ID column.
 *   gen SEP ROWS COLS SEED [DIGITS|rsem [expr]]  >file      SEP is "comma" or "tab"
 * Values are normal deviates written with DIGITS significant digits
 * (default 12; 17 is what a round-trip writer — rgx's save, R's
 * write.csv(digits = 17), Python's repr — may need); with "rsem", RSEM
 * normalised counts as the Pan-Cancer matrix has them: 10% zeros, the
 * rest log-normal (median about 150) with four decimals ("153.2207").  With "expr" the
 * table is an expression matrix: a "gene" column of G00001… and one
 * column per sample named as TCGA aliquot barcodes
 * (TCGA-AA-0001-01A-11R-A00Z-07), the Pan-Cancer matrix's layout. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;
static double unif(void) {   /* xorshift64*, in (0,1) */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return ((state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0) + 1e-17;
}

int main(int argc, char **argv) {
    if (argc < 5 || argc > 7) {
        fputs("usage: gen comma|tab ROWS COLS SEED [DIGITS|rsem [expr]]\n", stderr);
        return 2;
    }
    char sep = strcmp(argv[1], "tab") == 0 ? '\t' : ',';
    long rows = atol(argv[2]), cols = atol(argv[3]);
    int rsem = argc > 5 && strcmp(argv[5], "rsem") == 0;
    int digits = argc > 5 && !rsem ? atoi(argv[5]) : 12;
    int expr = argc > 6 && strcmp(argv[6], "expr") == 0;
    if (digits < 1 || digits > 17) digits = 12;
    state = 88172645463325252ULL ^ (uint64_t)atol(argv[4]);
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    printf(expr ? "gene" : "id");
    for (long j = 0; j < cols; j++) {
        if (expr) printf("%cTCGA-%02ld-%04ld-01A-11R-A00Z-07", sep, 10 + j / 10000 % 90, j % 10000);
        else printf("%cf%ld", sep, j + 1);
    }
    putchar('\n');
    for (long i = 0; i < rows; i++) {
        printf(expr ? "G%05ld" : "P%06ld", i + 1);
        for (long j = 0; j < cols; j++) {
            double z = sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
            if (!rsem) printf("%c%.*g", sep, digits, z);
            else if (unif() < 0.1) printf("%c0", sep);
            else printf("%c%.4f", sep, exp(5 + 2 * z));
        }
        putchar('\n');
    }
    return 0;
}
