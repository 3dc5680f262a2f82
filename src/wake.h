/*
 * wake.h - wake the event loop from another thread.
 *
 * The job queues' workers (jobq.h: the writer, the staff pages' pool, the
 * retention pass) and the export download threads hand their results back
 * to the loop.  They used event_active()
 * from their own thread, which needs libevent's locks everywhere
 * (evthread_use_pthreads): a mutex taken and released around every event
 * and bufferevent operation of every request, 3% of a GET's profile.  A
 * wake is instead an eventfd read by an ordinary event of the loop: the
 * other thread only writes to a file descriptor, and libevent runs
 * without locks.  Wakes coalesce: while one is pending, further signals
 * cost an atomic exchange and no system call.
 *
 * The callback runs on the loop thread after every signal sent before it
 * started (it must take everything that is ready, e.g. under the caller's
 * mutex); a signal sent while it runs wakes the loop again.
 */
#ifndef RECUEIL_WAKE_H
#define RECUEIL_WAKE_H

struct event_base;
struct wake;

/*
 * A wake on `base` that calls cb(arg) on the loop thread.  Returns NULL
 * when the eventfd or the event cannot be created.  Loop thread.
 */
struct wake *wake_new(struct event_base *base, void (*cb)(void *arg),
    void *arg);

/* Ask for cb to run soon.  Any thread; never blocks. */
void wake_signal(struct wake *w);

/* Free `w` (NULL allowed).  No thread may signal it any more. */
void wake_free(struct wake *w);

#endif
