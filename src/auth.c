/*
 * auth.c - staff accounts: hashing, tokens, roles, failed-login limits
 * (see auth.h).
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"

/* ---- roles and names -------------------------------------------------- */

enum auth_role
auth_role_parse(const char *s)
{
	if (s == NULL)
		return AUTH_NONE;
	if (strcmp(s, "coordinator") == 0)
		return AUTH_COORDINATOR;
	if (strcmp(s, "professional") == 0)
		return AUTH_PROFESSIONAL;
	return AUTH_NONE;
}

const char *
auth_role_name(enum auth_role r)
{
	switch (r) {
	case AUTH_COORDINATOR: return "coordinator";
	case AUTH_PROFESSIONAL: return "professional";
	case AUTH_NONE: break;
	}
	return "";
}

const char *
auth_role_label(enum auth_role r)
{
	switch (r) {
	case AUTH_COORDINATOR: return "coordination";
	case AUTH_PROFESSIONAL: return "professionnel·le";
	case AUTH_NONE: break;
	}
	return "";
}

int
auth_name_valid(const char *name)
{
	size_t n = 0;

	if (name == NULL)
		return 0;
	for (const char *p = name; *p != '\0'; p++, n++) {
		unsigned char c = (unsigned char)*p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
		    c == '@'))
			return 0;
	}
	return n >= 1 && n <= 64;
}

/* ---- passwords -------------------------------------------------------- */

int
auth_hash(const char *password, char out[AUTH_HASH_MAX])
{
	size_t len = password != NULL ? strlen(password) : 0;

	if (len == 0 || len > AUTH_PASSWORD_MAX)
		return -1;
	if (crypto_pwhash_str(out, password, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	return 0;
}

int
auth_verify(const char *hash, const char *password)
{
	size_t len = password != NULL ? strlen(password) : 0;

	if (hash == NULL || len > AUTH_PASSWORD_MAX)
		return 0;
	return crypto_pwhash_str_verify(hash, password != NULL ? password : "",
	    len) == 0;
}

static char dummy[AUTH_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	char pw[AUTH_TOKEN_TEXT_LEN + 1];

	auth_token_new(pw, NULL);
	if (auth_hash(pw, dummy) != 0)
		dummy[0] = '\0';
	sodium_memzero(pw, sizeof(pw));
}

const char *
auth_dummy_hash(void)
{
	pthread_once(&dummy_once, dummy_init);
	return dummy;
}

/* ---- tokens ----------------------------------------------------------- */

void
auth_token_text(const unsigned char raw[AUTH_TOKEN_LEN],
    char text[AUTH_TOKEN_TEXT_LEN + 1])
{
	sodium_bin2base64(text, AUTH_TOKEN_TEXT_LEN + 1, raw, AUTH_TOKEN_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
auth_token_new(char text[AUTH_TOKEN_TEXT_LEN + 1],
    unsigned char raw[AUTH_TOKEN_LEN])
{
	unsigned char r[AUTH_TOKEN_LEN];

	randombytes_buf(r, sizeof(r));
	if (text != NULL)
		auth_token_text(r, text);
	if (raw != NULL)
		memcpy(raw, r, sizeof(r));
	sodium_memzero(r, sizeof(r));
}

/* Decode a token's text into raw bytes; -1 when it is not one. */
static int
token_decode(const char *text, unsigned char raw[AUTH_TOKEN_LEN])
{
	size_t len = 0;

	if (text == NULL || strlen(text) != AUTH_TOKEN_TEXT_LEN)
		return -1;
	if (sodium_base642bin(raw, AUTH_TOKEN_LEN, text, AUTH_TOKEN_TEXT_LEN,
	    NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != AUTH_TOKEN_LEN)
		return -1;
	return 0;
}

int
auth_token_raw(const char *text, unsigned char raw[AUTH_TOKEN_LEN])
{
	return token_decode(text, raw);
}

void
auth_session_id_raw(const unsigned char raw[AUTH_TOKEN_LEN],
    unsigned char id[AUTH_ID_LEN])
{
	crypto_generichash(id, AUTH_ID_LEN, raw, AUTH_TOKEN_LEN, NULL, 0);
}

int
auth_session_id(const char *text, unsigned char id[AUTH_ID_LEN])
{
	unsigned char raw[AUTH_TOKEN_LEN];

	if (token_decode(text, raw) < 0)
		return -1;
	auth_session_id_raw(raw, id);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

int
auth_csrf_ok(const unsigned char expected[AUTH_TOKEN_LEN], const char *text)
{
	unsigned char raw[AUTH_TOKEN_LEN];
	int ok;

	if (token_decode(text, raw) < 0)
		return 0;
	ok = sodium_memcmp(raw, expected, AUTH_TOKEN_LEN) == 0;
	sodium_memzero(raw, sizeof(raw));
	return ok;
}

/* ---- request checks --------------------------------------------------- */

int
auth_cookie_get(const char *header, const char *name, char *out,
    size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p != NULL && *p != '\0') {
		const char *end;
		size_t vlen;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=') {
			const char *v = p + nlen + 1;

			vlen = (size_t)(end - v);
			while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (vlen + 1 > outlen)
				return -1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

int
auth_next_ok(const char *next)
{
	if (next == NULL || strncmp(next, "/admin", 6) != 0 ||
	    (next[6] != '\0' && next[6] != '/' && next[6] != '?'))
		return 0;
	/* No "//", no dot segments, even percent-encoded ones. */
	if (strstr(next, "//") != NULL || strstr(next, "/.") != NULL ||
	    strlen(next) > 512)
		return 0;
	for (const char *p = next; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x21 || c >= 0x7f || c == '\\')
			return 0;
		if (c == '%' && p[1] == '2' && (p[2] == 'e' || p[2] == 'E' ||
		    p[2] == 'f' || p[2] == 'F'))
			return 0;
		if (c == '%' && (p[1] == '5') && (p[2] == 'c' || p[2] == 'C'))
			return 0;
	}
	return 1;
}

/* ---- failed logins ---------------------------------------------------- */

void
auth_limit_key(const unsigned char salt[AUTH_LIMIT_SALT_LEN], const char *key,
    unsigned char out[AUTH_LIMIT_KEY_LEN])
{
	crypto_generichash(out, AUTH_LIMIT_KEY_LEN, (const unsigned char *)key,
	    strlen(key), salt, AUTH_LIMIT_SALT_LEN);
}
