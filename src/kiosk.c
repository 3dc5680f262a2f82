/*
 * kiosk.c - the key of a meeting's kiosk link (see kiosk.h).
 */
#include <string.h>

#include <sodium.h>

#include "kiosk.h"

void
kiosk_key(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    char out[KIOSK_KEY_LEN + 1])
{
	unsigned char msg[14] = "kiosk:", h[16];
	uint64_t id = (uint64_t)meeting_id;

	for (int i = 0; i < 8; i++)
		msg[6 + i] = (unsigned char)(id >> (56 - 8 * i));
	crypto_generichash(h, sizeof(h), msg, sizeof(msg), key, TOKEN_KEY_LEN);
	sodium_bin2base64(out, KIOSK_KEY_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
kiosk_check(const unsigned char key[TOKEN_KEY_LEN], int64_t meeting_id,
    const char *text)
{
	char want[KIOSK_KEY_LEN + 1];

	if (text == NULL || strlen(text) != KIOSK_KEY_LEN)
		return 0;
	kiosk_key(key, meeting_id, want);
	return sodium_memcmp(want, text, KIOSK_KEY_LEN) == 0;
}
