/*
 * Unit tests of netaddr.c: trusted_proxies and the client address behind
 * them (issue 17, 2026-12-02: any loopback peer's X-Forwarded-For used to
 * be believed, so the per-address login limit was bypassed by changing
 * the header).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "netaddr.h"
#include "i18n.h"

/*
 * The messages these tests spell out are the English of po/en.po (the
 * French message ids are checked end to end, tests/e2e/test_config.py).
 */
static void
english(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
}

TestSuite(netaddr, .init = english);

Test(netaddr, lists_parse_or_name_the_bad_entry)
{
	static const struct {
		const char *text;
		int ok;
		size_t n;
	} cases[] = {
		{ "", 1, 0 },
		{ "  ", 1, 0 },
		{ "127.0.0.1", 1, 1 },
		{ "127.0.0.1, ::1", 1, 2 },
		{ "10.0.0.0/8 192.168.1.0/24,fd00::/8", 1, 3 },
		{ "0.0.0.0/0", 1, 1 },
		{ "10.0.0.0/33", 0, 0 },
		{ "::1/129", 0, 0 },
		{ "10.0.0.0/", 0, 0 },
		{ "10.0.0.0/x", 0, 0 },
		{ "localhost", 0, 0 },
		{ "127.0.0.1;", 0, 0 },
		{ "1.2.3", 0, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct netaddr_list l;
		char err[160] = "";
		int rc = netaddr_list_parse(cases[i].text, &l, err, sizeof(err));

		cr_assert_eq(rc == 0, cases[i].ok, "%s", cases[i].text);
		if (rc == 0)
			cr_assert_eq(l.n, cases[i].n, "%s", cases[i].text);
		else
			cr_assert(strstr(err, "is not an IP address") != NULL,
			    "%s: %s", cases[i].text, err);
	}
}

Test(netaddr, networks_match_by_prefix_and_v4_mapped)
{
	struct netaddr_list l;
	char err[160];

	cr_assert_eq(netaddr_list_parse("10.1.0.0/16, 127.0.0.1, 2001:db8::/32",
	    &l, err, sizeof(err)), 0);
	cr_assert(netaddr_list_match(&l, "10.1.200.3"));
	cr_assert_not(netaddr_list_match(&l, "10.2.0.1"));
	cr_assert(netaddr_list_match(&l, "127.0.0.1"));
	cr_assert(netaddr_list_match(&l, "::ffff:127.0.0.1"));
	cr_assert_not(netaddr_list_match(&l, "127.0.0.2"));
	cr_assert(netaddr_list_match(&l, "2001:db8:5::1"));
	cr_assert_not(netaddr_list_match(&l, "2001:db9::1"));
	cr_assert_not(netaddr_list_match(&l, "garbage"));
	cr_assert_not(netaddr_list_match(&l, NULL));
}

Test(netaddr, client_is_the_rightmost_untrusted_address)
{
	static const struct {
		const char *trusted, *peer, *xff, *want;
	} cases[] = {
		/* Nothing trusted: the header is ignored. */
		{ "", "127.0.0.1", "203.0.113.9", "127.0.0.1" },
		/* An untrusted peer's header is ignored. */
		{ "127.0.0.1", "198.51.100.4", "203.0.113.9", "198.51.100.4" },
		{ "127.0.0.1", "127.0.0.1", NULL, "127.0.0.1" },
		{ "127.0.0.1", "127.0.0.1", "203.0.113.9", "203.0.113.9" },
		/* The client invents entries on the left: ignored. */
		{ "127.0.0.1", "127.0.0.1", "1.1.1.1, 2.2.2.2,203.0.113.9",
		    "203.0.113.9" },
		/* A chain of trusted proxies is walked from the right. */
		{ "127.0.0.1 10.0.0.0/8", "127.0.0.1",
		    "1.1.1.1, 203.0.113.9, 10.0.0.5", "203.0.113.9" },
		/* Garbage stops the walk at the last trusted hop. */
		{ "127.0.0.1 10.0.0.0/8", "127.0.0.1", "203.0.113.9, junk, 10.0.0.5",
		    "10.0.0.5" },
		{ "127.0.0.1", "127.0.0.1", "", "127.0.0.1" },
		/* Everything trusted: the leftmost. */
		{ "0.0.0.0/0", "127.0.0.1", "10.0.0.1, 10.0.0.2", "10.0.0.1" },
		{ "::1", "::1", "2001:db8::7", "2001:db8::7" },
		{ "127.0.0.1", "::ffff:127.0.0.1", "203.0.113.9", "203.0.113.9" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct netaddr_list l;
		char err[160], out[NETADDR_TEXT];

		cr_assert_eq(netaddr_list_parse(cases[i].trusted, &l, err,
		    sizeof(err)), 0);
		netaddr_client(&l, cases[i].peer, cases[i].xff, out, sizeof(out));
		cr_assert_str_eq(out, cases[i].want, "case %zu", i);
	}
}
