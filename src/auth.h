/*
 * auth.h - staff accounts: password hashing, session and CSRF tokens,
 * roles, the limit on failed logins, and the small checks of the login
 * flow (cookie parsing, the `next` path).
 *
 * Pure functions, no I/O: the SQL is in store_user.c, the HTTP in
 * admin.c.  Passwords are hashed with argon2id (libsodium's
 * crypto_pwhash_str, interactive limits: about 80 ms and 64 MiB), so
 * auth_hash() and auth_verify() never run on the event loop's thread.
 *
 * Session tokens are 32 random bytes sent to the browser as base64url; the
 * database only keeps their BLAKE2b hash, so a copy of the database does
 * not let anyone log in.  CSRF tokens are 32 random bytes per session,
 * compared in constant time.
 */
#ifndef RECUEIL_AUTH_H
#define RECUEIL_AUTH_H

#include <stddef.h>
#include <stdint.h>

#define AUTH_HASH_MAX 128        /* >= crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN 32        /* raw bytes of session and CSRF tokens */
#define AUTH_TOKEN_TEXT_LEN 43   /* base64url without padding */
#define AUTH_ID_LEN 32           /* hash of a session token */
#define AUTH_PASSWORD_MAX 1024   /* longer passwords are refused */

enum auth_role { AUTH_NONE = 0, AUTH_PROFESSIONAL = 1, AUTH_COORDINATOR = 2 };

/* "coordinator" or "professional" -> the role; AUTH_NONE otherwise. */
enum auth_role auth_role_parse(const char *s);

/* The role's name as stored ("coordinator"), or "" for AUTH_NONE. */
const char *auth_role_name(enum auth_role r);

/* The role's name for people, in French ("coordination"). */
const char *auth_role_label(enum auth_role r);

/*
 * Whether `name` is an acceptable account name: 1 to 64 bytes of ASCII
 * letters, digits, '.', '_', '-' and '@'.  Returns 1 or 0.
 */
int auth_name_valid(const char *name);

/*
 * Hash `password` (argon2id) into out (AUTH_HASH_MAX bytes, a
 * NUL-terminated string).  Slow: never on the event loop.  Returns 0, or -1
 * when out of memory or the password is empty or too long.
 */
int auth_hash(const char *password, char out[AUTH_HASH_MAX]);

/*
 * Whether `password` matches `hash` (from auth_hash).  Slow, constant time
 * in the password.  Returns 1 on a match, 0 otherwise.
 */
int auth_verify(const char *hash, const char *password);

/*
 * A hash of a random password, computed once (slow; the first call should
 * happen off the event loop).  Verifying against it when an account does
 * not exist takes as long as a real check, so timing does not tell which
 * names exist.  Borrowed; thread-safe.
 */
const char *auth_dummy_hash(void);

/*
 * A fresh random token: its text form (AUTH_TOKEN_TEXT_LEN + 1 bytes) and
 * raw bytes.  Either output may be NULL.
 */
void auth_token_new(char text[AUTH_TOKEN_TEXT_LEN + 1],
    unsigned char raw[AUTH_TOKEN_LEN]);

/* Encode raw token bytes as text (AUTH_TOKEN_TEXT_LEN + 1 bytes). */
void auth_token_text(const unsigned char raw[AUTH_TOKEN_LEN],
    char text[AUTH_TOKEN_TEXT_LEN + 1]);

/*
 * Decode a token's text into its raw bytes.  Returns 0, or -1 when `text`
 * (may be NULL) is not a token.
 */
int auth_token_raw(const char *text, unsigned char raw[AUTH_TOKEN_LEN]);

/*
 * The session id stored for the token whose text is `text`: the BLAKE2b
 * hash of its raw bytes.  Returns 0, or -1 when `text` is not a token.
 */
int auth_session_id(const char *text, unsigned char id[AUTH_ID_LEN]);

/* The session id of raw token bytes. */
void auth_session_id_raw(const unsigned char raw[AUTH_TOKEN_LEN],
    unsigned char id[AUTH_ID_LEN]);

/*
 * Whether the CSRF token `text` (from a form, may be NULL) is the
 * session's `expected` raw token, compared in constant time.  Returns 1
 * or 0.
 */
int auth_csrf_ok(const unsigned char expected[AUTH_TOKEN_LEN],
    const char *text);

/*
 * The value of cookie `name` in a Cookie header (may be NULL), copied
 * into out[0..outlen).  Returns 0, or -1 when absent or too long.
 */
int auth_cookie_get(const char *header, const char *name, char *out,
    size_t outlen);

/*
 * Whether `next` is a safe place to go back to after login: a local path
 * under /admin (starting with "/admin", no "//", no backslash, no control
 * or non-ASCII byte, no scheme).  Returns 1 or 0.
 */
int auth_next_ok(const char *next);

/* ---- failed logins ---------------------------------------------------- */

/*
 * Failed logins are counted per account ("u:NAME") and per client address
 * ("a:ADDRESS") in the database (store_login_attempt in store.h), so that
 * they survive a restart and expire by time only.  The database never
 * holds the name or the address itself: only this keyed hash of it, with
 * a secret salt kept in the database's meta table.
 */
#define AUTH_LIMIT_SALT_LEN 32
#define AUTH_LIMIT_KEY_LEN 16

/* The counter's key for `key` (a NUL-terminated string) under `salt`. */
void auth_limit_key(const unsigned char salt[AUTH_LIMIT_SALT_LEN],
    const char *key, unsigned char out[AUTH_LIMIT_KEY_LEN]);

#endif
