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
	const char *open = strchr(pattern, '{'), *close, *seg_end;
	size_t pre, seg;

	if (open == NULL)
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

/* The routes matching path: exact ones when there are any. */
struct candidates {
	const struct route *v[8];
	size_t n;
	int exact;
	enum route_role least;              /* the lowest role among them */
	char param[8][ROUTE_PARAM_MAX + 1]; /* each one's {param} */
};

static void
collect(const struct route_table *const *tables, size_t n, const char *path,
    struct candidates *c)
{
	char param[ROUTE_PARAM_MAX + 1];

	memset(c, 0, sizeof(*c));
	for (size_t t = 0; t < n; t++) {
		for (size_t i = 0; i < tables[t]->n; i++) {
			const struct route *r = &tables[t]->routes[i];
			int m = match(r->path, path, param);

			if (m == 0 || (m == 1 && c->exact))
				continue;
			if (m == 2 && !c->exact) {
				c->n = 0;       /* an exact path wins */
				c->exact = 1;
			}
			if (c->n == sizeof(c->v) / sizeof(c->v[0]))
				continue;
			if (c->n == 0 || r->role < c->least)
				c->least = r->role;
			memcpy(c->param[c->n], m == 1 ? param : "", m == 1 ?
			    sizeof(param) : 1);
			c->v[c->n++] = r;
		}
	}
}

/* The table whose area holds `path` most closely. */
static const struct route_table *
area_of(const struct route_table *const *tables, size_t n, const char *path)
{
	const struct route_table *best = NULL;

	for (size_t t = 0; t < n; t++)
		if (in_area(tables[t]->area, path) && (best == NULL ||
		    strlen(tables[t]->area) > strlen(best->area)))
			best = tables[t];
	return best;
}

const struct route_decision *
route_decide(const struct route_table *const *tables, size_t n,
    unsigned method, const char *path, enum route_who who,
    struct route_decision *d)
{
	struct candidates c;
	const struct route_table *area = area_of(tables, n, path);
	enum route_role need;
	const struct route *r = NULL;
	size_t k = 0;

	memset(d, 0, sizeof(*d));
	d->not_found = area != NULL ? area->not_found : ERR_NOT_FOUND;
	collect(tables, n, path, &c);
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
