/*
 * filename.c - names of downloads (see filename.h).
 */
#include <stdio.h>
#include <string.h>

#include "filename.h"

#define PART_MAX 60

/* The Latin letters U+00C0-U+00FF (0xC3 then 0x80-0xBF) without accents. */
static const char latin[] = "aaaaaaaceeeeiiiidnooooo-ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo-ouuuuyty";

/* A name being written, in both forms. */
struct name {
	char *u, *a;
	size_t nu, na, len;
	int dash;               /* the last character written is a '-' */
};

static void
put(struct name *n, const char *u, size_t ulen, char a)
{
	if (n->nu + ulen >= n->len || n->na + 1 >= n->len)
		return;
	memcpy(n->u + n->nu, u, ulen);
	n->nu += ulen;
	n->a[n->na++] = a;
	n->dash = a == '-';
}

static void
dash(struct name *n)
{
	if (n->nu > 0 && !n->dash)
		put(n, "-", 1, '-');
}

/* The length of the UTF-8 sequence starting with byte c (1 if invalid). */
static size_t
seq_len(unsigned char c)
{
	return c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
}

/* Append `s` (at most PART_MAX bytes of it) as a part of the name. */
static void
part(struct name *n, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = n->nu;

	if (s == NULL || *s == '\0')
		return;
	dash(n);
	while (*p != '\0' && n->nu - start < PART_MAX) {
		size_t k = seq_len(*p);

		if (*p < 0x80 && ((*p >= '0' && *p <= '9') ||
		    (*p >= 'a' && *p <= 'z'))) {
			put(n, (const char *)p, 1, (char)*p);
		} else if (*p >= 'A' && *p <= 'Z') {
			char c = (char)(*p + 32);

			put(n, &c, 1, c);
		} else if (*p >= 0x80 && k > 1 && strlen((const char *)p) >= k) {
			char a = *p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf ?
			    latin[p[1] - 0x80] : '-';

			/* Lower case for the Latin capitals (0xC3 0x80-0x9E). */
			if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e &&
			    p[1] != 0x97) {
				char low[2] = { (char)0xc3, (char)(p[1] + 0x20) };

				put(n, low, 2, a);
			} else if (a == '-') {
				dash(n);
			} else {
				put(n, (const char *)p, k, a);
			}
			p += k;
			continue;
		} else {
			dash(n);
		}
		p++;
	}
	/* No part ends with a dash. */
	while (n->nu > 0 && n->dash) {
		n->nu--;
		n->na--;
		n->dash = n->na > 0 && n->a[n->na - 1] == '-';
	}
}

/* Whether from..to is one whole year: its year in y[0..5). */
static int
whole_year(const char *from, const char *to, char y[5])
{
	if (strlen(from) != 10 || strlen(to) != 10 ||
	    strncmp(from, to, 4) != 0 || strcmp(from + 4, "-01-01") != 0 ||
	    strcmp(to + 4, "-12-31") != 0)
		return 0;
	memcpy(y, from, 4);
	y[4] = '\0';
	return 1;
}

static void
period(struct name *n, const char *from, const char *to)
{
	char y[5];

	if (from != NULL && to != NULL && whole_year(from, to, y)) {
		part(n, y);
	} else if (from != NULL && to != NULL) {
		part(n, from);
		part(n, "au");
		part(n, to);
	} else if (from != NULL) {
		part(n, "depuis");
		part(n, from);
	} else if (to != NULL) {
		part(n, "jusqu-au");
		part(n, to);
	}
}

int
filename_build(const struct filename_parts *p, char *utf8, char *ascii,
    size_t len)
{
	struct name n = { utf8, ascii, 0, 0, len, 0 };
	size_t ext = strlen(p->ext) + 1;

	if (len < strlen(p->kind) + ext + 1)
		return -1;
	/* Room is kept for the extension. */
	n.len = len - ext;
	part(&n, p->kind);
	if (p->meeting != NULL) {
		part(&n, p->meeting);
		part(&n, p->date);
	} else {
		part(&n, p->form_id);
		period(&n, p->from, p->to);
	}
	snprintf(utf8 + n.nu, len - n.nu, ".%s", p->ext);
	snprintf(ascii + n.na, len - n.na, ".%s", p->ext);
	return 0;
}

/* The ASCII twin of a name: accents dropped, anything unsafe a '-'. */
static void
ascii_of(const char *utf8, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t n = 0;

	while (*p != '\0' && n + 1 < len) {
		size_t k = seq_len(*p);

		if (*p >= 0x80) {
			out[n++] = *p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf ?
			    latin[p[1] - 0x80] : '-';
			p += strnlen((const char *)p, k);
			continue;
		}
		out[n++] = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ?
		    (char)*p : '-';
		p++;
	}
	out[n] = '\0';
}

int
filename_disposition(const char *utf8, char *out, size_t len)
{
	static const char safe[] = "!#$&+-.^_`|~";
	char ascii[256];
	size_t n;
	int w;

	ascii_of(utf8, ascii, sizeof(ascii));
	w = snprintf(out, len, "attachment; filename=\"%s\"", ascii);
	if (w < 0 || (size_t)w >= len)
		return -1;
	if (strcmp(ascii, utf8) == 0)
		return 0;
	n = (size_t)w;
	w = snprintf(out + n, len - n, "; filename*=UTF-8''");
	if (w < 0 || (size_t)w >= len - n)
		goto too_long;
	n += (size_t)w;
	for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
		int ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p < 0x80 && strchr(safe, *p));

		if (n + 4 >= len)
			goto too_long;
		n += (size_t)snprintf(out + n, len - n, ok ? "%c" : "%%%02X", *p);
	}
	return 0;
too_long:
	snprintf(out, len, "attachment; filename=\"%s\"", ascii);
	return -1;
}
