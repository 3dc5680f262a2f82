/*
 * code.c - public meeting codes (see code.h).
 */
#include <string.h>

#include <sodium.h>

#include "code.h"

static const char alphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";

void
code_new(char out[CODE_LEN + 1])
{
	size_t n = sizeof(alphabet) - 1;

	for (int i = 0; i < CODE_LEN; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)n)];
	out[CODE_LEN] = '\0';
}

int
code_normalize(const char *in, char out[CODE_LEN + 1])
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		char c = *in;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c == '\0' || strchr(alphabet, c) == NULL || n == CODE_LEN)
			goto bad;
		out[n++] = c;
	}
	if (n != CODE_LEN)
		goto bad;
	out[n] = '\0';
	return 0;
bad:
	out[0] = '\0';
	return -1;
}
