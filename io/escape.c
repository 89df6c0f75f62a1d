/* escape.c — see escape.h. */
#include "io/escape.h"
#include <stdio.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";   /* U+FFFD */

size_t utf8_seq_len(const unsigned char *s, size_t n) {
    if (!n) return 0;
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;   /* overlong, too large, surrogate */
    return len;
}

/* Is the code point of the sequence at s (len bytes) a C1 control? */
static int is_c1(const unsigned char *s, size_t len) { return len == 2 && s[0] == 0xC2 && s[1] <= 0x9F; }

void html_textn(Buf *b, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t run = i;   /* copy plain bytes in runs */
        while (run < n && p[run] >= 0x20 && p[run] < 0x7F && !strchr("&<>\"'", p[run])) run++;
        if (run > i) { buf_add(b, s + i, run - i); i = run; continue; }
        c = p[i];
        if (c == '&') buf_puts(b, "&amp;");
        else if (c == '<') buf_puts(b, "&lt;");
        else if (c == '>') buf_puts(b, "&gt;");
        else if (c == '"') buf_puts(b, "&quot;");
        else if (c == '\'') buf_puts(b, "&#39;");
        else if (c == '\n' || c == '\t') buf_add(b, s + i, 1);
        else if (c < 0x80) buf_puts(b, REPLACEMENT);   /* C0, DEL */
        else {
            size_t len = utf8_seq_len(p + i, n - i);
            if (!len || is_c1(p + i, len)) { buf_puts(b, REPLACEMENT); i += len ? len : 1; continue; }
            buf_add(b, s + i, len);
            i += len;
            continue;
        }
        i++;
    }
}

void html_text(Buf *b, const char *s) {
    if (s) html_textn(b, s, strlen(s));
}

void json_str(Buf *b, const char *s) {
    if (!s) { buf_puts(b, "null"); return; }
    buf_add(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') { buf_add(b, "\\", 1); buf_add(b, s + i, 1); i++; }
        else if (c == '\n') { buf_puts(b, "\\n"); i++; }
        else if (c == '\t') { buf_puts(b, "\\t"); i++; }
        else if (c < 0x20 || c == 0x7F) { buf_printf(b, "\\u%04x", c); i++; }
        else if (c < 0x80) { buf_add(b, s + i, 1); i++; }
        else {
            size_t len = utf8_seq_len(p + i, n - i);
            if (!len) { buf_puts(b, REPLACEMENT); i++; continue; }
            buf_add(b, s + i, len);
            i += len;
        }
    }
    buf_add(b, "\"", 1);
}

void base64_encode(Buf *b, const void *data, size_t len) {
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    char out[4];
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < len ? p[i + 2] : 0);
        out[0] = A[v >> 18 & 63];
        out[1] = A[v >> 12 & 63];
        out[2] = i + 1 < len ? A[v >> 6 & 63] : '=';
        out[3] = i + 2 < len ? A[v & 63] : '=';
        buf_add(b, out, 4);
    }
}
