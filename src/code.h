/*
 * code.h - public meeting codes.
 *
 * Codes are CODE_LEN characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), drawn with libsodium's randombytes:
 * 25^7 > 2^32, so a code is hard to guess.  Input is case-insensitive and
 * may contain spaces or dashes, as people copy codes from a screen.
 */
#ifndef RECUEIL_CODE_H
#define RECUEIL_CODE_H

#include <stddef.h>

#define CODE_LEN 7

/* Write a fresh random code into out (CODE_LEN + 1 bytes). */
void code_new(char out[CODE_LEN + 1]);

/*
 * Normalise user input into out (CODE_LEN + 1 bytes): upper-case, spaces
 * and dashes removed.  Returns 0 when the result is a well-formed code,
 * -1 otherwise (out is then "").
 */
int code_normalize(const char *in, char out[CODE_LEN + 1]);

#endif
