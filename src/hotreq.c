/*
 * hotreq.c - recognising the hot path's request (see hotreq.h).
 */
#include <string.h>
#include <strings.h>

#include "hotreq.h"

/* RFC 9110's tchar. */
static int
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

static int
is_path_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '_';
}

/* Whether a header named name[0..n) makes the request not ours. */
static int
refused_name(const char *name, size_t n)
{
	static const char *const refused[] = {
		"Content-Length", "Transfer-Encoding", "Expect", "Upgrade",
		"Cookie"
	};

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (strlen(refused[i]) == n &&
		    strncasecmp(name, refused[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Whether a Connection header's value v[0..n) is "keep-alive" (what
 * HTTP/1.1 does anyway: browsers send it), spaces and tabs around it.
 */
static int
keep_alive(const char *v, size_t n)
{
	static const char ka[] = "keep-alive";

	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return n == sizeof(ka) - 1 && strncasecmp(v, ka, n) == 0;
}

/*
 * One header line at p[0..len) (without its CR LF): 0 when acceptable.
 */
static int
header_line(const char *p, size_t len)
{
	size_t n = 0;

	while (n < len && is_tchar((unsigned char)p[n]))
		n++;
	if (n == 0 || n == len || p[n] != ':' || refused_name(p, n))
		return -1;
	for (size_t i = n + 1; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return -1;
	}
	if (n == strlen("Connection") && strncasecmp(p, "Connection", n) == 0 &&
	    !keep_alive(p + n + 1, len - n - 1))
		return -1;
	return 0;
}

/* The request line at p[0..len) (without its CR LF): 0 when acceptable. */
static int
request_line(const char *p, size_t len, char *path, size_t pathlen)
{
	static const char get[] = "GET /", version[] = " HTTP/1.1";
	size_t n;

	if (len < sizeof(get) - 1 + sizeof(version) - 1 ||
	    memcmp(p, get, sizeof(get) - 1) != 0 ||
	    memcmp(p + len - (sizeof(version) - 1), version,
	    sizeof(version) - 1) != 0)
		return -1;
	n = len - (sizeof("GET ") - 1) - (sizeof(version) - 1);
	if (n >= pathlen)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!is_path_char((unsigned char)p[4 + i]))
			return -1;
	memcpy(path, p + 4, n);
	path[n] = '\0';
	return 0;
}

size_t
hotreq_parse(const char *p, size_t len, size_t max, char *path,
    size_t pathlen)
{
	size_t at = 0;
	int line = 0;

	if (len > max)
		len = max;
	for (;;) {
		const char *eol = memchr(p + at, '\n', len - at);
		size_t n;

		if (eol == NULL)
			return 0;            /* incomplete (or too long) */
		n = (size_t)(eol - (p + at));
		if (n == 0 || p[at + n - 1] != '\r')
			return 0;            /* a bare LF */
		n--;
		if (line == 0) {
			if (request_line(p + at, n, path, pathlen) < 0)
				return 0;
		} else if (n == 0) {
			return at + 2;       /* the blank line: the whole head */
		} else if (line > HOTREQ_MAX_HEADERS || header_line(p + at, n) < 0) {
			return 0;
		}
		at += n + 2;
		line++;
	}
}
