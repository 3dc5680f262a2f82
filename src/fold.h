/*
 * fold.h - the key two names are compared by: "Saint-Amand-Montrond",
 * "saint amand montrond" and "SAINT AMAND-MONTROND" are one centre,
 * "Régional" and "regional" one network level.
 *
 * Pure (no I/O): the storage module keeps each centre's and level's key
 * beside its name, the statistics core counts centres by it.
 */
#ifndef RECUEIL_FOLD_H
#define RECUEIL_FOLD_H

#include <stddef.h>

/* The longest key fold_key() writes, with its NUL. */
#define FOLD_KEY_MAX 1024

/*
 * Fold the UTF-8 text `s` into `out` (outlen bytes): ASCII letters to
 * lower case, the Latin letters with accents of U+00C0-U+00FF to their
 * base letter (é -> e, Ç -> c), œ and æ to "oe" and "ae", and every run of
 * other characters that are not letters or digits (spaces, hyphens,
 * apostrophes, including the typographic ’) to one space, with no space
 * at either end.  Other non-ASCII letters are kept as they are.  Returns
 * the key's length, or -1 when it does not fit in outlen - 1 bytes (out
 * then holds a truncated key, still NUL-terminated when outlen > 0).
 */
int fold_key(const char *s, char *out, size_t outlen);

/* Whether `a` and `b` fold to the same key (texts of any length). */
int fold_same(const char *a, const char *b);

#endif
