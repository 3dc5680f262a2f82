/*
 * sheet_zip.h - what the two workbook readers (sheet_xlsx.c, sheet_ods.c)
 * share: an archive opened from memory with caps on what it may cost, and
 * its XML entries streamed through Expat with no DTD.
 *
 * A workbook is hostile until read: the sizes an archive's directory gives
 * are only claims, so the bytes actually inflated are counted, per entry
 * (SHEET_ZIP_MAX_ENTRY) and in total (SHEET_ZIP_MAX_TOTAL); an archive
 * with more than SHEET_ZIP_MAX_ENTRIES entries is refused; entries are
 * looked up by their exact name and no name from the archive ever becomes
 * a path on disk.  XML with a DOCTYPE is refused before any entity is
 * declared (no "billion laughs", no external entity).
 */
#ifndef RECUEIL_SHEET_ZIP_H
#define RECUEIL_SHEET_ZIP_H

#include <expat.h>
#include <stddef.h>
#include <zip.h>

#include "diag.h"

#define SHEET_ZIP_MAX_ENTRIES 1000
#define SHEET_ZIP_MAX_ENTRY   (16 * 1024 * 1024)
#define SHEET_ZIP_MAX_TOTAL   (48 * 1024 * 1024)

struct sheet_zip {
	zip_t *za;
	const char *file;     /* for messages */
	struct diag *d;
	size_t total;         /* bytes inflated so far, all entries */
};

/*
 * Whether buf[0..len) starts like a ZIP archive (a local file header).
 */
int sheet_zip_magic(const char *buf, size_t len);

/*
 * Open buf[0..len) (borrowed: keep it alive) as an archive.  Returns 0, or
 * -1 when it is not a readable archive or has too many entries (reported).
 */
int sheet_zip_open(struct sheet_zip *z, const char *file, const char *buf,
    size_t len, struct diag *d);

/* Close the archive.  Safe on a closed one. */
void sheet_zip_close(struct sheet_zip *z);

/* Whether an entry of exactly this name exists. */
int sheet_zip_has(struct sheet_zip *z, const char *name);

/*
 * Read a whole small entry (at most `max` bytes) into a new string (NUL
 * terminated; the caller frees it).  NULL when absent or too big; *len
 * receives its length.  Counts toward the total.
 */
char *sheet_zip_read(struct sheet_zip *z, const char *name, size_t max,
    size_t *len);

/*
 * Give Expat at most `n` bytes at a time on this thread (0: as read from
 * the archive).  The result never depends on it; tests use it to prove
 * the readers at every split of their XML.
 */
void sheet_zip_set_chunk(size_t n);

/*
 * Text gathered from Expat's character data, which may come in many
 * pieces for one cell: both readers accumulate a cell's text here, capped
 * at SHEET_MAX_CELL bytes (`over` is set and the rest dropped).  Zero
 * initialised is empty; `s` is NUL-terminated once anything was added
 * (NULL before).
 */
struct sheet_text {
	char *s;
	size_t n, alloc;
	int over;         /* more than SHEET_MAX_CELL was offered */
};

/* Append s[0..n), unless the cap is passed (then set `over`). */
void sheet_text_add(struct sheet_text *t, const char *s, size_t n);

/* Empty `t` for the next cell (keeps its buffer). */
void sheet_text_clear(struct sheet_text *t);

/* The text so far, "" when none (borrowed). */
const char *sheet_text_get(const struct sheet_text *t);

/* Free the buffer. */
void sheet_text_release(struct sheet_text *t);

/*
 * What a reader gives sheet_zip_parse(): Expat handlers (names are
 * "namespace|local"; use sheet_xml_local()), their argument, and where
 * to store the parser so that handlers can stop it.  A handler that finds
 * a problem reports it, sets *failed and calls XML_StopParser().
 */
struct sheet_xml {
	XML_StartElementHandler start;
	XML_EndElementHandler end;
	XML_CharacterDataHandler text;
	void *arg;
	XML_Parser *parser;
	int *failed;
};

/*
 * Stream entry `name` through a new namespace-aware Expat parser with
 * the handlers of `x`.  `what` names the entry for people ("la feuille
 * « survey »").  Returns 0; -1 when the entry is missing, too big, not
 * well-formed XML or has a DOCTYPE, or a handler failed (reported).
 */
int sheet_zip_parse(struct sheet_zip *z, const char *name, const char *what,
    const struct sheet_xml *x);

/* The local part of an element or attribute name ("ns|local" -> "local"). */
const char *sheet_xml_local(const char *name);

/* The value of attribute `local` (any namespace) in atts, or NULL. */
const char *sheet_xml_attr(const char **atts, const char *local);

/*
 * The readers: an opened archive (still the caller's to close) into the
 * book `b`, which sheet_book_read() initialised.  Return 0, or -1
 * (reported in `d`).  z->total is kept up to date.
 */
struct sheet_book;
int sheet_xlsx_read(struct sheet_book *b, struct sheet_zip *z,
    struct diag *d);
int sheet_ods_read(struct sheet_book *b, struct sheet_zip *z,
    struct diag *d);

#endif
