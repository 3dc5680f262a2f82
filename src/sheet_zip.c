/*
 * sheet_zip.c - archives from memory with caps, and XML without DTDs, for
 * the workbook readers.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sheet.h"
#include "sheet_zip.h"
#include "util.h"

/* Inflate and parse this much at a time. */
#define SHEET_ZIP_CHUNK (64 * 1024)

int
sheet_zip_magic(const char *buf, size_t len)
{
	return len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0;
}

int
sheet_zip_open(struct sheet_zip *z, const char *file, const char *buf,
    size_t len, struct diag *d)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_int64_t n;

	memset(z, 0, sizeof(*z));
	z->file = file;
	z->d = d;
	zip_error_init(&ze);
	src = zip_source_buffer_create(buf, len, 0, &ze);
	if (src != NULL) {
		z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
		    &ze);
		if (z->za == NULL)
			zip_source_free(src);
	}
	if (z->za == NULL) {
		diag_add(d, DIAG_ERROR, file, 0, 0, _("classeur illisible : "
		    "l'archive est abîmée (%s) ; enregistrez-le de nouveau "
		    "depuis le tableur"), zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(z->za, 0);
	if (n < 0 || n > SHEET_ZIP_MAX_ENTRIES) {
		diag_add(d, DIAG_ERROR, file, 0, 0, _("classeur refusé : "
		    "l'archive contient plus de %d fichiers"),
		    SHEET_ZIP_MAX_ENTRIES);
		sheet_zip_close(z);
		return -1;
	}
	return 0;
}

void
sheet_zip_close(struct sheet_zip *z)
{
	if (z->za != NULL)
		zip_discard(z->za);
	z->za = NULL;
}

static zip_int64_t
locate(struct sheet_zip *z, const char *name)
{
	/* Flags 0: the exact name, case and directories included. */
	return zip_name_locate(z->za, name, 0);
}

int
sheet_zip_has(struct sheet_zip *z, const char *name)
{
	return locate(z, name) >= 0;
}

/*
 * Read up to `max` bytes of an open entry into buf (size max + 1).
 * Returns the length, -1 on a read error, -2 when there is more.
 */
static long
read_capped(struct sheet_zip *z, zip_file_t *zf, char *buf, size_t max)
{
	size_t len = 0;
	zip_int64_t n;
	char extra;

	while (len < max) {
		n = zip_fread(zf, buf + len, max - len);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	z->total += len;
	if (len == max && zip_fread(zf, &extra, 1) > 0)
		return -2;
	buf[len] = '\0';
	return (long)len;
}

char *
sheet_zip_read(struct sheet_zip *z, const char *name, size_t max,
    size_t *len)
{
	zip_int64_t i = locate(z, name);
	zip_file_t *zf;
	char *buf;
	long n;

	if (i < 0 || (zf = zip_fopen_index(z->za, (zip_uint64_t)i, 0)) == NULL)
		return NULL;
	buf = xmalloc(max + 1);
	n = read_capped(z, zf, buf, max);
	zip_fclose(zf);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

const char *
sheet_xml_local(const char *name)
{
	const char *p = strrchr(name, '|');

	return p != NULL ? p + 1 : name;
}

const char *
sheet_xml_attr(const char **atts, const char *local)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2)
		if (strcmp(sheet_xml_local(atts[i]), local) == 0)
			return atts[i + 1];
	return NULL;
}

/*
 * Expat's user data for every handler: the reader's handlers are called
 * through these trampolines, so that the DOCTYPE guard has its own state.
 */
struct xctx {
	XML_Parser p;
	int doctype;
	const struct sheet_xml *x;
};

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xctx *c = arg;

	if (c->x->start != NULL)
		c->x->start(c->x->arg, name, atts);
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct xctx *c = arg;

	if (c->x->end != NULL)
		c->x->end(c->x->arg, name);
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct xctx *c = arg;

	if (c->x->text != NULL)
		c->x->text(c->x->arg, s, len);
}

/* Office files need no DTD: any DOCTYPE stops the parse, before any
 * entity can be declared. */
static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	struct xctx *c = arg;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	c->doctype = 1;
	XML_StopParser(c->p, XML_FALSE);
}

/*
 * Bytes given to Expat at a time: all that was read (0), or fewer to
 * prove the handlers at every split of their input (tests).  Per thread:
 * uploads are parsed on the staff pages' workers.
 */
static _Thread_local size_t xml_chunk;

void
sheet_zip_set_chunk(size_t n)
{
	xml_chunk = n;
}

