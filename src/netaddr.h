/*
 * netaddr.h - IP addresses and networks as text: the `trusted_proxies`
 * setting and the client address behind them.
 *
 * Pure functions, no I/O.  An address is IPv4 ("192.0.2.7") or IPv6
 * ("2001:db8::7"); an IPv4 address mapped into IPv6 ("::ffff:192.0.2.7")
 * is read as the IPv4 address, so that a dual-stack listener matches the
 * same entries.  A network is an address with an optional "/PREFIX".
 */
#ifndef RECUEIL_NETADDR_H
#define RECUEIL_NETADDR_H

#include <stddef.h>

#define NETADDR_MAX 64      /* entries in a list */
#define NETADDR_TEXT 48     /* room for any address as text, with NUL */

struct netaddr {
	int family;                 /* 4 or 6 */
	unsigned char bytes[16];    /* 4 or 16 used */
	int prefix;                 /* bits that must match */
};

struct netaddr_list {
	struct netaddr nets[NETADDR_MAX];
	size_t n;
};

/* Read one address (text, no prefix) into `out`: 0, or -1 when not one. */
int netaddr_parse(const char *text, struct netaddr *out);

/* Whether two addresses (from netaddr_parse) are the same: 1 or 0. */
int netaddr_same(const struct netaddr *a, const struct netaddr *b);

/* Whether the address `a` is in one of the networks: 1 or 0. */
int netaddr_list_has(const struct netaddr_list *l, const struct netaddr *a);

/*
 * Parse `text`: networks separated by commas and/or spaces, possibly
 * none (an empty list).  Returns 0, or -1 with a message in err[0..errlen)
 * naming the first entry that is not an address or network.
 */
int netaddr_list_parse(const char *text, struct netaddr_list *out, char *err,
    size_t errlen);

/* Whether the address `addr` (text) is in one of the networks: 1 or 0. */
int netaddr_list_match(const struct netaddr_list *l, const char *addr);

/*
 * The client's address for a request that reached us from `peer` with
 * the X-Forwarded-For value `xff` (NULL when absent): `peer` itself unless
 * it is trusted; else the rightmost address of `xff` that is not trusted,
 * walking from the right, since each trusted proxy appends the address it
 * received the request from and anything further left came from the client
 * and may be invented.  An entry that is not an address stops the walk at
 * the last trusted hop.  Written to out[0..len), normalised; never fails.
 */
void netaddr_client(const struct netaddr_list *trusted, const char *peer,
    const char *xff, char *out, size_t len);

#endif
