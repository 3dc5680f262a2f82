/*
 * registry.h - the forms the daemon serves.
 *
 * The registry loads every FORM_ID.csv, FORM_ID.xlsx and FORM_ID.ods of
 * the forms directory (CSV layout or workbook, see form.h), records
 * each distinct definition as a form version in the store, and serves the
 * current version of each form.  On reload (SIGHUP), a file that no longer
 * loads is reported with its errors and the previous version of that form
 * keeps serving; the other forms are untouched.  Versions that are no
 * longer current stay in memory until the registry is freed, so requests
 * and pending writes that borrowed them stay valid; old versions needed by
 * exports are loaded from the store on demand.
 */
#ifndef RECUEIL_REGISTRY_H
#define RECUEIL_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct form;
struct store;
struct registry;

struct registry *registry_new(const char *dir);
void registry_free(struct registry *r);

/*
 * (Re)load the directory.  Every diagnostic is added to `d` (and kept for
 * the staff forms page).  Returns the number of forms serving afterwards,
 * or -1 when the directory cannot be read at all.
 */
int registry_load(struct registry *r, struct store *s, struct diag *d);

/* The current version of form `id`, borrowed; NULL when unknown. */
const struct form *registry_get(struct registry *r, const char *id);

/*
 * Version `version_id` of a form, from memory or loaded from the store's
 * copy of its definition.  Borrowed; NULL when it cannot be loaded.
 */
const struct form *registry_version(struct registry *r, struct store *s,
    int64_t version_id);

/* The current forms, for listings: n and the i-th (borrowed). */
size_t registry_count(const struct registry *r);
const struct form *registry_at(const struct registry *r, size_t i);

/* Diagnostics of the last load (borrowed). */
const struct diag *registry_last_diag(const struct registry *r);

/*
 * Install definition `buf` (len bytes) of the parsed form `f` as the
 * forms directory's FORM_ID.csv, .xlsx or .ods (the format it came in,
 * f->format; the same id in another format is removed), then reload the
 * directory (its
 * diagnostics added to `d`), so that the new version serves at once: the
 * one way in for an upload or an editor.  The form_id must be a safe file
 * name (letters, digits, '-', '_', '.', not starting with '.'); the file
 * is written atomically (a hidden temporary file, fsync, rename, fsync of
 * the directory), so a crash leaves the old definition or the new one.
 * Returns 0; 1 when the form_id is refused, -1 when the file cannot be
 * written (message in err, nothing changed).
 */
int registry_install(struct registry *r, struct store *s, const struct form *f,
    const char *buf, size_t len, struct diag *d, char *err, size_t errlen);

/*
 * registry_install in two halves, so that checking and saving a big upload
 * runs off the event loop.  registry_save (any thread: it touches only the
 * directory `dir` and the store connection `s`) checks the form_id,
 * writes the file as registry_install does and records `f`'s version
 * (f->version_id), with the same returns.  registry_adopt (the loop
 * thread) then makes `f`, owned by the registry from then on, the current
 * version of its form without reading the directory again, and returns
 * the version now serving (borrowed).
 */
int registry_save(const char *dir, struct store *s, struct form *f,
    const char *buf, size_t len, char *err, size_t errlen);
const struct form *registry_adopt(struct registry *r, struct form *f);

/* The forms directory. */
const char *registry_dir(const struct registry *r);

#endif
