/*
 * test_token.c - signed one-time form tokens.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "token.h"

static unsigned char key[TOKEN_KEY_LEN];

static void
setup(void)
{
	cr_assert(sodium_init() >= 0);
	randombytes_buf(key, sizeof(key));
}

TestSuite(token, .init = setup);

/*
 * A version-0 token built here from libsodium's crypto_auth() alone, as
 * token.c made them until December 2026: id | time | nonce |
 * HMAC-SHA-512-256.
 */
static void
make_v0(const unsigned char *k, int64_t id, int64_t issued,
    const unsigned char nonce[TOKEN_NONCE_LEN], char out[TOKEN_V0_TEXT_LEN + 1])
{
	unsigned char raw[TOKEN_V0_RAW_LEN];

	for (int i = 0; i < 8; i++) {
		raw[i] = (unsigned char)((uint64_t)id >> (56 - 8 * i));
		raw[8 + i] = (unsigned char)((uint64_t)issued >> (56 - 8 * i));
	}
	memcpy(raw + 16, nonce, TOKEN_NONCE_LEN);
	crypto_auth(raw + 32, raw, 32, k);
	sodium_bin2base64(out, TOKEN_V0_TEXT_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* 2026-12-02: version 1 is SipHash-2-4-128 under a derived subkey; the
 * bytes must be what libsodium's own functions give, as token.h says. */
Test(token, mac_is_siphash_under_the_derived_key)
{
	for (int i = 0; i < 3; i++) {
		char text[TOKEN_TEXT_LEN + 1];
		unsigned char raw[TOKEN_RAW_LEN], sub[16], want[16];
		size_t len = 0;

		if (i == 2)
			randombytes_buf(key, sizeof(key)); /* a new key */
		token_make(key, 42, 1000 + i, text);
		cr_assert_eq(strlen(text), TOKEN_TEXT_LEN);
		cr_assert_eq(sodium_base642bin(raw, sizeof(raw), text,
		    TOKEN_TEXT_LEN, NULL, &len, NULL,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
		cr_assert_eq(len, sizeof(raw));
		cr_assert_eq(raw[0], 1);
		cr_assert_eq(crypto_kdf_derive_from_key(sub, sizeof(sub), 1,
		    "formtokn", key), 0);
		crypto_shorthash_siphashx24(want, raw, 33, sub);
		cr_assert_eq(memcmp(want, raw + 33, 16), 0);
	}
}

Test(token, round_trip_and_refusals)
{
	char text[TOKEN_TEXT_LEN + 1];
	unsigned char nonce[TOKEN_NONCE_LEN], nonce2[TOKEN_NONCE_LEN];
	unsigned char key2[TOKEN_KEY_LEN];

	token_make(key, 7, 5000, text);
	cr_assert_eq(token_check(key, text, 7, 5010, 3600, nonce), TOKEN_OK);
	cr_assert_eq(token_check(key, text, 8, 5010, 3600, nonce2), TOKEN_BAD);
	cr_assert_eq(token_check(key, text, 7, 9000, 3600, nonce2),
	    TOKEN_STALE);
	memcpy(key2, key, sizeof(key2));
	key2[0] ^= 1;
	cr_assert_eq(token_check(key2, text, 7, 5010, 3600, nonce2), TOKEN_BAD);
	cr_assert_eq(token_check(key, text, 7, 5010, 3600, nonce2), TOKEN_OK);
	cr_assert_eq(memcmp(nonce, nonce2, sizeof(nonce)), 0);
	text[10] = text[10] == 'A' ? 'B' : 'A';
	cr_assert_eq(token_check(key, text, 7, 5010, 3600, nonce2), TOKEN_BAD);
	cr_assert_eq(token_check(key, "short", 7, 5010, 3600, nonce2),
	    TOKEN_BAD);
	cr_assert_eq(token_check(key, NULL, 7, 5010, 3600, nonce2), TOKEN_BAD);
}

/* Nonces come from a pool refilled in blocks: they must stay unique
 * across refills. */
Test(token, nonces_are_unique_across_pool_refills)
{
	enum { N = 1000 };
	static unsigned char seen[N][TOKEN_NONCE_LEN];

	for (int i = 0; i < N; i++) {
		char text[TOKEN_TEXT_LEN + 1];

		token_make(key, 1, 100, text);
		cr_assert_eq(token_check(key, text, 1, 100, 60, seen[i]),
		    TOKEN_OK);
		for (int j = 0; j < i; j++)
			cr_assert_neq(memcmp(seen[i], seen[j], TOKEN_NONCE_LEN), 0);
	}
}

/* ---- table-driven rules (issue 4): lifetime, forgeries, malformed text */

static void
init_rules(void)
{
	cr_assert_geq(sodium_init(), 0);
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 7 + 1);
}

#define NOW 1800000000LL
#define DAY 86400

Test(token_rules, round_trip, .init = init_rules)
{
	char t[TOKEN_TEXT_LEN + 1];
	unsigned char nonce[TOKEN_NONCE_LEN], raw[TOKEN_RAW_LEN];
	size_t len;

	token_make(key, 42, NOW, t);
	cr_assert_eq(strlen(t), TOKEN_TEXT_LEN);
	cr_assert_eq(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_"), TOKEN_TEXT_LEN);
	cr_assert_eq(token_check(key, t, 42, NOW, DAY, nonce), TOKEN_OK);
	cr_assert_eq(sodium_base642bin(raw, sizeof(raw), t, strlen(t), NULL,
	    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	cr_assert_eq(memcmp(nonce, raw + 17, TOKEN_NONCE_LEN), 0);
}

Test(token_rules, each_token_has_its_own_nonce, .init = init_rules)
{
	char a[TOKEN_TEXT_LEN + 1], b[TOKEN_TEXT_LEN + 1];
	unsigned char na[TOKEN_NONCE_LEN], nb[TOKEN_NONCE_LEN];

	token_make(key, 1, NOW, a);
	token_make(key, 1, NOW, b);
	cr_assert_str_neq(a, b);
	token_check(key, a, 1, NOW, DAY, na);
	token_check(key, b, 1, NOW, DAY, nb);
	cr_assert_neq(memcmp(na, nb, sizeof(na)), 0);
}

struct time_case {
	long long issued_offset;   /* issued = NOW + offset */
	enum token_status want;
};

static const struct time_case times[] = {
	{ 0, TOKEN_OK },
	{ -DAY, TOKEN_OK },                        /* exactly its lifetime */
	{ -DAY - 1, TOKEN_STALE },
	{ -365LL * DAY, TOKEN_STALE },
	{ TOKEN_FUTURE_SLACK, TOKEN_OK },          /* a clock a little behind */
	{ TOKEN_FUTURE_SLACK + 1, TOKEN_STALE },
	{ 10LL * DAY, TOKEN_STALE },
};

Test(token_rules, lifetime, .init = init_rules)
{
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		const struct time_case *c = &times[i];
		char t[TOKEN_TEXT_LEN + 1];
		unsigned char nonce[TOKEN_NONCE_LEN];

		token_make(key, 7, NOW + c->issued_offset, t);
		cr_assert_eq(token_check(key, t, 7, NOW, DAY, nonce), c->want,
		    "offset %lld", c->issued_offset);
	}
}

Test(token_rules, stale_tokens_still_give_their_nonce, .init = init_rules)
{
	char t[TOKEN_TEXT_LEN + 1];
	unsigned char a[TOKEN_NONCE_LEN], b[TOKEN_NONCE_LEN];

	token_make(key, 7, NOW - 2 * DAY, t);
	cr_assert_eq(token_check(key, t, 7, NOW - 2 * DAY, DAY, a), TOKEN_OK);
	cr_assert_eq(token_check(key, t, 7, NOW, DAY, b), TOKEN_STALE);
	cr_assert_eq(memcmp(a, b, sizeof(a)), 0);
}

Test(token_rules, other_meeting_is_refused, .init = init_rules)
{
	char t[TOKEN_TEXT_LEN + 1];
	unsigned char nonce[TOKEN_NONCE_LEN];

	token_make(key, 7, NOW, t);
	cr_assert_eq(token_check(key, t, 8, NOW, DAY, nonce), TOKEN_BAD);
	cr_assert_eq(token_check(key, t, -7, NOW, DAY, nonce), TOKEN_BAD);
}

Test(token_rules, other_key_is_refused, .init = init_rules)
{
	char t[TOKEN_TEXT_LEN + 1];
	unsigned char other[TOKEN_KEY_LEN], nonce[TOKEN_NONCE_LEN];

	memcpy(other, key, sizeof(key));
	other[31] ^= 0x80;
	token_make(other, 7, NOW, t);
	cr_assert_eq(token_check(key, t, 7, NOW, DAY, nonce), TOKEN_BAD);
}

Test(token_rules, every_flipped_bit_is_refused, .init = init_rules)
{
	char t[TOKEN_V0_TEXT_LEN + 1], text[TOKEN_V0_TEXT_LEN + 1];
	unsigned char raw[TOKEN_V0_RAW_LEN], nonce[TOKEN_NONCE_LEN];
	unsigned char n0[TOKEN_NONCE_LEN] = { 9 };
	size_t len;

	/* Version 1, then version 0: every bit of each matters. */
	for (int version = 1; version >= 0; version--) {
		if (version == 1)
			token_make(key, 7, NOW, t);
		else
			make_v0(key, 7, NOW, n0, t);
		cr_assert_eq(token_check(key, t, 7, NOW, DAY, nonce), TOKEN_OK);
		cr_assert_eq(sodium_base642bin(raw, sizeof(raw), t, strlen(t),
		    NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
		    0);
		for (size_t bit = 0; bit < 8 * len; bit++) {
			raw[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			sodium_bin2base64(text, sizeof(text), raw, len,
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			cr_assert_eq(token_check(key, text, 7, NOW, DAY, nonce),
			    TOKEN_BAD, "version %d bit %zu", version, bit);
			raw[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		}
	}
}

static const char *const malformed[] = {
	"", "x", "short",
	/* Right length, not base64url. */
	"++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++"
	"++++++++++++++++++",
	"====================================================================="
	"=================",
	/* 86 valid characters whose last one has stray low bits. */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	"AAAAAAAAAAAAAAAAB",
	/* Right length, valid base64url, all zero: no MAC. */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	"AAAAAAAAAAAAAAAAA",
	/* The same for version 1's 66 characters (version byte 0, then 1). */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	/* Lengths between the two versions. */
	"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	"AAAAAAAAAAAAAAAA",
};

Test(token_rules, malformed_text_is_refused, .init = init_rules)
{
	unsigned char nonce[TOKEN_NONCE_LEN];
	char t[TOKEN_TEXT_LEN + 2];

	cr_assert_eq(token_check(key, NULL, 7, NOW, DAY, nonce), TOKEN_BAD);
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++)
		cr_assert_eq(token_check(key, malformed[i], 7, NOW, DAY, nonce),
		    TOKEN_BAD, "%s", malformed[i]);
	/* One character more or less than a good token. */
	token_make(key, 7, NOW, t);
	t[TOKEN_TEXT_LEN] = 'A';
	t[TOKEN_TEXT_LEN + 1] = '\0';
	cr_assert_eq(token_check(key, t, 7, NOW, DAY, nonce), TOKEN_BAD);
	t[TOKEN_TEXT_LEN - 1] = '\0';
	cr_assert_eq(token_check(key, t, 7, NOW, DAY, nonce), TOKEN_BAD);
}

/*
 * 2026-11-29: token.c encodes and decodes base64url itself (libsodium's
 * constant-time codec was 2-4% of a request).  Same text as
 * sodium_bin2base64 for every token, and the same refusals as
 * sodium_base642bin for every character at every position.
 */
Test(token_rules, codec_matches_libsodium, .init = init_rules)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789-_=+/. ";
	unsigned char nonce[TOKEN_NONCE_LEN];

	for (int i = 0; i < 200; i++) {
		char t[TOKEN_TEXT_LEN + 1], want[TOKEN_TEXT_LEN + 1];
		unsigned char raw[TOKEN_RAW_LEN];
		size_t len = 0;

		token_make(key, 7, NOW, t);
		cr_assert_eq(sodium_base642bin(raw, sizeof(raw), t, strlen(t), NULL,
		    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
		sodium_bin2base64(want, sizeof(want), raw, sizeof(raw),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		cr_assert_str_eq(t, want);
		if (i > 0)
			continue;
		for (size_t pos = 0; pos < TOKEN_TEXT_LEN; pos++) {
			for (const char *c = alphabet; *c != '\0'; c++) {
				char u[TOKEN_TEXT_LEN + 1];
				unsigned char r2[TOKEN_RAW_LEN];
				int ok;

				memcpy(u, t, sizeof(u));
				u[pos] = *c;
				ok = sodium_base642bin(r2, sizeof(r2), u, strlen(u),
				    NULL, &len, NULL,
				    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
				    len == sizeof(r2);
				if (!ok)
					cr_assert_eq(token_check(key, u, 7, NOW, DAY,
					    nonce), TOKEN_BAD, "pos %zu char %c", pos, *c);
				else if (memcmp(r2, raw, sizeof(raw)) == 0)
					cr_assert_eq(token_check(key, u, 7, NOW, DAY,
					    nonce), TOKEN_OK, "pos %zu char %c", pos, *c);
				else
					cr_assert_eq(token_check(key, u, 7, NOW, DAY,
					    nonce), TOKEN_BAD, "pos %zu char %c", pos, *c);
			}
		}
	}
}

/*
 * 2026-12-02: tokens handed out before the move to SipHash (version 0,
 * HMAC-SHA-512-256, 86 characters) must still be accepted, with the same
 * rules.  The first table holds tokens made by token.c itself at commit
 * 1edab87 (before the change) under init_rules' key; the others are built
 * here with crypto_auth().
 */
static const struct {
	int64_t id, issued;
	const char *text;
} old_tokens[] = {
	{ 7, 1800000000LL, "AAAAAAAAAAcAAAAAa0nSAIDAPWVeyVb1bDCDN-oNf1dfly0X_C8_"
	    "mekjmxgO8N72PWabkqREJ7ZKKuI0bHOrCA" },
	{ 42, 1799996400LL, "AAAAAAAAACoAAAAAa0nD8MqOL4JORDwnGzJlk5lQB-6_XSYzcYo"
	    "kXY46dq-N20oe3HcnNGr6tMVckMtplxy8uA" },
	{ 1, 1764633600LL, "AAAAAAAAAAEAAAAAaS4sAL4yEexcD1qlEBoBVNP9AbRohKcGoRQA"
	    "pCtMHtV2ectVhcnBXdr7v7kQIK206tI1Lg" },
};

Test(token_rules, tokens_made_before_the_change_are_accepted,
    .init = init_rules)
{
	for (size_t i = 0; i < sizeof(old_tokens) / sizeof(old_tokens[0]); i++) {
		unsigned char nonce[TOKEN_NONCE_LEN], raw[TOKEN_V0_RAW_LEN];
		size_t len;
		const char *t = old_tokens[i].text;
		int64_t id = old_tokens[i].id, at = old_tokens[i].issued;

		cr_assert_eq(strlen(t), TOKEN_V0_TEXT_LEN);
		cr_assert_eq(token_check(key, t, id, at + 60, DAY, nonce), TOKEN_OK,
		    "token %zu", i);
		cr_assert_eq(sodium_base642bin(raw, sizeof(raw), t, strlen(t),
		    NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
		cr_assert_eq(memcmp(nonce, raw + 16, TOKEN_NONCE_LEN), 0);
		cr_assert_eq(token_check(key, t, id + 1, at + 60, DAY, nonce),
		    TOKEN_BAD);
		cr_assert_eq(token_check(key, t, id, at + DAY + 1, DAY, nonce),
		    TOKEN_STALE);
	}
}

Test(token_rules, version_0_follows_the_lifetime_rules, .init = init_rules)
{
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		const struct time_case *c = &times[i];
		char t[TOKEN_V0_TEXT_LEN + 1];
		unsigned char n[TOKEN_NONCE_LEN], got[TOKEN_NONCE_LEN];

		memset(n, (int)i + 1, sizeof(n));
		make_v0(key, 7, NOW + c->issued_offset, n, t);
		cr_assert_eq(token_check(key, t, 7, NOW, DAY, got), c->want,
		    "offset %lld", c->issued_offset);
		cr_assert_eq(memcmp(n, got, sizeof(n)), 0);
		cr_assert_eq(token_check(key, t, 8, NOW, DAY, got), TOKEN_BAD);
	}
}

/* A version byte this build does not know, even correctly MACed, and a
 * version-1 MAC under a version-0 layout are refused. */
Test(token_rules, unknown_versions_are_refused, .init = init_rules)
{
	unsigned char raw[TOKEN_RAW_LEN], sub[16], nonce[TOKEN_NONCE_LEN];
	char t[TOKEN_TEXT_LEN + 1];
	size_t len;

	token_make(key, 7, NOW, t);
	cr_assert_eq(sodium_base642bin(raw, sizeof(raw), t, strlen(t), NULL,
	    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	cr_assert_eq(crypto_kdf_derive_from_key(sub, sizeof(sub), 1, "formtokn",
	    key), 0);
	for (int v = 0; v < 256; v++) {
		raw[0] = (unsigned char)v;
		crypto_shorthash_siphashx24(raw + 33, raw, 33, sub);
		sodium_bin2base64(t, sizeof(t), raw, sizeof(raw),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		cr_assert_eq(token_check(key, t, 7, NOW, DAY, nonce),
		    v == TOKEN_VERSION ? TOKEN_OK : TOKEN_BAD, "version %d", v);
	}
}
