/*
 * wake.c - wake the event loop from another thread (see wake.h).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <event2/event.h>

#include "util.h"
#include "wake.h"

struct wake {
	int fd;
	atomic_int pending;       /* a signal was written and not yet read */
	struct event *ev;
	void (*cb)(void *arg);
	void *arg;
};

static void
wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct wake *w = arg;
	uint64_t n;

	(void)what;
	while (read(fd, &n, sizeof(n)) < 0 && errno == EINTR)
		;
	/*
	 * Cleared before the callback runs: a signal from now on writes the
	 * eventfd again, and one sent before is seen by the callback.
	 */
	atomic_store(&w->pending, 0);
	w->cb(w->arg);
}

struct wake *
wake_new(struct event_base *base, void (*cb)(void *arg), void *arg)
{
	struct wake *w = xcalloc(1, sizeof(*w));

	w->cb = cb;
	w->arg = arg;
	atomic_init(&w->pending, 0);
	w->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->fd < 0)
		goto fail;
	w->ev = event_new(base, w->fd, EV_READ | EV_PERSIST, wake_cb, w);
	if (w->ev == NULL || event_add(w->ev, NULL) < 0)
		goto fail;
	return w;
fail:
	wake_free(w);
	return NULL;
}

void
wake_signal(struct wake *w)
{
	uint64_t one = 1;

	if (atomic_exchange(&w->pending, 1))
		return;
	/* EAGAIN only when the counter is full: it is readable anyway. */
	while (write(w->fd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

void
wake_free(struct wake *w)
{
	if (w == NULL)
		return;
	if (w->ev != NULL)
		event_free(w->ev);
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}