/* XML_Parse over buf[0..n) in pieces of xml_chunk; 0, or -1 on error. */
static int
parse_pieces(XML_Parser p, const char *buf, size_t n, int final)
{
	size_t step = xml_chunk > 0 ? xml_chunk : n;

	if (n == 0 || step >= n)
		return XML_Parse(p, buf, (int)n, final) == XML_STATUS_ERROR ?
		    -1 : 0;
	for (size_t off = 0; off < n; off += step) {
		size_t k = n - off < step ? n - off : step;

		if (XML_Parse(p, buf + off, (int)k, final && off + k == n) ==
		    XML_STATUS_ERROR)
			return -1;
	}
	return 0;
}

/* Feed an open entry to the parser; returns 0 or -1 (reported). */
static int
feed(struct sheet_zip *z, zip_file_t *zf, struct xctx *c, const char *what)
{
	char *buf = xmalloc(SHEET_ZIP_CHUNK);
	size_t entry = 0;
	zip_int64_t n;
	int rc = -1, final = 0;

	while (!final) {
		n = zip_fread(zf, buf, SHEET_ZIP_CHUNK);
		if (n < 0) {
			diag_add(z->d, DIAG_ERROR, z->file, 0, 0, _("classeur "
			    "illisible : %s est illisible dans l'archive "
			    "(données abîmées)"), what);
			goto done;
		}
		final = n == 0;
		entry += (size_t)n;
		z->total += (size_t)n;
		if (entry > SHEET_ZIP_MAX_ENTRY || z->total > SHEET_ZIP_MAX_TOTAL) {
			diag_add(z->d, DIAG_ERROR, z->file, 0, 0, _("classeur "
			    "refusé : plus de %2$d Mo une fois décompressé, pour "
			    "%1$s (archive piégée ?)"), what,
			    (entry > SHEET_ZIP_MAX_ENTRY ? SHEET_ZIP_MAX_ENTRY :
			    SHEET_ZIP_MAX_TOTAL) / (1024 * 1024));
			goto done;
		}
		if (parse_pieces(c->p, buf, (size_t)n, final) == 0)
			continue;
		if (*c->x->failed)
			goto done;
		if (c->doctype)
			diag_add(z->d, DIAG_ERROR, z->file, 0, 0, _("classeur "
			    "refusé : déclaration DOCTYPE dans %s (ligne %lu), "
			    "ce que les tableurs n'écrivent jamais"), what,
			    (unsigned long)XML_GetCurrentLineNumber(c->p));
		else
			diag_add(z->d, DIAG_ERROR, z->file, 0, 0, _("classeur "
			    "illisible : XML incorrect dans %s (ligne %lu : "
			    "%s)"), what,
			    (unsigned long)XML_GetCurrentLineNumber(c->p),
			    XML_ErrorString(XML_GetErrorCode(c->p)));
		goto done;
	}
	rc = *c->x->failed ? -1 : 0;
done:
	free(buf);
	return rc;
}

int
sheet_zip_parse(struct sheet_zip *z, const char *name, const char *what,
    const struct sheet_xml *x)
{
	struct xctx c;
	zip_int64_t i = locate(z, name);
	zip_file_t *zf = NULL;
	int rc;

	if (i < 0 || (zf = zip_fopen_index(z->za, (zip_uint64_t)i, 0)) == NULL) {
		diag_add(z->d, DIAG_ERROR, z->file, 0, 0, _("classeur "
		    "illisible : il manque %s (%s) dans l'archive"), what,
		    name);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.x = x;
	c.p = XML_ParserCreateNS(NULL, '|');
	if (c.p == NULL)
		abort();
	XML_SetUserData(c.p, &c);
	XML_SetElementHandler(c.p, on_start, on_end);
	XML_SetCharacterDataHandler(c.p, on_text);
	XML_SetStartDoctypeDeclHandler(c.p, on_doctype);
	XML_SetParamEntityParsing(c.p, XML_PARAM_ENTITY_PARSING_NEVER);
	*x->parser = c.p;
	rc = feed(z, zf, &c, what);
	*x->parser = NULL;
	XML_ParserFree(c.p);
	zip_fclose(zf);
	return rc;
}

/* ---- text of a cell --------------------------------------------------- */

void
sheet_text_add(struct sheet_text *t, const char *s, size_t n)
{
	if (t->n + n > SHEET_MAX_CELL) {
		t->over = 1;
		return;
	}
	if (t->n + n + 1 > t->alloc) {
		t->alloc = (t->n + n + 1) * 2;
		t->s = xrealloc(t->s, t->alloc);
	}
	memcpy(t->s + t->n, s, n);
	t->n += n;
	t->s[t->n] = '\0';
}

void
sheet_text_clear(struct sheet_text *t)
{
	t->n = 0;
	t->over = 0;
	if (t->s != NULL)
		t->s[0] = '\0';
}

const char *
sheet_text_get(const struct sheet_text *t)
{
	return t->s != NULL ? t->s : "";
}

void
sheet_text_release(struct sheet_text *t)
{
	free(t->s);
	memset(t, 0, sizeof(*t));
}
