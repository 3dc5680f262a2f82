/*
 * token.c - signed one-time form tokens (see token.h).
 */
#include <string.h>

#include <sodium.h>

#include "token.h"

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

void
token_make(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    int64_t now, char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[TOKEN_RAW_LEN];

	put64(raw, (uint64_t)meeting_id);
	put64(raw + 8, (uint64_t)now);
	randombytes_buf(raw + 16, TOKEN_NONCE_LEN);
	crypto_auth(raw + 32, raw, 32, key);
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum token_status
token_check(const unsigned char key[TOKEN_KEY_LEN], const char *text,
    int64_t meeting_id, int64_t now, int64_t lifetime,
    unsigned char nonce[TOKEN_NONCE_LEN])
{
	unsigned char raw[TOKEN_RAW_LEN];
	size_t len = 0;
	int64_t issued;

	if (text == NULL || strlen(text) != TOKEN_TEXT_LEN)
		return TOKEN_BAD;
	if (sodium_base642bin(raw, sizeof(raw), text, TOKEN_TEXT_LEN, NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(raw))
		return TOKEN_BAD;
	if (crypto_auth_verify(raw + 32, raw, 32, key) != 0)
		return TOKEN_BAD;
	if ((int64_t)get64(raw) != meeting_id)
		return TOKEN_BAD;
	issued = (int64_t)get64(raw + 8);
	/* Genuine: the nonce is ours, even when the token has expired. */
	memcpy(nonce, raw + 16, TOKEN_NONCE_LEN);
	if (issued > now + TOKEN_FUTURE_SLACK || now - issued > lifetime)
		return TOKEN_STALE;
	return TOKEN_OK;
}
