/*
 * lang_page.c - the language choice (see lang_page.h).
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "http.h"
#include "i18n.h"
#include "lang_page.h"
#include "page.h"
#include "server.h"

#define LANG_COOKIE_AGE (365 * 24 * 3600)

static int
local_path(const char *s, size_t len)
{
	size_t n;

	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	n = strlen(s);
	if (n >= len)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e ||
		    s[i] == '\\')
			return 0;
	return 1;
}

void
lang_page_back(const char *suite, char *out, size_t len)
{
	const char *q, *p;
	size_t o;

	if (len < 2 || !local_path(suite, len)) {
		if (len >= 2)
			memcpy(out, "/", 2);
		return;
	}
	q = strchr(suite, '?');
	o = q != NULL ? (size_t)(q - suite) : strlen(suite);
	memcpy(out, suite, o);
	out[o] = '\0';
	/* The query's parameters but lang=, in their order. */
	for (p = q != NULL ? q + 1 : NULL; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, "&");

		if (n > 0 && !(n >= 5 && strncmp(p, "lang=", 5) == 0) &&
		    !(n == 4 && strncmp(p, "lang", 4) == 0)) {
			out[o++] = strchr(out, '?') == NULL ? '?' : '&';
			memcpy(out + o, p, n);
			o += n;
			out[o] = '\0';
		}
		p += n;
		if (*p == '&')
			p++;
	}
}

static void
page_langue(struct page *p)
{
	char *choice = http_query(p->req, "choix");
	char *suite = http_query(p->req, "suite");
	char back[1024];
	int l = choice != NULL && (strcmp(choice, "fr") == 0 ||
	    strcmp(choice, "en") == 0) ? i18n_parse(choice) : -1;

	lang_page_back(suite, back, sizeof(back));
	if (l >= 0)
		http_cookie_set(p->req, HTTP_LANG_COOKIE,
		    i18n_code((enum i18n_lang)l), "/", LANG_COOKIE_AGE,
		    p->srv->cfg->cookie_secure);
	http_redirect(p->req, back);
	free(choice);
	free(suite);
}

static const struct route routes[] = {
	{ ROUTE_PAGE, "/langue", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    page_langue },
};

const struct route_table lang_routes = {
	"/langue", ROUTE_ANYONE, ERR_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
