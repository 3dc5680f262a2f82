/*
 * html_cache.h - the public form page, rendered once per form version,
 * meeting and language.
 *
 * A form page differs from one request to the next only by its token.
 * The first request of a (form version, meeting, language) renders the
 * page with html_form() around a placeholder token and keeps the bytes;
 * later requests copy them with the fresh token in place, so a GET costs
 * one memcpy instead of a few hundred escapes and buffer appends.  Only
 * the loop thread uses the cache.
 */
#ifndef RECUEIL_HTML_CACHE_H
#define RECUEIL_HTML_CACHE_H

#include <stddef.h>

struct evbuffer;
struct form;
struct meeting;

/*
 * Append to `out` the page html_form(out, f, m, lang, token, NULL) would
 * write, from the cache when it holds it.  `token` is TOKEN_TEXT_LEN
 * characters.  An entry is used only for the same form (pointer and
 * version) and a meeting with the same id and the same texts, so a
 * meeting changed in the database renders afresh.
 */
void html_cache_form(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang, const char *token);

/* Forget every page (forms reloaded: the old ones are about to be freed). */
void html_cache_clear(void);

#endif
