/* fuzz_common.h — the loaders read files, so each input is handed to them
 * as a file: an anonymous memory file (memfd) named /proc/self/fd/N. */
#ifndef RGX_FUZZ_COMMON_H
#define RGX_FUZZ_COMMON_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Write data to a fresh memory file; path receives its name.  Returns the
 * descriptor to close after use, or -1. */
__attribute__((unused)) static int fuzz_file(const uint8_t *data, size_t size, char *path, size_t len) {
    int fd = memfd_create("rgx-fuzz", 0);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) { close(fd); return -1; }
        done += (size_t)w;
    }
    snprintf(path, len, "/proc/self/fd/%d", fd);
    return fd;
}

/* A NUL-terminated copy of the input (for the text targets). */
__attribute__((unused)) static char *fuzz_text(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) return NULL;
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}
#endif
