/*
 * hotreq.h - recognising the one request the hot path answers itself
 * (http.c, connlimit.c): a plain keep-alive GET of a page, without body,
 * cookie or anything that changes how the connection goes on.
 *
 * The rule is deliberately narrower than HTTP: whatever it does not
 * recognise goes to evhttp, which applies its own rules as before, so a
 * refusal here is never wrong, only slower.  Recognised:
 *
 *   "GET " PATH " HTTP/1.1" CRLF
 *   ( NAME ":" VALUE CRLF )*        at most HOTREQ_MAX_HEADERS lines
 *   CRLF
 *
 * PATH: "/" then letters, digits, "/", "-" and "_", at most pathlen - 1
 * bytes (no query, no escapes, no dots); NAME: the token characters of
 * RFC 9110; VALUE: printable bytes, spaces and tabs (no control byte,
 * so no bare CR or LF); every line ends with CR LF (no obsolete folding);
 * the whole request within `max` bytes.  Refused names (any case):
 * Content-Length, Transfer-Encoding, Expect, Upgrade (they announce a
 * body or change the connection), Cookie (the language cookie changes
 * the page), and Connection unless its value is "keep-alive" (HTTP/1.1's
 * default, which browsers send: evhttp's reply is the same with or
 * without it).
 *
 * Pure: no I/O.
 */
#ifndef RECUEIL_HOTREQ_H
#define RECUEIL_HOTREQ_H

#include <stddef.h>

#define HOTREQ_MAX_HEADERS 64

/*
 * The length of such a request at the start of p[0..len), its path copied
 * into path[0..pathlen) (NUL-terminated); 0 when p does not start with a
 * whole one (incomplete, or anything else).
 */
size_t hotreq_parse(const char *p, size_t len, size_t max, char *path,
    size_t pathlen);

#endif
