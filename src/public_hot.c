/*
 * public_hot.c - the form page for the hot path (see public_hot.h).
 *
 * What public.c's page_form does for GET /r/CODE, for the one case the
 * hot path takes: no ?lang= (the form's first language), the code as the
 * canonical URL has it, the meeting open and its form served.  Any other
 * case returns -1 before anything is written, and page_form, reached the
 * ordinary way, answers it (404, 410, 503, the redirection to the
 * canonical URL...).  test_hotpath.py checks that both paths serve the
 * same bytes but for the token and the Date.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "code.h"
#include "form.h"
#include "html_cache.h"
#include "meeting_cache.h"
#include "public.h"
#include "public_hot.h"
#include "registry.h"
#include "route.h"
#include "server.h"
#include "token.h"

int
public_hot_is_form(const struct route *r)
{
	return r >= public_routes.routes &&
	    r < public_routes.routes + public_routes.n &&
	    (r->methods & ROUTE_GET) != 0 && strcmp(r->path, "/r/{code}") == 0;
}

int
public_hot_form(struct server *srv, const char *code, struct evbuffer *body)
{
	char norm[CODE_LEN + 1], token[TOKEN_TEXT_LEN + 1];
	struct meeting m;
	const struct form *f;

	if (code_normalize(code, norm) < 0 || strcmp(norm, code) != 0 ||
	    meeting_cache_get(srv->store, norm, &m) != 0 || m.closed ||
	    (f = registry_get(srv->forms, m.form_id)) == NULL)
		return -1;
	token_make(srv->token_key, m.id, (int64_t)time(NULL), token);
	html_cache_form(body, f, &m, 0, token);
	return 0;
}
