/*
 * admin_preview.h - a form is previewed before it is published.
 *
 * Nothing reaches residents before "Publier".  An upload on the forms page
 * (admin.c) is checked on a worker and, when it loads, kept as its
 * session's *pending version* in the database (store.h, "forms waiting to
 * be published": one per staff session, at most 1 MiB, deleted with the
 * session or after an hour); the reply is its preview: what changed
 * against the version served (formdiff.h), the loader's warnings, and the
 * form in each of its languages as a phone renders it (html_preview.h).
 * Then:
 *   GET  /admin/forms/preview   the session's pending version again (or
 *                               303 to /admin/forms when there is none);
 *   POST /admin/forms/publish   (CSRF, field "hash": the version the page
 *                               showed) installs it as a new version, as
 *                               an upload used to (registry_save, then
 *                               registry_adopt), and deletes it; a pending
 *                               version that changed since the page was
 *                               shown is previewed again, not installed;
 *   POST /admin/forms/cancel    (CSRF) deletes it and returns to the page
 *                               it came from.
 * The pending version is kept as bytes, not as a parsed form, so that
 * publishing installs exactly the file that was checked and previewed,
 * in the format it came in, and parses it again on the worker.
 *
 * Reuse (the form editor, issue 14): to publish a draft, write it as a
 * definition (formout.h), keep it with store_pending_put(session id,
 * file name, bytes, back = the editor's page, ...) on a worker, and either
 * reply with admin_preview_reply() from the job's done callback, with the
 * form parsed from those bytes, or answer 303 to /admin/forms/preview.
 * "Annuler" then returns to `back`, "Publier" installs the draft's bytes.
 */
#ifndef RECUEIL_ADMIN_PREVIEW_H
#define RECUEIL_ADMIN_PREVIEW_H

#include "route.h"

struct diag;
struct form;
struct page;

/* GET /admin/forms/preview, POST /admin/forms/publish and .../cancel. */
extern const struct route_table admin_preview_routes;

/*
 * Reply (loop thread) with the preview page of `f`, the version just kept
 * as the session's pending one under the name `file`, parsed from its
 * bytes with the messages `d` (warnings; may be NULL); `message` (may be
 * NULL) is shown first.
 * The diff is against the version of f->id served now.
 */
void admin_preview_reply(struct page *p, int status, const struct form *f,
    const char *file, const struct diag *d, const char *message);

#endif
