/* test_escape.c — io/escape.c: HTML text (the report), JSON strings
 * (provenance sidecars) and base64 (figures in the report), on hostile
 * text: markup, quotes, ampersands, control characters, C1 controls,
 * bytes that are not UTF-8. */
#include "io/escape.h"
#include <stdlib.h>
#include "tests/unit/check.h"

static char *html(const char *s) {
    Buf b = {0};
    buf_add(&b, "", 0);
    html_text(&b, s);
    return b.s;
}

static char *json(const char *s) {
    Buf b = {0};
    json_str(&b, s);
    return b.s;
}

static char *b64(const char *s, size_t n) {
    Buf b = {0};
    buf_add(&b, "", 0);
    base64_encode(&b, s, n);
    return b.s;
}

#define CHECK_FREE(expr, want)     \
    do {                           \
        char *g__ = (expr);        \
        CHECK_STR(g__, want);      \
        free(g__);                 \
    } while (0)

int main(void) {
    /* HTML: markup, both quotes and & become entities; text stays */
    CHECK_FREE(html("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK_FREE(html("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    CHECK_FREE(html("AT&T &amp; R&D"), "AT&amp;T &amp;amp; R&amp;D");
    CHECK_FREE(html("plain text, 1.5e-08"), "plain text, 1.5e-08");
    /* control characters (an escape sequence, NUL-free C0, DEL) as U+FFFD; newline and tab kept */
    CHECK_FREE(html("a\x1b[31mred\x7f"), "a\xEF\xBF\xBD[31mred\xEF\xBF\xBD");
    CHECK_FREE(html("line1\nline2\tcol"), "line1\nline2\tcol");
    /* C1 controls written as UTF-8 (CSI = C2 9B), invalid bytes, overlong and surrogate forms */
    CHECK_FREE(html("x\xC2\x9By"), "x\xEF\xBF\xBDy");
    CHECK_FREE(html("\xff\xfe<"), "\xEF\xBF\xBD\xEF\xBF\xBD&lt;");
    CHECK_FREE(html("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");        /* an overlong '<' */
    CHECK_FREE(html("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");   /* a surrogate */
    CHECK_FREE(html("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");        /* cut short */
    /* valid UTF-8 passes: é, ×, →, an emoji */
    CHECK_FREE(html("\xC3\xA9 \xC3\x97 \xE2\x86\x92 \xF0\x9F\x98\x80"), "\xC3\xA9 \xC3\x97 \xE2\x86\x92 \xF0\x9F\x98\x80");
    {   /* with a length: a NUL inside is a control character too */
        Buf b = {0};
        buf_add(&b, "", 0);
        html_textn(&b, "a\0<", 3);
        CHECK_STR(b.s, "a\xEF\xBF\xBD&lt;");
        buf_free(&b);
    }
    /* JSON */
    CHECK_FREE(json("a \"quoted\" \\ path"), "\"a \\\"quoted\\\" \\\\ path\"");
    CHECK_FREE(json("tab\there\nnl\x01\x7f"), "\"tab\\there\\nnl\\u0001\\u007f\"");
    CHECK_FREE(json("</script>"), "\"</script>\"");
    CHECK_FREE(json("bad\xff"), "\"bad\xEF\xBF\xBD\"");
    CHECK_FREE(json("\xC3\xA9"), "\"\xC3\xA9\"");
    CHECK_FREE(json(NULL), "null");
    /* base64: RFC 4648's test vectors */
    CHECK_FREE(b64("", 0), "");
    CHECK_FREE(b64("f", 1), "Zg==");
    CHECK_FREE(b64("fo", 2), "Zm8=");
    CHECK_FREE(b64("foo", 3), "Zm9v");
    CHECK_FREE(b64("foob", 4), "Zm9vYg==");
    CHECK_FREE(b64("fooba", 5), "Zm9vYmE=");
    CHECK_FREE(b64("foobar", 6), "Zm9vYmFy");
    CHECK_FREE(b64("\x89PNG\r\n\x1a\n", 8), "iVBORw0KGgo=");
    CHECK_FREE(b64("\xff\xfe\xfd", 3), "//79");
    return TEST_END();
}
