/*
 * store_draft.h - the form editor's drafts in the database.
 *
 * A draft is an XLSForm held as the single-file CSV layout (editor.h
 * reads and writes it), with a title for listings, who created and who
 * last changed it and when, and a version number that every save raises
 * by one.  A save names the version it was made from: when another save
 * came in between, it is refused (two coordinators never silently
 * overwrite each other).  Nothing here is served to residents: a draft
 * reaches them only once published (registry.h).
 */
#ifndef RECUEIL_STORE_DRAFT_H
#define RECUEIL_STORE_DRAFT_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct draft {
	int64_t id;
	char *title;
	char *source;          /* NUL-terminated; source_len bytes */
	size_t source_len;
	int64_t version;
	char *created_by, *updated_by;
	int64_t created_at, updated_at;
};

/* Free the strings of `d` (not `d` itself). */
void store_draft_release(struct draft *d);

/*
 * Add a draft by `user` at `now`: returns 0 and sets *id, -1 on error.
 */
int store_draft_add(struct store *s, const char *title, const char *source,
    size_t len, const char *user, int64_t now, int64_t *id);

/* Draft `id`: 0 (release `d`), 1 when there is none, -1 on error. */
int store_draft_get(struct store *s, int64_t id, struct draft *d);

/*
 * Replace draft `id` if its version is still `version`, raising it by
 * one.  Returns 0 (saved), 1 when the draft is gone, 2 when it was saved
 * by someone else since `version` (nothing changed), -1 on error.
 */
int store_draft_save(struct store *s, int64_t id, int64_t version,
    const char *title, const char *source, size_t len, const char *user,
    int64_t now);

/* Delete draft `id`: 0, 1 when there is none, -1 on error. */
int store_draft_delete(struct store *s, int64_t id);

/*
 * Call fn for each draft, last changed first (`source` is not filled);
 * stops when fn returns non-zero.  Returns 0 or -1.
 */
int store_draft_each(struct store *s,
    int (*fn)(const struct draft *d, void *arg), void *arg);

#endif
