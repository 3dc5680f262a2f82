/*
 * html_people.h - rendering of the staff pages about the people and the
 * places of the network: the centres and network levels the coordinators
 * keep, the accounts, one's own password, the journal of staff actions;
 * and the <select> of a level or a centre that the meeting form offers.
 * The look and the navigation bar are html_admin.h's; every value is
 * escaped here.  Everything fits a 360 px screen: lists, not wide tables.
 */
#ifndef RECUEIL_HTML_PEOPLE_H
#define RECUEIL_HTML_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct html_admin_ctx;
struct user;

/* A centre, as the centres page shows it. */
struct html_people_centre {
	int64_t id;
	char *name, *town;
	char *networks;            /* its levels' ids, "1,3" */
	int retired;
	int64_t n_meetings;
};

/* A network level, as the centres page shows it. */
struct html_people_level {
	int64_t id;
	char *name;
	int retired;
	int64_t n_meetings;
};

/* The two lists the coordinators keep. */
struct html_people_lists {
	struct html_people_centre *centres;
	size_t n_centres;
	struct html_people_level *levels;
	size_t n_levels;
};

/* What a page says after an action: one may be set, or none. */
struct html_people_msg {
	const char *notice;        /* done */
	const char *error;         /* refused: what to fix */
	const char *who;           /* with `secret`: the account */
	const char *secret;        /* a temporary password, shown once */
};

/* The active levels and centres the meeting form offers. */
struct html_people_names {
	char **levels;
	size_t n_levels;
	char **centres;
	size_t n_centres;
};

/*
 * The meeting form's two <select>s: "level" (Niveau du réseau) and
 * "centre" (Centre qui accueille) over `names`, with `level` and `centre`
 * (may be NULL) selected.
 */
void html_people_meeting_selects(struct evbuffer *out,
    const struct html_people_names *names, const char *level,
    const char *centre);

/*
 * A <select> named and identified `id`, labelled `label`, offering the
 * names v[0..n) (the active levels or centres, by the caller) after a
 * first empty option labelled `none`; `current` (may be NULL) is
 * selected, and offered too when it is not in v (a retired name a
 * meeting keeps).  For the meeting form.
 */
void html_people_select(struct evbuffer *out, const char *id,
    const char *label, const char *const *v, size_t n, const char *current,
    const char *none);

/* The centres and network levels page. */
void html_people_centres(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct html_people_lists *l,
    const struct html_people_msg *msg);

/* The accounts page over the accounts u[0..n). */
void html_people_accounts(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct user *u, size_t n,
    const struct html_people_msg *msg);

/*
 * The page where one changes one's own password; `must_change` says the
 * current one is temporary.
 */
void html_people_password(struct evbuffer *out,
    const struct html_admin_ctx *ctx, int must_change,
    const struct html_people_msg *msg);

/* One entry of the journal. */
struct html_people_entry {
	int64_t at;
	char *who, *action, *what;
};

/*
 * The journal page `page` (from 1) of `pages`, with its entries e[0..n),
 * newest first, of `total`.
 */
void html_people_journal(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct html_people_entry *e,
    size_t n, int64_t page, int64_t pages, int64_t total);

/*
 * The words for a journal action (a JOURNAL_* code of store.h), in the
 * page's language; the code itself when unknown.
 */
const char *html_people_action(const char *action);

#endif
