/* test_sha256.c — io/sha256.c against the FIPS 180-4 example vectors
 * (NIST's "SHA256.pdf" examples and the long messages of FIPS 180-2
 * appendix B), fed whole and in awkward pieces, through the portable code
 * and through the SHA extensions (where the processor has them), and the
 * two on random data. */
#include "io/sha256.h"
#include <fcntl.h>
#include <unistd.h>
#include "tests/unit/check.h"

static void pieces(const char *msg, size_t len, size_t step, char hex[65]) {
    Sha256 c;
    sha256_init(&c);
    for (size_t i = 0; i < len; i += step) sha256_update(&c, msg + i, len - i < step ? len - i : step);
    sha256_final_hex(&c, hex);
}

static void vectors(void) {
    static const struct { const char *msg, *hex; } V[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char hex[65];
    for (size_t i = 0; i < sizeof V / sizeof *V; i++) {
        sha256_hex(V[i].msg, strlen(V[i].msg), hex);
        CHECK_STR(hex, V[i].hex);
        for (size_t step = 1; step <= 65; step += 7) {   /* the same, fed in pieces across block ends */
            pieces(V[i].msg, strlen(V[i].msg), step, hex);
            CHECK_STR(hex, V[i].hex);
        }
    }
    /* one million 'a' (FIPS 180-2 appendix B.3) */
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    sha256_hex(a, 1000000, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    pieces(a, 1000000, 4093, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* 55, 56 and 64 bytes: the padding's edge cases (one block or two), checked against sha256sum */
    sha256_hex(a, 55, hex);
    CHECK_STR(hex, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    sha256_hex(a, 56, hex);
    CHECK_STR(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    sha256_hex(a, 64, hex);
    CHECK_STR(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    /* a file through sha256_fd: the digest and the size, and the offset left alone */
    const char *path = write_tmp("sha256.txt", a, 1000000);
    int fd = open(path, O_RDONLY);
    uint64_t size = 0;
    CHECK(fd >= 0 && sha256_fd(fd, hex, &size) == 0);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK_COUNT(size, 1000000);
    CHECK(lseek(fd, 0, SEEK_CUR) == 0);
    close(fd);
    free(a);
}

int main(void) {
    /* the portable code, then the SHA extensions where the processor has them */
    sha256_accel(0);
    CHECK(sha256_accel(-1) == 0);
    vectors();
    int ni = sha256_accel(1);
    printf("sha256: the SHA extensions are %s\n", ni ? "used" : "not available: the portable code only");
    if (ni) {
        vectors();
        /* random bytes of random lengths, fed in random pieces: both paths agree */
        uint64_t st = 12345;
        unsigned char *buf = malloc(1 << 16);
        for (int i = 0; i < (1 << 16); i++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            buf[i] = (unsigned char)(st >> 56);
        }
        int agree = 1;
        for (int t = 0; t < 300; t++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t len = (size_t)(st >> 40) % (1 << 16), step = 1 + (size_t)(st >> 20) % 300;
            char h1[65], h2[65];
            sha256_accel(0);
            pieces((const char *)buf, len, step, h1);
            sha256_accel(1);
            pieces((const char *)buf, len, step + 64, h2);
            agree &= strcmp(h1, h2) == 0;
        }
        CHECK(agree);
        free(buf);
    }
    return TEST_END();
}
