/*
 * test_route.c - the dispatch decisions of route_decide() over the real
 * route tables (web_routes): method, path and who is asking give a
 * handler, a login redirect, 403, 404 or 405, always in the staff pages'
 * order (session, 404, role, method).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "route.h"
#include "web.h"

#define G ROUTE_GET
#define H ROUTE_HEAD
#define P ROUTE_POST
#define UNK ROUTE_WHO_UNKNOWN
#define NOB ROUTE_WHO_NOBODY
#define PRO ROUTE_WHO_PROFESSIONAL
#define COO ROUTE_WHO_COORDINATOR

struct want {
	unsigned method;
	const char *path;
	enum route_who who;
	enum route_verdict verdict;
	const char *route;          /* the route's path pattern on RUN */
	const char *param;
	enum errpage not_found;     /* on NOT_FOUND */
};

static const struct want cases[] = {
	/* Public pages: no session is ever read. */
	{ G, "/", UNK, ROUTE_RUN, "/", "", 0 },
	{ H, "/", UNK, ROUTE_RUN, "/", "", 0 },
	{ P, "/", UNK, ROUTE_NOT_ALLOWED, NULL, NULL, 0 },
	{ G, "/healthz", UNK, ROUTE_RUN, "/healthz", "", 0 },
	{ G, "/r", UNK, ROUTE_RUN, "/r", "", 0 },
	{ G, "/r/K7QX2MA", UNK, ROUTE_RUN, "/r/{code}", "K7QX2MA", 0 },
	{ P, "/r/K7QX2MA", UNK, ROUTE_RUN, "/r/{code}", "K7QX2MA", 0 },
	{ G, "/r/abc/merci", UNK, ROUTE_RUN, "/r/{code}/merci", "abc", 0 },
	{ P, "/r/abc/merci", UNK, ROUTE_NOT_ALLOWED, NULL, NULL, 0 },
	{ G, "/r/", UNK, ROUTE_NOT_FOUND, NULL, NULL, ERR_NOT_FOUND },
	{ G, "/r/a/b", UNK, ROUTE_NOT_FOUND, NULL, NULL, ERR_NOT_FOUND },
	{ G, "/r/0123456789012345678901234567890123", UNK, ROUTE_NOT_FOUND,
	    NULL, NULL, ERR_NOT_FOUND },
	{ G, "/nothing", UNK, ROUTE_NOT_FOUND, NULL, NULL, ERR_NOT_FOUND },
	{ G, "/administration", UNK, ROUTE_NOT_FOUND, NULL, NULL,
	    ERR_NOT_FOUND },
	{ G, "/%61dmin/meetings/new", UNK, ROUTE_NOT_FOUND, NULL, NULL,
	    ERR_NOT_FOUND },

	/* The way in needs no session. */
	{ G, "/admin", UNK, ROUTE_RUN, "/admin", "", 0 },
	{ P, "/admin", UNK, ROUTE_RUN, "/admin", "", 0 },
	{ G, "/admin/login", UNK, ROUTE_RUN, "/admin/login", "", 0 },
	{ P, "/admin/login", UNK, ROUTE_RUN, "/admin/login", "", 0 },

	/* Everything else under /admin asks for the session first... */
	{ G, "/admin/", UNK, ROUTE_NEED_SESSION, NULL, NULL, 0 },
	{ G, "/admin/nothing", UNK, ROUTE_NEED_SESSION, NULL, NULL, 0 },
	{ P, "/admin/logout", UNK, ROUTE_NEED_SESSION, NULL, NULL, 0 },
	/* ...sends those without one to the login page, even to 404s... */
	{ G, "/admin/", NOB, ROUTE_LOGIN, NULL, NULL, 0 },
	{ G, "/admin/nothing", NOB, ROUTE_LOGIN, NULL, NULL, 0 },
	{ G, "/admin/logout", NOB, ROUTE_LOGIN, NULL, NULL, 0 },
	{ P, "/admin/meetings/K7QX2MA/close", NOB, ROUTE_LOGIN, NULL, NULL, 0 },
	{ G, "/admin/export/stats.csv", NOB, ROUTE_LOGIN, NULL, NULL, 0 },
	/* ...then 404, role, method. */
	{ G, "/admin/nothing", PRO, ROUTE_NOT_FOUND, NULL, NULL,
	    ERR_STAFF_NOT_FOUND },
	{ G, "/admin/meetings/K7QX2MA/nothing", COO, ROUTE_NOT_FOUND, NULL,
	    NULL, ERR_STAFF_NOT_FOUND },
	{ G, "/admin/", PRO, ROUTE_RUN, "/admin/", "", 0 },
	{ P, "/admin/", PRO, ROUTE_NOT_ALLOWED, NULL, NULL, 0 },
	{ G, "/admin/logout", PRO, ROUTE_NOT_ALLOWED, NULL, NULL, 0 },
	{ P, "/admin/logout", PRO, ROUTE_RUN, "/admin/logout", "", 0 },

	/* Coordinators' pages: 403 for professionals, whatever the method. */
	{ G, "/admin/meetings/new", PRO, ROUTE_FORBIDDEN, NULL, NULL, 0 },
	{ P, "/admin/meetings/new", PRO, ROUTE_FORBIDDEN, NULL, NULL, 0 },
	{ G, "/admin/meetings/K7QX2MA/close", PRO, ROUTE_FORBIDDEN, NULL, NULL,
	    0 },
	{ P, "/admin/meetings/K7QX2MA/reopen", PRO, ROUTE_FORBIDDEN, NULL,
	    NULL, 0 },
	{ G, "/admin/forms", PRO, ROUTE_FORBIDDEN, NULL, NULL, 0 },
	{ P, "/admin/forms", PRO, ROUTE_FORBIDDEN, NULL, NULL, 0 },
	{ G, "/admin/meetings/new", COO, ROUTE_RUN, "/admin/meetings/new", "",
	    0 },
	{ P, "/admin/forms", COO, ROUTE_RUN, "/admin/forms", "", 0 },
	/* 2026-12-02: closing asks first (a GET page), then POSTs. */
	{ G, "/admin/meetings/K7QX2MA/close", COO, ROUTE_RUN,
	    "/admin/meetings/{code}/close", "K7QX2MA", 0 },
	{ G, "/admin/meetings/K7QX2MA/edit", PRO, ROUTE_FORBIDDEN, NULL, NULL,
	    0 },
	{ P, "/admin/meetings/K7QX2MA/delete", PRO, ROUTE_FORBIDDEN, NULL,
	    NULL, 0 },
	{ G, "/admin/meetings/K7QX2MA/duplicate", COO, ROUTE_RUN,
	    "/admin/meetings/{code}/duplicate", "K7QX2MA", 0 },
	{ P, "/admin/meetings/K7QX2MA/duplicate", COO, ROUTE_NOT_ALLOWED, NULL,
	    NULL, 0 },
	{ G, "/admin/meetings/K7QX2MA/projector", PRO, ROUTE_RUN,
	    "/admin/meetings/{code}/projector", "K7QX2MA", 0 },
	{ G, "/admin/meetings/K7QX2MA/count.json", PRO, ROUTE_RUN,
	    "/admin/meetings/{code}/count.json", "K7QX2MA", 0 },
	{ P, "/admin/meetings/K7QX2MA/close", COO, ROUTE_RUN,
	    "/admin/meetings/{code}/close", "K7QX2MA", 0 },

	/* An exact path wins over {code}; a {code} page is for staff. */
	{ P, "/admin/meetings/new", COO, ROUTE_RUN, "/admin/meetings/new", "",
	    0 },
	{ G, "/admin/meetings/K7QX2MA", PRO, ROUTE_RUN,
	    "/admin/meetings/{code}", "K7QX2MA", 0 },
	{ P, "/admin/meetings/K7QX2MA", COO, ROUTE_NOT_ALLOWED, NULL, NULL, 0 },
	{ G, "/admin/meetings/K7QX2MA/qr.svg", PRO, ROUTE_RUN,
	    "/admin/meetings/{code}/qr.svg", "K7QX2MA", 0 },
	{ G, "/admin/meetings/K7QX2MA/print", PRO, ROUTE_RUN,
	    "/admin/meetings/{code}/print", "K7QX2MA", 0 },

	/* Downloads: GET only (a streamed HEAD would never end). */
	{ G, "/admin/export", PRO, ROUTE_RUN, "/admin/export", "", 0 },
	{ G, "/admin/export/stats.csv", PRO, ROUTE_RUN,
	    "/admin/export/{file}", "stats.csv", 0 },
	{ H, "/admin/export/stats.csv", PRO, ROUTE_NOT_ALLOWED, NULL, NULL, 0 },
	{ G, "/admin/export/a/b.csv", PRO, ROUTE_NOT_FOUND, NULL, NULL,
	    ERR_STAFF_NOT_FOUND },
};

