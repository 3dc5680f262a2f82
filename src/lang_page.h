/*
 * lang_page.h - the language choice of the pages: GET /langue?choix=en
 * &suite=/admin/ remembers the choice in the lang cookie (a year) and goes
 * back to `suite`, a local path, without its own ?lang= (which would
 * override the choice).  Every page then speaks it (http.h,
 * http_set_request_lang); html_lang_switch() (html.h) draws the link.
 */
#ifndef RECUEIL_LANG_PAGE_H
#define RECUEIL_LANG_PAGE_H

#include <stddef.h>

#include "route.h"

extern const struct route_table lang_routes;

/*
 * Where to go back to: `suite` when it is a local path ("/" then no "/"
 * or "\\", printable ASCII, shorter than `len`), with every lang=
 * parameter of its query removed; "/" otherwise.  Pure, for the tests.
 */
void lang_page_back(const char *suite, char *out, size_t len);

#endif
