/*
 * fold.c - comparison keys of names (see fold.h).
 */
#include <string.h>

#include "fold.h"

/*
 * The base letters of U+00C0-U+00FF (the second byte of 0xC3 xx minus
 * 0x80); ' ' for × and ÷, which separate like punctuation.
 */
static const char latin[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo ouuuuyty";

/*
 * The folded form of the character at *p (advancing *p past it) into
 * buf, as 0 to 2 bytes, and its length; 0 means a separator.  A
 * non-ASCII character that is not one of ours is copied as it is.
 */
static size_t
fold_char(const unsigned char **p, char buf[4])
{
	const unsigned char *u = *p;
	size_t n = 1;

	if (u[0] < 0x80) {
		*p += 1;
		if (u[0] >= 'A' && u[0] <= 'Z')
			buf[0] = (char)(u[0] + 32);
		else if ((u[0] >= 'a' && u[0] <= 'z') ||
		    (u[0] >= '0' && u[0] <= '9'))
			buf[0] = (char)u[0];
		else
			return 0;
		return 1;
	}
	if (u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0xbf) {
		*p += 2;
		buf[0] = latin[u[1] - 0x80];
		if (u[1] == 0x86 || u[1] == 0xa6) {     /* Æ æ */
			buf[1] = 'e';
			return 2;
		}
		return buf[0] == ' ' ? 0 : 1;
	}
	if (u[0] == 0xc5 && (u[1] == 0x92 || u[1] == 0x93)) {   /* Œ œ */
		*p += 2;
		buf[0] = 'o';
		buf[1] = 'e';
		return 2;
	}
	if (u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x9f) {
		*p += 3;          /* dashes and quotes of U+2010-U+201F */
		return 0;
	}
	/* Another character: its whole UTF-8 sequence, as it is. */
	if (u[0] >= 0xf0)
		n = 4;
	else if (u[0] >= 0xe0)
		n = 3;
	else if (u[0] >= 0xc0)
		n = 2;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xc0) != 0x80) {
			n = i;
			break;
		}
	memcpy(buf, u, n);
	*p += n;
	return n;
}

int
fold_key(const char *s, char *out, size_t outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;
	int space = 0, full = 0;
	char buf[4];

	if (outlen == 0)
		return -1;
	while (*p != '\0') {
		size_t n = fold_char(&p, buf);

		if (n == 0) {
			space = len > 0;
			continue;
		}
		if (len + n + (size_t)space >= outlen) {
			full = 1;
			break;
		}
		if (space)
			out[len++] = ' ';
		space = 0;
		memcpy(out + len, buf, n);
		len += n;
	}
	out[len] = '\0';
	return full ? -1 : (int)len;
}

int
fold_same(const char *a, const char *b)
{
	char ka[FOLD_KEY_MAX], kb[FOLD_KEY_MAX];
	int la = fold_key(a, ka, sizeof(ka)), lb = fold_key(b, kb, sizeof(kb));

	/* Keys too long to compare are only the same when the texts are. */
	if (la < 0 || lb < 0)
		return strcmp(a, b) == 0;
	return strcmp(ka, kb) == 0;
}
