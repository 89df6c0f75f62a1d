/* gen.c — benchmark data: a numeric table with an ID column.
 *   gen SEP ROWS COLS SEED  >file      SEP is "comma" or "tab"
 * Values are normal deviates written with 12 significant digits. */
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
    if (argc != 5) {
        fputs("usage: gen comma|tab ROWS COLS SEED\n", stderr);
        return 2;
    }
    char sep = strcmp(argv[1], "tab") == 0 ? '\t' : ',';
    long rows = atol(argv[2]), cols = atol(argv[3]);
    state = 88172645463325252ULL ^ (uint64_t)atol(argv[4]);
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    printf("id");
    for (long j = 0; j < cols; j++) printf("%cf%ld", sep, j + 1);
    putchar('\n');
    for (long i = 0; i < rows; i++) {
        printf("P%06ld", i + 1);
        for (long j = 0; j < cols; j++) {
            double z = sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
            printf("%c%.12g", sep, z);
        }
        putchar('\n');
    }
    return 0;
}
