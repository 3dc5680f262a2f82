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

/* 2026-11-29: the MAC is now computed from a keyed state kept per thread;
 * it must stay the very bytes of crypto_auth(), or tokens issued before an
 * upgrade would be refused. */
Test(token, mac_is_crypto_auth)
{
	for (int i = 0; i < 3; i++) {
		char text[TOKEN_TEXT_LEN + 1];
		unsigned char raw[TOKEN_RAW_LEN];
		size_t len = 0;

		if (i == 2)
			randombytes_buf(key, sizeof(key)); /* a new key */
		token_make(key, 42, 1000 + i, text);
		cr_assert_eq(strlen(text), TOKEN_TEXT_LEN);
		cr_assert_eq(sodium_base642bin(raw, sizeof(raw), text,
		    TOKEN_TEXT_LEN, NULL, &len, NULL,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
		cr_assert_eq(len, sizeof(raw));
		cr_assert_eq(crypto_auth_verify(raw + 32, raw, 32, key), 0);
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
