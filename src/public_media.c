/*
 * public_media.c - the pictures of the forms (public_media.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "form.h"
#include "http.h"
#include "page.h"
#include "public_media.h"
#include "registry.h"
#include "server.h"
#include "util.h"

static int
text_has(const struct form *f, const struct text *t, const char *name)
{
	for (size_t i = 0; t->v != NULL && i < f->n_langs; i++)
		if (t->v[i] != NULL && strcmp(t->v[i], name) == 0)
			return 1;
	return 0;
}

/* Whether a form served now shows the image `name`. */
static int
used(struct registry *r, const char *name)
{
	for (size_t k = 0; k < registry_count(r); k++) {
		const struct form *f = registry_at(r, k);

		for (size_t i = 0; i < f->n_questions; i++)
			if (text_has(f, &f->questions[i].image, name))
				return 1;
		for (size_t l = 0; l < f->n_lists; l++)
			for (size_t c = 0; c < f->lists[l].n_choices; c++)
				if (text_has(f, &f->lists[l].choices[c].image,
				    name))
					return 1;
	}
	return 0;
}

/*
 * Read dir/name, a regular file of at most FORM_IMAGE_MAX bytes, into
 * `b`.  Returns 0, or -1 (missing, too big, unreadable).
 */
static int
read_image(const char *dir, const char *name, struct evbuffer *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc = -1;
	struct stat sb;

	free(path);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size <= FORM_IMAGE_MAX) {
		size_t left = (size_t)sb.st_size;
		char buf[8192];

		rc = 0;
		while (left > 0) {
			ssize_t n = read(fd, buf, left < sizeof(buf) ? left :
			    sizeof(buf));

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				rc = -1;
				break;
			}
			evbuffer_add(b, buf, (size_t)n);
			left -= (size_t)n;
		}
	}
	close(fd);
	return rc;
}

static void
page_media(struct page *p)
{
	const char *type = NULL;
	struct evbuffer *b;

	if (!form_image_name(p->param, &type) || !used(p->srv->forms,
	    p->param)) {
		http_fail(p->req, ERR_NOT_FOUND);
		return;
	}
	b = evbuffer_new();
	if (read_image(registry_dir(p->srv->forms), p->param, b) < 0) {
		evbuffer_free(b);
		http_fail(p->req, ERR_NOT_FOUND);
		return;
	}
	http_header_add(p->req, "Cache-Control", "public, max-age=86400");
	http_reply(p->req, 200, type, b);
	evbuffer_free(b);
}

static const struct route routes[] = {
	{ ROUTE_PAGE, "/media/{file}", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    page_media },
};

const struct route_table public_media_routes = {
	"/media", ROUTE_ANYONE, ERR_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
