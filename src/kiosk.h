/*
 * kiosk.h - the key of a meeting's kiosk link (issue 16).
 *
 * A coordinator opens /r/CODE/tablette?cle=KEY on the centre's shared
 * tablet: the form then resets for the next person after each answer,
 * keeps no draft, and its answers are marked as coming from the kiosk.
 * The key only proves that the link came from the staff pages (a phone
 * cannot mark its answers "kiosk" by guessing a URL); it opens nothing
 * else: no result, no other page.  KEY is a keyed BLAKE2b hash of the
 * meeting's id under the server key, base64url without padding.  Pure.
 */
#ifndef RECUEIL_KIOSK_H
#define RECUEIL_KIOSK_H

#include <stdint.h>

#include "token.h"

#define KIOSK_KEY_LEN 22     /* characters, 16 bytes in base64url */

/* Write meeting `meeting_id`'s kiosk key into out (NUL-terminated). */
void kiosk_key(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    char out[KIOSK_KEY_LEN + 1]);

/* 1 when `text` is meeting `meeting_id`'s kiosk key, else 0 (NULL: 0). */
int kiosk_check(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    const char *text);

#endif
