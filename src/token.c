/*
 * token.c - signed one-time form tokens (see token.h).
 */
#include <stdint.h>
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

/*
 * Nonces come from a pool refilled 256 at a time: randombytes_buf() is a
 * getrandom(2) system call per call, a visible share of a GET's cost.
 * Each nonce is wiped from the pool as it is taken.  The pool is
 * per-thread, so tokens may be made from any thread.
 */
#define TOKEN_POOL (256 * TOKEN_NONCE_LEN)

static _Thread_local unsigned char pool[TOKEN_POOL];
static _Thread_local size_t pool_left;

static void
take_nonce(unsigned char *nonce)
{
	unsigned char *p;

	if (pool_left < TOKEN_NONCE_LEN) {
		randombytes_buf(pool, sizeof(pool));
		pool_left = sizeof(pool);
	}
	p = pool + sizeof(pool) - pool_left;
	memcpy(nonce, p, TOKEN_NONCE_LEN);
	sodium_memzero(p, TOKEN_NONCE_LEN);
	pool_left -= TOKEN_NONCE_LEN;
}

/*
 * The keys, derived once per thread and per server key: SipHash's 16-byte
 * key for version 1, and for version 0 the HMAC-SHA-512-256 state with the
 * key's inner and outer pads already hashed (crypto_auth() hashes them on
 * every call, half of the work for a 32-byte message); the state is copied
 * for each MAC, and gives the very bytes crypto_auth() gives.
 */
struct keyed {
	int ready;
	unsigned char key[TOKEN_KEY_LEN];
	unsigned char sip[crypto_shorthash_siphashx24_KEYBYTES];
	crypto_auth_hmacsha512256_state st;
};

static _Thread_local struct keyed keyed;

static const struct keyed *
keys(const unsigned char key[TOKEN_KEY_LEN])
{
	if (!keyed.ready || sodium_memcmp(keyed.key, key, TOKEN_KEY_LEN) != 0) {
		memcpy(keyed.key, key, TOKEN_KEY_LEN);
		/* A subkey, so that no key serves two algorithms. */
		crypto_kdf_derive_from_key(keyed.sip, sizeof(keyed.sip), 1,
		    "formtokn", key);
		crypto_auth_hmacsha512256_init(&keyed.st, key, TOKEN_KEY_LEN);
		keyed.ready = 1;
	}
	return &keyed;
}

/* Version 1: SipHash-2-4-128 of msg[0..len). */
static void
mac_v1(const unsigned char key[TOKEN_KEY_LEN], const unsigned char *msg,
    size_t len, unsigned char out[crypto_shorthash_siphashx24_BYTES])
{
	crypto_shorthash_siphashx24(out, msg, len, keys(key)->sip);
}

/* Version 0: HMAC-SHA-512-256 of msg[0..len). */
static void
mac_v0(const unsigned char key[TOKEN_KEY_LEN], const unsigned char *msg,
    size_t len, unsigned char out[crypto_auth_hmacsha512256_BYTES])
{
	crypto_auth_hmacsha512256_state st;

	st = keys(key)->st;
	crypto_auth_hmacsha512256_update(&st, msg, len);
	crypto_auth_hmacsha512256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

/*
 * base64url without padding, by table.  libsodium's codec is constant
 * time (77 instructions a character when decoding, 2-4% of a page or a
 * submission); a token is public text, so ordinary tables will do.  Same
 * acceptance as sodium_base642bin(): only the 64 letters, and the unused
 * low bits of the last character must be zero.
 */
static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void
encode(char *out, const unsigned char *in, size_t len)
{
	size_t i;

	for (i = 0; i + 3 <= len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];

		*out++ = b64[v >> 18];
		*out++ = b64[v >> 12 & 63];
		*out++ = b64[v >> 6 & 63];
		*out++ = b64[v & 63];
	}
	if (len - i == 1) {
		*out++ = b64[in[i] >> 2];
		*out++ = b64[(in[i] & 3) << 4];
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)in[i] << 8 | in[i + 1];

		*out++ = b64[v >> 10];
		*out++ = b64[v >> 4 & 63];
		*out++ = b64[(v & 15) << 2];
	}
	*out = '\0';
}

static int
digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Decode exactly `len` characters into out[outlen].  0, or -1. */
static int
decode(unsigned char *out, size_t outlen, const char *in, size_t len)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		int d = digit((unsigned char)in[i]);

		if (d < 0)
			return -1;
		acc = (acc << 6 | (uint32_t)d) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == outlen)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (n != outlen || bits > 4 || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	return 0;
}

/* The parts of a raw token, wherever its version puts them. */
struct layout {
	size_t raw_len, text_len, body_len, mac_len;
	void (*mac)(const unsigned char *, const unsigned char *, size_t,
	    unsigned char *);
};

static const struct layout v1 = {
	TOKEN_RAW_LEN, TOKEN_TEXT_LEN, 1 + 8 + 8 + TOKEN_NONCE_LEN,
	crypto_shorthash_siphashx24_BYTES, mac_v1
};
static const struct layout v0 = {
	TOKEN_V0_RAW_LEN, TOKEN_V0_TEXT_LEN, 8 + 8 + TOKEN_NONCE_LEN,
	crypto_auth_hmacsha512256_BYTES, mac_v0
};

void
token_make(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    int64_t now, char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[TOKEN_RAW_LEN];

	raw[0] = TOKEN_VERSION;
	put64(raw + 1, (uint64_t)meeting_id);
	put64(raw + 9, (uint64_t)now);
	take_nonce(raw + 17);
	mac_v1(key, raw, v1.body_len, raw + v1.body_len);
	encode(out, raw, sizeof(raw));
}

enum token_status
token_check(const unsigned char key[TOKEN_KEY_LEN], const char *text,
    int64_t meeting_id, int64_t now, int64_t lifetime,
    unsigned char nonce[TOKEN_NONCE_LEN])
{
	unsigned char raw[TOKEN_V0_RAW_LEN], want[TOKEN_V0_RAW_LEN];
	const struct layout *l;
	const unsigned char *body;
	size_t len;
	int64_t issued;

	if (text == NULL)
		return TOKEN_BAD;
	len = strlen(text);
	if (len == v1.text_len)
		l = &v1;
	else if (len == v0.text_len)
		l = &v0;
	else
		return TOKEN_BAD;
	if (decode(raw, l->raw_len, text, len) != 0)
		return TOKEN_BAD;
	/* Version 0 has no version byte; its length tells it apart. */
	if (l == &v1 && raw[0] != TOKEN_VERSION)
		return TOKEN_BAD;
	l->mac(key, raw, l->body_len, want);
	if (sodium_memcmp(want, raw + l->body_len, l->mac_len) != 0)
		return TOKEN_BAD;
	body = l == &v1 ? raw + 1 : raw;
	if ((int64_t)get64(body) != meeting_id)
		return TOKEN_BAD;
	issued = (int64_t)get64(body + 8);
	/* Genuine: the nonce is ours, even when the token has expired. */
	memcpy(nonce, body + 16, TOKEN_NONCE_LEN);
	if (issued > now + TOKEN_FUTURE_SLACK || now - issued > lifetime)
		return TOKEN_STALE;
	return TOKEN_OK;
}
