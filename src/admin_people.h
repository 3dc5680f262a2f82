/*
 * admin_people.h - the staff pages about the people and places of the
 * network (admin_people.c): the centres and network levels the
 * coordinators keep, the accounts, one's own password, the journal of
 * staff actions; and what the other staff pages borrow from them.
 */
#ifndef RECUEIL_ADMIN_PEOPLE_H
#define RECUEIL_ADMIN_PEOPLE_H

#include <stddef.h>

#include "route.h"

struct form;
struct html_people_names;
struct meeting;
struct server;
struct store;

/* /admin/centres, /admin/levels, /admin/accounts, /admin/password,
 * /admin/journal. */
extern const struct route_table admin_people_routes;

/*
 * The active (not retired) network levels and centres, in the lists'
 * order, read on the loop's connection, for the meeting form's <select>s
 * (html_people_meeting_selects).  Release with admin_people_names_release
 * (also after a failure).  Returns 0, or -1 on a database error (logged).
 */
int admin_people_names(struct server *srv, struct html_people_names *names);
void admin_people_names_release(struct html_people_names *names);

/*
 * Record in the journal, from the loop thread, that `who` did `action`
 * (a JOURNAL_* code of store.h) to `what`: the write is queued on the
 * staff pages' worker pool and its failure only logged (the action itself
 * is done).  On a worker's connection, call journal_add() directly.
 */
void admin_journal_later(struct server *srv, const char *who,
    const char *action, const char *what);

/*
 * On a worker's connection: record that `who` did `action` to meeting
 * `m` ("« title » (CODE)"); a failure is only logged.
 */
void admin_journal_meeting(struct store *s, const char *who,
    const char *action, const struct meeting *m);

/*
 * On a worker's connection: record that `who` published form `f`
 * ("« title » (id), version n° N"); a failure is only logged.
 */
void admin_journal_form(struct store *s, const char *who,
    const struct form *f);

/*
 * Whether a person who must change a temporary password may still reach
 * `path` (the password page and logging out); every other staff page
 * sends them to /admin/password first (web.c).
 */
int admin_people_must_change_allows(const char *path);

#endif