Test(route, decisions_over_the_real_tables)
{
	size_t n;
	const struct route_table *const *t = web_routes(&n);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];
		struct route_decision d;

		route_decide(t, n, w->method, w->path, w->who, &d);
		cr_expect_eq(d.verdict, w->verdict, "%u %s (who %d): %d, not %d",
		    w->method, w->path, w->who, d.verdict, w->verdict);
		if (d.verdict != w->verdict)
			continue;
		if (w->verdict == ROUTE_RUN) {
			cr_expect_str_eq(d.route->path, w->route, "%s", w->path);
			cr_expect_str_eq(d.param, w->param, "%s", w->path);
		}
		if (w->verdict == ROUTE_NOT_FOUND)
			cr_expect_eq(d.not_found, w->not_found, "%s", w->path);
	}
}

/* Every route of the tables: a handler, a path, sane flags. */
Test(route, tables_are_well_formed)
{
	size_t n;
	const struct route_table *const *t = web_routes(&n);

	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i < t[k]->n; i++) {
			const struct route *r = &t[k]->routes[i];

			cr_expect_not_null(r->handle, "%s", r->path);
			cr_expect_eq(r->path[0], '/', "%s", r->path);
			/* In its table's area: the dispatcher skips the others. */
			cr_expect(strncmp(r->path, t[k]->area,
			    strlen(t[k]->area)) == 0 &&
			    (r->path[strlen(t[k]->area)] == '\0' ||
			    r->path[strlen(t[k]->area)] == '/'), "%s", r->path);
			cr_expect_neq(r->methods, 0u, "%s", r->path);
			/* A state-changing POST of a session checks its token. */
			if ((r->methods & ROUTE_POST) && r->role > ROUTE_ANYONE)
				cr_expect(r->csrf && r->body != ROUTE_NO_BODY,
				    "%s", r->path);
			if (r->csrf)
				cr_expect(r->role > ROUTE_ANYONE, "%s", r->path);
		}
	}
}

