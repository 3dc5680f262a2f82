/*
 * multipart.c - multipart/form-data bodies (see multipart.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"
#include "util.h"

/* The first occurrence of needle[0..nlen) in hay[0..len), or NULL. */
static const char *
find(const char *hay, size_t len, const char *needle, size_t nlen)
{
	if (nlen == 0 || len < nlen)
		return NULL;
	for (const char *p = hay; p + nlen <= hay + len; p++) {
		p = memchr(p, needle[0], (size_t)(hay + len - p) - nlen + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
	}
	return NULL;
}

/* The boundary parameter of a Content-Type, copied into out. */
static int
boundary_of(const char *ct, char *out, size_t outlen)
{
	const char *p = ct;
	size_t n = 0;

	for (; p != NULL && *p != '\0'; p++)
		if (strncasecmp(p, "boundary=", 9) == 0 &&
		    (p == ct || p[-1] == ';' || p[-1] == ' '))
			break;
	if (p == NULL || *p == '\0')
		return -1;
	p += 9;
	if (*p == '"') {
		const char *end = strchr(++p, '"');

		if (end == NULL)
			return -1;
		n = (size_t)(end - p);
	} else {
		n = strcspn(p, "; \t");
	}
	if (n == 0 || n > 70 || n + 1 > outlen)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/*
 * The value of parameter `key` in a Content-Disposition header line
 * h[0..len) (quoted-string, backslash escapes), or NULL.  Caller frees.
 */
static char *
disposition_param(const char *h, size_t len, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen + 1 < len; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ') &&
		    strncasecmp(h + i, key, klen) == 0 && h[i + klen] == '=') {
			const char *p = h + i + klen + 1, *end = h + len;
			char *v = xmalloc(len + 1);
			size_t n = 0;

			if (p < end && *p == '"') {
				for (p++; p < end && *p != '"'; p++) {
					if (*p == '\\' && p + 1 < end)
						p++;
					v[n++] = *p;
				}
				if (p == end) {
					free(v);
					return NULL;
				}
			} else {
				while (p < end && *p != ';' && *p != ' ')
					v[n++] = *p++;
			}
			v[n] = '\0';
			return v;
		}
	}
	return NULL;
}

int
multipart_parse(struct multipart *mp, const char *content_type,
    const char *body, size_t len, size_t max_parts)
{
	char boundary[80], delim[88];
	size_t dlen;
	const char *p, *end = body + len;

	memset(mp, 0, sizeof(*mp));
	if (content_type == NULL ||
	    boundary_of(content_type, boundary, sizeof(boundary)) < 0)
		return -1;
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	/* The first delimiter may open the body (no CRLF before it). */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else {
		p = find(body, len, delim, dlen);
		if (p == NULL)
			return -1;
		p += dlen;
	}
	for (;;) {
		const char *hend, *data, *next, *line;
		struct multipart_part part = { 0 };

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return mp->n > 0 ? 0 : -1;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL)
			return -1;
		data = hend + 4;
		next = find(data, (size_t)(end - data), delim, dlen);
		if (next == NULL)
			return -1;
		/* Header lines: only Content-Disposition matters. */
		for (line = p; line < hend + 2;) {
			const char *eol = find(line, (size_t)(hend + 2 - line),
			    "\r\n", 2);
			size_t ll = (size_t)(eol - line);

			if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20)
			    == 0) {
				free(part.name);
				free(part.filename);
				part.name = disposition_param(line + 20, ll - 20, "name");
				part.filename = disposition_param(line + 20, ll - 20,
				    "filename");
			}
			line = eol + 2;
		}
		if (part.name == NULL || mp->n == max_parts) {
			free(part.name);
			free(part.filename);
			return -1;
		}
		part.data = data;
		part.len = (size_t)(next - data);
		mp->parts = xrealloc(mp->parts, (mp->n + 1) * sizeof(*mp->parts));
		mp->parts[mp->n++] = part;
		p = next + dlen;
	}
}

void
multipart_release(struct multipart *mp)
{
	for (size_t i = 0; i < mp->n; i++) {
		free(mp->parts[i].name);
		free(mp->parts[i].filename);
	}
	free(mp->parts);
	memset(mp, 0, sizeof(*mp));
}

const struct multipart_part *
multipart_get(const struct multipart *mp, const char *name)
{
	for (size_t i = 0; i < mp->n; i++)
		if (strcmp(mp->parts[i].name, name) == 0)
			return &mp->parts[i];
	return NULL;
}
