/*
 * netaddr.c - IP addresses and networks as text (see netaddr.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "netaddr.h"

static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* Read one address of `len` bytes at `s`; 0, or -1 when it is not one. */
static int
addr_parse(const char *s, size_t len, struct netaddr *a)
{
	char buf[NETADDR_TEXT];

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->bytes) == 1) {
		a->family = 4;
		a->prefix = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, a->bytes) == 1) {
		if (memcmp(a->bytes, v4mapped, sizeof(v4mapped)) == 0) {
			memmove(a->bytes, a->bytes + 12, 4);
			memset(a->bytes + 4, 0, 12);
			a->family = 4;
			a->prefix = 32;
		} else {
			a->family = 6;
			a->prefix = 128;
		}
		return 0;
	}
	return -1;
}

/* ADDR or ADDR/PREFIX, `len` bytes at `s`. */
static int
net_parse(const char *s, size_t len, struct netaddr *a)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash != NULL ? (size_t)(slash - s) : len;
	long prefix = 0;

	if (addr_parse(s, alen, a) < 0)
		return -1;
	if (slash == NULL)
		return 0;
	/* Only digits, at most three of them. */
	if (len - alen < 2 || len - alen > 4)
		return -1;
	for (const char *p = slash + 1; p < s + len; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		prefix = prefix * 10 + (*p - '0');
	}
	if (prefix > (a->family == 4 ? 32 : 128))
		return -1;
	a->prefix = (int)prefix;
	return 0;
}

static int
is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

int
netaddr_list_parse(const char *text, struct netaddr_list *out, char *err,
    size_t errlen)
{
	const char *p = text;

	out->n = 0;
	for (;;) {
		const char *start;
		size_t len;

		while (is_sep(*p))
			p++;
		if (*p == '\0')
			return 0;
		start = p;
		while (*p != '\0' && !is_sep(*p))
			p++;
		len = (size_t)(p - start);
		if (out->n == NETADDR_MAX) {
			snprintf(err, errlen, _("trop de réseaux : %d au plus"),
			    NETADDR_MAX);
			return -1;
		}
		if (net_parse(start, len, &out->nets[out->n]) < 0) {
			snprintf(err, errlen, _("« %.*s » n'est pas une "
			    "adresse IP ni un réseau (ADRESSE ou "
			    "ADRESSE/PRÉFIXE)"),
			    len > 64 ? 64 : (int)len, start);
			return -1;
		}
		out->n++;
	}
}

static int
net_contains(const struct netaddr *net, const struct netaddr *a)
{
	int full = net->prefix / 8, rest = net->prefix % 8;

	if (net->family != a->family)
		return 0;
	if (memcmp(net->bytes, a->bytes, (size_t)full) != 0)
		return 0;
	if (rest != 0) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));

		if ((net->bytes[full] & mask) != (a->bytes[full] & mask))
			return 0;
	}
	return 1;
}

static int
matches(const struct netaddr_list *l, const struct netaddr *a)
{
	for (size_t i = 0; i < l->n; i++)
		if (net_contains(&l->nets[i], a))
			return 1;
	return 0;
}

int
netaddr_parse(const char *text, struct netaddr *out)
{
	return addr_parse(text, strlen(text), out);
}

int
netaddr_same(const struct netaddr *a, const struct netaddr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes,
	    a->family == 4 ? 4 : 16) == 0;
}

int
netaddr_list_has(const struct netaddr_list *l, const struct netaddr *a)
{
	return matches(l, a);
}

int
netaddr_list_match(const struct netaddr_list *l, const char *addr)
{
	struct netaddr a;

	if (addr == NULL || addr_parse(addr, strlen(addr), &a) < 0)
		return 0;
	return matches(l, &a);
}

static void
addr_text(const struct netaddr *a, char *out, size_t len)
{
	char buf[NETADDR_TEXT];

	if (inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, buf,
	    sizeof(buf)) == NULL)
		buf[0] = '\0';
	snprintf(out, len, "%s", buf);
}

void
netaddr_client(const struct netaddr_list *trusted, const char *peer,
    const char *xff, char *out, size_t len)
{
	struct netaddr a;
	const char *end;

	if (peer == NULL || addr_parse(peer, strlen(peer), &a) < 0) {
		snprintf(out, len, "%.*s", NETADDR_TEXT - 1,
		    peer != NULL ? peer : "?");
		return;
	}
	if (xff != NULL && matches(trusted, &a)) {
		end = xff + strlen(xff);
		while (end > xff) {
			const char *start = end;
			struct netaddr hop;

			while (start > xff && start[-1] != ',')
				start--;
			/* Trim spaces and tabs around the entry. */
			{
				const char *s = start, *e = end;

				while (s < e && (*s == ' ' || *s == '\t'))
					s++;
				while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
					e--;
				if (addr_parse(s, (size_t)(e - s), &hop) < 0)
					break;
			}
			a = hop;
			if (!matches(trusted, &a))
				break;
			end = start > xff ? start - 1 : xff;
		}
	}
	addr_text(&a, out, len);
}
