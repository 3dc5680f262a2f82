/*
 * filename.h - the names of downloads: named after what they hold
 * ("stats-rencontre-reseau-2026.csv", "reponses-rencontre-du-cher-
 * 2026-11-20.xlsx"), and the Content-Disposition that carries them, an
 * ASCII name for every browser and the UTF-8 one (RFC 6266, RFC 8187)
 * for those that read it.  Pure: no I/O.
 */
#ifndef RECUEIL_FILENAME_H
#define RECUEIL_FILENAME_H

#include <stddef.h>

/* What a download holds: each part may be NULL. */
struct filename_parts {
	const char *kind;       /* "stats", "reponses"... (ASCII) */
	const char *meeting;    /* a meeting's title */
	const char *date;       /* its date (YYYY-MM-DD) */
	const char *form_id;    /* a form's id */
	const char *from, *to;  /* the period (YYYY-MM-DD) */
	const char *ext;        /* "csv", "xlsx", "ods" */
};

/*
 * Write the name of `p` into utf8[0..len) (letters as typed, in lower
 * case for ASCII ones and Latin capitals) and its ASCII twin into
 * ascii[0..len) (accented Latin letters without their accents): the kind, then the meeting's
 * title and date or the form, then the period (a whole year is "2026";
 * else "2026-01-01-au-2026-06-30", "depuis-...", "jusqu-au-..."); any
 * other character becomes one '-'.  Each part is cut to fit (at most 60
 * bytes); a name always ends with ".ext".  Returns 0, -1 when len is too
 * small for the kind and extension.
 */
int filename_build(const struct filename_parts *p, char *utf8, char *ascii,
    size_t len);

/*
 * The Content-Disposition value of a download named `utf8`:
 * "attachment; filename=\"ASCII\"" (its accents dropped, quotes and any
 * other character a '-') and, when that differs from the name,
 * "; filename*=UTF-8''PERCENT-ENCODED" (RFC 8187), into out[0..len).
 * Returns 0, or -1 when it does not fit (out then holds the ASCII form
 * alone, or is cut).
 */
int filename_disposition(const char *utf8, char *out, size_t len);

#endif
