/* sha256.h — SHA-256 (FIPS 180-4), for the checksums of the files rgx
 * reads and writes (provenance).  Streaming: init, update as the bytes
 * arrive (csv_read hashes a file while it reads it), final.  Checked
 * against the FIPS 180-4 / NIST example vectors by tests/unit/test_sha256.c. */
#ifndef RGX_SHA256_H
#define RGX_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct Sha256 {
    uint32_t h[8];              /* the hash state */
    uint64_t bytes;             /* message length so far, in bytes */
    unsigned char block[64];    /* a partial block */
    size_t nblock;              /* bytes in it */
} Sha256;

void sha256_init(Sha256 *c);
void sha256_update(Sha256 *c, const void *data, size_t len);
/* The digest, as 64 lower-case hex digits and a NUL, into hex; c is spent. */
void sha256_final_hex(Sha256 *c, char hex[65]);
/* The SHA extensions of x86-64 (sha256rnds2…): on < 0 asks whether they
 * are used; 0 turns them off (the portable code), 1 on where the
 * processor has them.  Returns whether they are used now.  For the tests,
 * which check both paths against the same vectors. */
int sha256_accel(int on);
/* The digest of a whole buffer, in hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* The digest and size of the bytes readable from fd from offset 0 (pread:
 * the descriptor's offset is not moved).  Returns 0, or -1 with errno. */
int sha256_fd(int fd, char hex[65], uint64_t *size);
#endif
