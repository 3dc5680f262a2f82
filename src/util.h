/*
 * util.h - small helpers shared by every module: checked allocation,
 * start-up errors, UTF-8 validation, times.
 */
#ifndef RECUEIL_UTIL_H
#define RECUEIL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Allocation that aborts with a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller owns the result (free(3)). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "PROG: message" on stderr and exit(1).  Start-up only. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Print "PROG: message" on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Program name used in messages; set once by main(). */
extern const char *util_progname;

/*
 * Whether s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF).  When not, *bad (if not NULL) receives the
 * offset of the first bad byte.
 */
int utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of characters (code points) of a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* Whether `s` is a valid ISO date YYYY-MM-DD (a real calendar day). */
int date_valid(const char *s);

/*
 * Format `t` as ISO 8601 local time with offset ("2026-11-29T18:05:00+01:00")
 * into buf (at least 32 bytes).  Returns buf.
 */
char *time_iso(int64_t t, char *buf, size_t len);

/* Today's date, local time, as YYYY-MM-DD into buf (at least 11 bytes). */
char *date_today(char *buf, size_t len);

/*
 * `t` rounded down to the start of its day, hour or minute (local time),
 * or unchanged: `resolution` is an enum time_resolution of config.h
 * (RES_DAY, RES_HOUR, RES_MINUTE, RES_SECOND).  Submission times are
 * stored coarsened so that they cannot single out who answered when.
 */
int64_t time_coarsen(int64_t t, int resolution);

/* ASCII case-insensitive comparison. */
int ascii_casecmp(const char *a, const char *b);

#endif
