/*
 * html_meeting.h - rendering of the staff pages about meetings (the list,
 * a new meeting, a meeting's page, its printable page).  The look and the
 * navigation bar are html_admin.h's; every value is escaped here.
 */
#ifndef RECUEIL_HTML_MEETING_H
#define RECUEIL_HTML_MEETING_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct form;
struct html_admin_ctx;
struct html_people_names;
struct meeting;
struct results;

/*
 * The meeting pages' inline style sheets (which = 0, 1, ...; NULL after
 * the last), without their tags, to allow them by hash in the CSP.
 */
const char *html_meeting_style(int which, size_t *len);

/* The meetings list (open and closed, answer counts). */
void html_meeting_list(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *ms, size_t n);

/*
 * The new meeting form over the current forms, its level and host centre
 * picked from `names` (html_people.h); `values` keeps what was typed (may
 * be NULL), `error` says what to fix (may be NULL).
 */
void html_meeting_new(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct form *const *forms,
    size_t n_forms, const struct html_people_names *names,
    const struct meeting *values, const char *error);

/*
 * A meeting's page: public link `url`, QR code, answer count, results `r`
 * (NULL when its form is not loaded), free-text answers, close/reopen.
 * With `live`, the page refreshes itself every 15 seconds.
 */
void html_meeting_page(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *m,
    const char *url, const struct results *r, int64_t n_responses, int live);

/* The printable page: large QR code and the code in big letters. */
void html_meeting_print(struct evbuffer *out, const struct meeting *m,
    const char *url);

#endif
