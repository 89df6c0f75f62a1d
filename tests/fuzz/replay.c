/* replay.c — a fuzz target without libFuzzer: runs the target's
 * LLVMFuzzerTestOneInput on every file named (directories: every file in
 * them), so that the inputs the fuzzer found crashing stay regression
 * tests of make check (under SANITIZE=1, with the sanitizers).
 *   replay_NAME FILE|DIR…     prints "N inputs", exits 0 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t runs;

static void run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) { fputs("out of memory\n", stderr); exit(1); }
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    runs++;
}

static void run_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) { perror(path); exit(1); }
    if (!S_ISDIR(st.st_mode)) { run_file(path); return; }
    struct dirent **ents;
    int ne = scandir(path, &ents, NULL, alphasort);
    for (int i = 0; i < ne; i++) {
        if (ents[i]->d_name[0] != '.') {
            char *p;
            if (asprintf(&p, "%s/%s", path, ents[i]->d_name) >= 0) { run_path(p); free(p); }
        }
        free(ents[i]);
    }
    free(ents);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) run_path(argv[i]);
    printf("%zu inputs\n", runs);
    return 0;
}
