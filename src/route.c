/*
 * route.c - matching a request against the route tables (see route.h).
 */
#include <string.h>

#include "route.h"

/*
 * Whether `path` matches `pattern`; a "{name}" segment matches one
 * non-empty path segment of at most ROUTE_PARAM_MAX bytes, copied into
 * param.  Returns 2 for an exact match, 1 for a match with a parameter,
 * 0 for none.
 */
static int
match(const char *pattern, const char *path, char *param)
{
	const char *open, *close, *seg_end;
	size_t pre, seg;

	/* Most routes differ from the path at once: a cheap first look. */
	if (pattern[1] != path[1] && pattern[1] != '{')
		return 0;
	if ((open = strchr(pattern, '{')) == NULL)
		return strcmp(pattern, path) == 0 ? 2 : 0;
	close = strchr(open, '}');
	pre = (size_t)(open - pattern);
	if (close == NULL || strncmp(pattern, path, pre) != 0)
		return 0;
	seg_end = strchr(path + pre, '/');
	seg = seg_end != NULL ? (size_t)(seg_end - (path + pre)) :
	    strlen(path + pre);
	if (seg == 0 || seg > ROUTE_PARAM_MAX ||
	    strcmp(path + pre + seg, close + 1) != 0)
		return 0;
	memcpy(param, path + pre, seg);
	param[seg] = '\0';
	return 1;
}

/* Whether `path` lies in `area` ("" holds every path). */
static int
in_area(const char *area, const char *path)
{
	size_t n = strlen(area);

	return strncmp(area, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static enum route_role
rank(enum route_who who)
{
	switch (who) {
	case ROUTE_WHO_COORDINATOR: return ROUTE_COORDINATOR;
	case ROUTE_WHO_PROFESSIONAL: return ROUTE_STAFF;
	default: return ROUTE_ANYONE;
	}
}

/*
 * The routes matching path (exact ones when there are any), and the table
 * whose area holds the path most closely.
 */
struct candidates {
	const struct route *v[8];
	size_t n;
	int exact;
	enum route_role least;              /* the lowest role among them */
	char param[8][ROUTE_PARAM_MAX + 1]; /* each one's {param} */
	const struct route_table *area;
};

static void
add(struct candidates *c, const struct route *r, int m, const char *param)
{
	if (m == 1 && c->exact)
		return;
	if (m == 2 && !c->exact) {
		c->n = 0;       /* an exact path wins */
		c->exact = 1;
	}
	if (c->n == sizeof(c->v) / sizeof(c->v[0]))
		return;
	if (c->n == 0 || r->role < c->least)
		c->least = r->role;
	memcpy(c->param[c->n], m == 1 ? param : "", m == 1 ?
	    ROUTE_PARAM_MAX + 1 : 1);
	c->v[c->n++] = r;
}

static void
collect(const struct route_table *const *tables, size_t n, const char *path,
    struct candidates *c)
{
	char param[ROUTE_PARAM_MAX + 1];

	c->n = 0;
	c->exact = 0;
	c->least = ROUTE_ANYONE;
	c->area = NULL;
	for (size_t t = 0; t < n; t++) {
		const struct route_table *tb = tables[t];

		/* Every route of a table lies in its area (test_route checks). */
		if (!in_area(tb->area, path))
			continue;
		if (c->area == NULL || strlen(tb->area) > strlen(c->area->area))
			c->area = tb;
		for (size_t i = 0; i < tb->n; i++) {
			int m = match(tb->routes[i].path, path, param);

			if (m != 0)
				add(c, &tb->routes[i], m, param);
		}
	}
}

const struct route_decision *
route_decide(const struct route_table *const *tables, size_t n,
    unsigned method, const char *path, enum route_who who,
    struct route_decision *d)
{
	struct candidates c;
	const struct route_table *area;
	enum route_role need;
	const struct route *r = NULL;
	size_t k = 0;

	d->verdict = ROUTE_NOT_FOUND;
	d->route = NULL;
	d->param[0] = '\0';
	collect(tables, n, path, &c);
	area = c.area;
	d->not_found = area != NULL ? area->not_found : ERR_NOT_FOUND;
	need = c.n > 0 ? c.least : area != NULL ? area->area_role :
	    ROUTE_ANYONE;
	if (need > ROUTE_ANYONE && who == ROUTE_WHO_UNKNOWN) {
		d->verdict = ROUTE_NEED_SESSION;
		return d;
	}
	if (need > ROUTE_ANYONE && who == ROUTE_WHO_NOBODY) {
		d->verdict = ROUTE_LOGIN;
		return d;
	}
	if (c.n == 0) {
		d->verdict = ROUTE_NOT_FOUND;
		return d;
	}
	if (rank(who) < c.least) {
		d->verdict = ROUTE_FORBIDDEN;
		return d;
	}
	for (size_t i = 0; i < c.n && r == NULL; i++)
		if (c.v[i]->methods & method)
			r = c.v[k = i];
	if (r == NULL) {
		d->verdict = ROUTE_NOT_ALLOWED;
		return d;
	}
	/* A route that needs more than its path's other routes. */
	if (r->role > ROUTE_ANYONE && who <= ROUTE_WHO_NOBODY) {
		d->verdict = who == ROUTE_WHO_UNKNOWN ? ROUTE_NEED_SESSION :
		    ROUTE_LOGIN;
		return d;
	}
	if (rank(who) < r->role) {
		d->verdict = ROUTE_FORBIDDEN;
		return d;
	}
	d->verdict = ROUTE_RUN;
	d->route = r;
	memcpy(d->param, c.param[k], sizeof(d->param));
	return d;
}
