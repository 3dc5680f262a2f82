/*
 * urlenc.c - strict application/x-www-form-urlencoded parser (urlenc.h).
 */
#include <stdlib.h>
#include <string.h>

#include "urlenc.h"
#include "i18n.h"
#include "util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode src[0..len) into dst (which has room for len + 1 bytes), NUL-
 * terminate it and return its length, or a negative urlenc_status.
 */
static long
decode(const char *src, size_t len, char *dst)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)src[i];

		if (c == '+')
			c = ' ';
		else if (c == '%') {
			int hi, lo;

			if (len - i < 3)
				return URLENC_BAD_ESCAPE;
			hi = hexval((unsigned char)src[i + 1]);
			lo = hexval((unsigned char)src[i + 2]);
			if (hi < 0 || lo < 0)
				return URLENC_BAD_ESCAPE;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == 0)
			return URLENC_NUL;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	if (!utf8_valid(dst, o, NULL))
		return URLENC_BAD_UTF8;
	return (long)o;
}

enum urlenc_status
urlenc_parse(struct urlenc *u, const char *body, size_t len,
    size_t max_fields, size_t max_value)
{
	size_t alloc = 0, pos = 0, out = 0;

	memset(u, 0, sizeof(*u));
	/* Each decoded key and value is no longer than its source, plus NULs. */
	u->buf = xmalloc(2 * len + 2);
	while (pos < len) {
		const char *pair = body + pos;
		const char *end = memchr(pair, '&', len - pos);
		size_t plen = end ? (size_t)(end - pair) : len - pos;
		const char *eq = memchr(pair, '=', plen);
		size_t klen = eq ? (size_t)(eq - pair) : plen;
		size_t vlen = eq ? plen - klen - 1 : 0;
		long k, v;

		pos += plen + 1;
		if (plen == 0)
			continue;
		if (u->n == max_fields)
			return URLENC_TOO_MANY;
		if (u->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			u->pairs = xrealloc(u->pairs, alloc * sizeof(*u->pairs));
		}
		if ((k = decode(pair, klen, u->buf + out)) < 0)
			return (enum urlenc_status)k;
		u->pairs[u->n].key = u->buf + out;
		out += (size_t)k + 1;
		if ((v = decode(eq ? eq + 1 : "", vlen, u->buf + out)) < 0)
			return (enum urlenc_status)v;
		if ((size_t)v > max_value)
			return URLENC_TOO_LONG;
		u->pairs[u->n].value = u->buf + out;
		out += (size_t)v + 1;
		u->n++;
	}
	return URLENC_OK;
}

void
urlenc_release(struct urlenc *u)
{
	free(u->pairs);
	free(u->buf);
	memset(u, 0, sizeof(*u));
}

const char *
urlenc_get(const struct urlenc *u, const char *key)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->pairs[i].key, key) == 0)
			return u->pairs[i].value;
	return NULL;
}

const char *
urlenc_strerror(enum urlenc_status st)
{
	switch (st) {
	case URLENC_OK:
		return "ok";
	case URLENC_BAD_ESCAPE:
		return _("séquence d'échappement cassée");
	case URLENC_NUL:
		return _("octet NUL dans un champ");
	case URLENC_BAD_UTF8:
		return _("UTF-8 invalide dans un champ");
	case URLENC_TOO_MANY:
		return _("trop de champs");
	case URLENC_TOO_LONG:
		return _("réponse trop longue");
	}
	return _("corps mal formé");
}
