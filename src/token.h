/*
 * token.h - one-time form tokens.
 *
 * Each rendered form carries a token: the meeting id, the issue time and a
 * random 16-byte nonce, authenticated with HMAC-SHA-512-256 (libsodium's
 * crypto_auth) under a server key kept in the database.  A forged token
 * fails the MAC, a stale one fails the lifetime check, and the nonce makes
 * the stored response unique, so a resubmission of the same form instance
 * is recognised without any cookie on the phone.
 *
 * Text form: base64url without padding of id(8) | time(8) | nonce(16) |
 * mac(32), i.e. TOKEN_TEXT_LEN characters.
 */
#ifndef RECUEIL_TOKEN_H
#define RECUEIL_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define TOKEN_KEY_LEN 32
#define TOKEN_NONCE_LEN 16
#define TOKEN_RAW_LEN 64
#define TOKEN_TEXT_LEN 86

/* Room for a clock that drifts or a server restarted with a new time. */
#define TOKEN_FUTURE_SLACK 300

enum token_status { TOKEN_OK = 0, TOKEN_BAD = -1, TOKEN_STALE = -2 };

/*
 * Write a fresh token for `meeting_id` issued at `now` into
 * out[0..TOKEN_TEXT_LEN] (NUL-terminated; out holds TOKEN_TEXT_LEN + 1).
 */
void token_make(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    int64_t now, char out[TOKEN_TEXT_LEN + 1]);

/*
 * Check `text` for `meeting_id` at `now`: TOKEN_OK, TOKEN_BAD when
 * malformed, forged or for another meeting, TOKEN_STALE when genuine but
 * older than `lifetime` seconds or issued more than TOKEN_FUTURE_SLACK
 * seconds in the future.  The nonce is copied into `nonce` for TOKEN_OK
 * and TOKEN_STALE (so that a late retry of a stored answer can still be
 * recognised), never for TOKEN_BAD.
 */
enum token_status token_check(const unsigned char key[TOKEN_KEY_LEN],
    const char *text, int64_t meeting_id, int64_t now, int64_t lifetime,
    unsigned char nonce[TOKEN_NONCE_LEN]);

#endif