/* A route needing more than its path's other routes asks for a session. */
static void
handle_nothing(struct page *p)
{
	(void)p;
}

static const struct route mixed[] = {
	{ ROUTE_PAGE, "/x/{id}", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    handle_nothing },
	{ ROUTE_POST, "/x/{id}", ROUTE_COORDINATOR, ROUTE_FORM, 100, 1,
	    handle_nothing },
};
static const struct route_table mixed_table = { "/x", ROUTE_ANYONE,
	ERR_NOT_FOUND, mixed, 2 };

Test(route, a_stricter_method_of_a_path_reads_the_session)
{
	const struct route_table *t[] = { &mixed_table };
	struct route_decision d;

	cr_assert_eq(route_decide(t, 1, G, "/x/1", UNK, &d)->verdict, ROUTE_RUN);
	cr_assert_str_eq(d.param, "1");
	cr_assert_eq(route_decide(t, 1, P, "/x/1", UNK, &d)->verdict,
	    ROUTE_NEED_SESSION);
	cr_assert_eq(route_decide(t, 1, P, "/x/1", NOB, &d)->verdict,
	    ROUTE_LOGIN);
	cr_assert_eq(route_decide(t, 1, P, "/x/1", PRO, &d)->verdict,
	    ROUTE_FORBIDDEN);
	cr_assert_eq(route_decide(t, 1, P, "/x/1", COO, &d)->verdict, ROUTE_RUN);
	cr_assert_eq(route_decide(t, 1, G, "/x/", UNK, &d)->verdict,
	    ROUTE_NOT_FOUND);
}
