/*
 * urlenc.h - a strict parser for application/x-www-form-urlencoded bodies.
 *
 * evhttp_parse_query_str() (libevent 2.1) is not fit for bodies: it does
 * not decode keys, fails the whole parse on an empty pair, truncates at
 * %00, passes broken escapes through and does not check UTF-8.  This parser splits on '&' and '=', decodes '+' and %XX in
 * keys and values, skips empty pairs, and refuses NUL bytes, broken escapes
 * and invalid UTF-8, so nothing malformed reaches the form logic.
 *
 * What happens to odd but well-formed bodies is decided here and in
 * answers.c, deliberately (tests/e2e/test_hostile.py proves it):
 * - every pair is kept, in order; urlenc_get() returns the first, so a
 *   second `_token` cannot replace the first;
 * - a repeated single-valued question keeps its last value, a repeated
 *   select_multiple question adds its choices (each once);
 * - a field that names no question of the form is ignored: never stored,
 *   never shown back.
 */
#ifndef RECUEIL_URLENC_H
#define RECUEIL_URLENC_H

#include <stddef.h>

struct urlenc_pair {
	char *key;     /* decoded, NUL-terminated */
	char *value;   /* decoded, NUL-terminated */
};

struct urlenc {
	struct urlenc_pair *pairs;
	size_t n;
	char *buf;     /* one allocation holding every key and value */
};

enum urlenc_status {
	URLENC_OK = 0,
	URLENC_BAD_ESCAPE = -1,   /* '%' not followed by two hex digits */
	URLENC_NUL = -2,          /* a decoded NUL byte */
	URLENC_BAD_UTF8 = -3,     /* a key or value is not valid UTF-8 */
	URLENC_TOO_MANY = -4,     /* more than max_fields pairs */
	URLENC_TOO_LONG = -5      /* a value longer than max_value bytes */
};

/*
 * Parse body[0..len) into `u` (release with urlenc_release, also after a
 * failure).  A pair without '=' has an empty value.  Returns URLENC_OK or
 * the first problem found.
 */
enum urlenc_status urlenc_parse(struct urlenc *u, const char *body,
    size_t len, size_t max_fields, size_t max_value);

/* Free what urlenc_parse allocated. */
void urlenc_release(struct urlenc *u);

/* The value of the first pair named `key`, borrowed; NULL when absent. */
const char *urlenc_get(const struct urlenc *u, const char *key);

/* A short English description of a status, for logs and error pages. */
const char *urlenc_strerror(enum urlenc_status st);

#endif
