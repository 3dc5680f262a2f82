/*
 * test_auth.c - password hashing, session and CSRF tokens, roles, the
 * cookie parser, the `next` check and the failed-login limits.
 */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

static void
setup(void)
{
	cr_assert(sodium_init() >= 0);
}

TestSuite(auth, .init = setup);

Test(auth, hash_verifies_only_the_same_password)
{
	char h[AUTH_HASH_MAX];

	cr_assert_eq(auth_hash("correct horse", h), 0);
	cr_assert(strncmp(h, "$argon2id$", 10) == 0);
	cr_assert_null(strstr(h, "correct"));
	cr_assert(auth_verify(h, "correct horse"));
	cr_assert_not(auth_verify(h, "correct hors"));
	cr_assert_not(auth_verify(h, ""));
	cr_assert_not(auth_verify("garbage", "correct horse"));
	cr_assert_not(auth_verify(NULL, "x"));
}

Test(auth, hash_refuses_empty_and_huge_passwords)
{
	char h[AUTH_HASH_MAX];
	static char big[AUTH_PASSWORD_MAX + 2];

	memset(big, 'a', sizeof(big) - 1);
	cr_assert_eq(auth_hash("", h), -1);
	cr_assert_eq(auth_hash(NULL, h), -1);
	cr_assert_eq(auth_hash(big, h), -1);
}

Test(auth, dummy_hash_is_a_real_hash_matching_nothing)
{
	const char *d = auth_dummy_hash();

	cr_assert(strncmp(d, "$argon2id$", 10) == 0);
	cr_assert_eq(d, auth_dummy_hash());
	cr_assert_not(auth_verify(d, "password"));
}

Test(auth, tokens_are_random_and_their_ids_stable)
{
	char a[AUTH_TOKEN_TEXT_LEN + 1], b[AUTH_TOKEN_TEXT_LEN + 1];
	unsigned char ra[AUTH_TOKEN_LEN], ia[AUTH_ID_LEN], ib[AUTH_ID_LEN];

	auth_token_new(a, ra);
	auth_token_new(b, NULL);
	cr_assert_eq(strlen(a), AUTH_TOKEN_TEXT_LEN);
	cr_assert_str_neq(a, b);
	cr_assert_eq(auth_session_id(a, ia), 0);
	auth_session_id_raw(ra, ib);
	cr_assert_eq(memcmp(ia, ib, AUTH_ID_LEN), 0);
	/* The id is a hash, not the token. */
	cr_assert_neq(memcmp(ia, ra, AUTH_ID_LEN), 0);
	cr_assert_eq(auth_session_id("short", ia), -1);
	cr_assert_eq(auth_session_id(NULL, ia), -1);
	a[5] = '*';
	cr_assert_eq(auth_session_id(a, ia), -1);
}

Test(auth, csrf_accepts_only_the_session_token)
{
	char text[AUTH_TOKEN_TEXT_LEN + 1], other[AUTH_TOKEN_TEXT_LEN + 1];
	unsigned char raw[AUTH_TOKEN_LEN];

	auth_token_new(text, raw);
	auth_token_new(other, NULL);
	cr_assert(auth_csrf_ok(raw, text));
	cr_assert_not(auth_csrf_ok(raw, other));
	cr_assert_not(auth_csrf_ok(raw, NULL));
	cr_assert_not(auth_csrf_ok(raw, ""));
	text[AUTH_TOKEN_TEXT_LEN - 1] ^= 1;
	cr_assert_not(auth_csrf_ok(raw, text));
}

Test(auth, roles_and_names)
{
	cr_assert_eq(auth_role_parse("coordinator"), AUTH_COORDINATOR);
	cr_assert_eq(auth_role_parse("professional"), AUTH_PROFESSIONAL);
	cr_assert_eq(auth_role_parse("Coordinator"), AUTH_NONE);
	cr_assert_eq(auth_role_parse(NULL), AUTH_NONE);
	cr_assert_str_eq(auth_role_name(AUTH_COORDINATOR), "coordinator");
	cr_assert(auth_name_valid("alice"));
	cr_assert(auth_name_valid("a.b-c_d@centre"));
	cr_assert_not(auth_name_valid(""));
	cr_assert_not(auth_name_valid("a b"));
	cr_assert_not(auth_name_valid("é"));
	cr_assert_not(auth_name_valid("<x>"));
}

struct cookie_case {
	const char *header, *want;
};

Test(auth, cookie_header_parsing)
{
	static const struct cookie_case cases[] = {
		{ "recueil_session=abc", "abc" },
		{ "a=1; recueil_session=abc; b=2", "abc" },
		{ "a=1;recueil_session=\"abc\"", "abc" },
		{ "xrecueil_session=abc", NULL },
		{ "recueil_sessionx=abc", NULL },
		{ "", NULL },
		{ NULL, NULL },
	};
	char out[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = auth_cookie_get(cases[i].header, "recueil_session", out,
		    sizeof(out));

		if (cases[i].want == NULL)
			cr_assert_eq(rc, -1, "case %zu", i);
		else {
			cr_assert_eq(rc, 0, "case %zu", i);
			cr_assert_str_eq(out, cases[i].want);
		}
	}
	cr_assert_eq(auth_cookie_get("recueil_session=toolongvalue",
	    "recueil_session", out, 4), -1);
}

Test(auth, next_accepts_only_local_admin_paths)
{
	static const char *const good[] = {
		"/admin", "/admin/", "/admin/meetings/K7QX2MA",
		"/admin/export?from=2026-01-01&form=x", "/admin?x=1",
	};
	static const char *const bad[] = {
		NULL, "", "/", "//evil.example", "https://evil.example/admin",
		"/admin//evil", "/adminx", "/admin/../x", "/admin/%2e%2e/x",
		"/admin/%2F%2Fx", "/admin\\x", "/admin/\x01", "/admin/é",
		"/admin/ x", "javascript:alert(1)", "admin/",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert(auth_next_ok(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not(auth_next_ok(bad[i]), "%s", bad[i] ? bad[i] : "NULL");
}

/* Whether hay[0..len) contains the bytes of `needle`. */
static int
contains(const void *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp((const char *)hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * 2026-12-02: failed logins moved to the database (issue 17); what stays
 * here is the key, which must be stable for a salt (counters survive a
 * restart) and must not be the name or address in clear.
 */
Test(auth, limit_key_is_keyed_and_stable)
{
	unsigned char salt1[AUTH_LIMIT_SALT_LEN] = { 1 };
	unsigned char salt2[AUTH_LIMIT_SALT_LEN] = { 2 };
	unsigned char a[AUTH_LIMIT_KEY_LEN], b[AUTH_LIMIT_KEY_LEN];

	auth_limit_key(salt1, "u:alice", a);
	auth_limit_key(salt1, "u:alice", b);
	cr_assert(memcmp(a, b, sizeof(a)) == 0);
	auth_limit_key(salt2, "u:alice", b);
	cr_assert(memcmp(a, b, sizeof(a)) != 0);
	auth_limit_key(salt1, "u:alicf", b);
	cr_assert(memcmp(a, b, sizeof(a)) != 0);
	cr_assert_not(contains(a, sizeof(a), "alice"));
}
