/*
 * token.h - one-time form tokens.
 *
 * Each rendered form carries a token: the meeting id, the issue time and a
 * random 16-byte nonce, authenticated under a server key kept in the
 * database.  A forged token fails the MAC, a stale one fails the lifetime
 * check, and the nonce makes the stored response unique, so a
 * resubmission of the same form instance is recognised without any cookie
 * on the phone.  The token only has to prove that this server issued it:
 * nothing in it is secret.
 *
 * Text form: base64url without padding of
 *
 *   version 1 (made today, TOKEN_TEXT_LEN = 66 characters):
 *     1(1) | id(8) | time(8) | nonce(16) | mac(16), the MAC being
 *     SipHash-2-4 with a 128-bit output (libsodium's
 *     crypto_shorthash_siphashx24) of the first 33 bytes, under a 16-byte
 *     key derived from the server key with crypto_kdf_derive_from_key
 *     (subkey 1, context "formtokn");
 *   version 0 (made until December 2026, TOKEN_V0_TEXT_LEN = 86):
 *     id(8) | time(8) | nonce(16) | mac(32), the MAC being
 *     HMAC-SHA-512-256 (crypto_auth) of the first 32 bytes under the
 *     server key itself.  Still accepted, so that forms opened before an
 *     upgrade can be sent after it; they expire with their lifetime.
 *
 * All integers are big-endian.  SipHash costs about 320 instructions for
 * a token where HMAC-SHA-512-256 cost 10,000 (two SHA-512 blocks), a sixth
 * of a form page's whole cost in the daemon.
 */
#ifndef RECUEIL_TOKEN_H
#define RECUEIL_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define TOKEN_KEY_LEN 32
#define TOKEN_NONCE_LEN 16
#define TOKEN_VERSION 1
#define TOKEN_RAW_LEN 49         /* version 1 */
#define TOKEN_TEXT_LEN 66        /* version 1, the tokens token_make makes */
#define TOKEN_V0_RAW_LEN 64
#define TOKEN_V0_TEXT_LEN 86     /* version 0, only checked */

/* Room for a clock that drifts or a server restarted with a new time. */
#define TOKEN_FUTURE_SLACK 300

enum token_status { TOKEN_OK = 0, TOKEN_BAD = -1, TOKEN_STALE = -2 };

/*
 * Write a fresh token (version TOKEN_VERSION) for `meeting_id` issued at
 * `now` into out[0..TOKEN_TEXT_LEN] (NUL-terminated; out holds
 * TOKEN_TEXT_LEN + 1).
 */
void token_make(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    int64_t now, char out[TOKEN_TEXT_LEN + 1]);

/*
 * Check `text`, of either version, for `meeting_id` at `now`: TOKEN_OK,
 * TOKEN_BAD when malformed, of an unknown version, forged or for another
 * meeting, TOKEN_STALE when genuine but older than `lifetime` seconds or
 * issued more than TOKEN_FUTURE_SLACK seconds in the future.  The nonce is copied into `nonce` for TOKEN_OK
 * and TOKEN_STALE (so that a late retry of a stored answer can still be
 * recognised), never for TOKEN_BAD.
 */
enum token_status token_check(const unsigned char key[TOKEN_KEY_LEN],
    const char *text, int64_t meeting_id, int64_t now, int64_t lifetime,
    unsigned char nonce[TOKEN_NONCE_LEN]);

#endif
