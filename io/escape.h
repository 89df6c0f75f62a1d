/* escape.h — text made safe for the formats rgx writes besides its own:
 * HTML (the report), JSON (provenance sidecars) and base64 (figures
 * embedded in the report).  Every string that came from data, a file
 * name or a command goes through one of these; checked by
 * tests/unit/test_escape.c. */
#ifndef RGX_ESCAPE_H
#define RGX_ESCAPE_H
#include <stddef.h>
#include "io/util.h"

/* s as HTML text or attribute value: & < > " ' as entities; control
 * characters (C0 but tab and newline, DEL, C1) and bytes that are not
 * UTF-8 as U+FFFD, so that nothing in s can open a tag, end an attribute
 * or reach the page as markup.  NULL appends nothing. */
void html_text(Buf *b, const char *s);
void html_textn(Buf *b, const char *s, size_t len);
/* s as a JSON string, quotes included: " \ and control characters
 * escaped (\n, \t, \u00XX), bytes that are not UTF-8 as U+FFFD (JSON is
 * UTF-8).  NULL as null. */
void json_str(Buf *b, const char *s);
/* len bytes of data as base64 (RFC 4648, with padding, no line breaks). */
void base64_encode(Buf *b, const void *data, size_t len);
/* The length of the valid UTF-8 sequence at s (at most n bytes), or 0
 * when s[0] does not start one. */
size_t utf8_seq_len(const unsigned char *s, size_t n);
#endif
