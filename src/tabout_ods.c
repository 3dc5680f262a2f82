/*
 * tabout_ods.c - the .ods (OpenDocument spreadsheet) backend of the
 * row/cell writer (see tabout.h), with libzip.
 *
 * An .ods file is a zip whose first entry, "mimetype", is stored
 * uncompressed, then META-INF/manifest.xml, styles.xml, settings.xml (the
 * frozen header rows) and content.xml (the tables).  content.xml can be
 * large (a million responses: over a gigabyte), so it never sits in
 * memory: it is written to a temporary file, which libzip compresses at
 * zip_close().  A sheet's column declarations (their widths) must come
 * before its rows, so its first SAMPLE_ROWS rows wait in a second
 * temporary file; then the columns are declared with the widths seen so
 * far, those rows are appended, and the next ones go straight to
 * content.xml.  Nothing is written to the archive before zip_close(),
 * which is checked.
 *
 * Text cells are office:value-type="string" with the text in <text:p>
 * paragraphs; the characters that XML whitespace handling would lose are
 * written as ODF elements (runs of spaces as <text:s/>, tabs as
 * <text:tab/>, line breaks as new paragraphs), so the cell holds exactly
 * the text given.  Control characters other than tab and line breaks
 * cannot appear in XML 1.0 and are left out.  No cell is ever a formula
 * (there is no table:formula attribute in this file).
 *
 * The .ods has no charts: LibreOffice draws one from selected columns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "i18n.h"
#include "tabout_int.h"
#include "util.h"

/* Column widths offered, in characters: each column takes the first one
 * at least as wide as its longest cell (1 character = 0.22 cm). */
static const int widths[] = { 8, 12, 16, 20, 24, 32, 40, 50, 62 };
#define N_WIDTHS (sizeof(widths) / sizeof(widths[0]))

/* Rows that set a sheet's column widths before the rest is streamed. */
#define SAMPLE_ROWS 1000

struct ods_sheet {
	char *name;
	uint32_t rows, cols;
};

struct ods {
	FILE *content;             /* content.xml being assembled */
	const char *content_path;
	FILE *body;                /* the current sheet's first rows */
	const char *body_path;
	FILE *out;                 /* where rows go: body, then content */
	struct ods_sheet *sheets;
	size_t n_sheets;
	int in_row;
};

static const char content_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content"
    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
    " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
    " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
    " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:"
    "xsl-fo-compatible:1.0\""
    " xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\""
    " office:version=\"1.2\">\n"
    "<office:automatic-styles>\n";

/* Number styles: dates, dates with times, percentages with 0 to 3
 * decimals; then the cell styles that use them. */
static const char content_styles[] =
    "<number:date-style style:name=\"Nd\"><number:year number:style=\"long\"/>"
    "<number:text>-</number:text><number:month number:style=\"long\"/>"
    "<number:text>-</number:text><number:day number:style=\"long\"/>"
    "</number:date-style>\n"
    "<number:date-style style:name=\"Ndt\"><number:year number:style=\"long\"/>"
    "<number:text>-</number:text><number:month number:style=\"long\"/>"
    "<number:text>-</number:text><number:day number:style=\"long\"/>"
    "<number:text> </number:text><number:hours number:style=\"long\"/>"
    "<number:text>:</number:text><number:minutes number:style=\"long\"/>"
    "</number:date-style>\n"
    "<number:percentage-style style:name=\"Np0\"><number:number"
    " number:decimal-places=\"0\" number:min-integer-digits=\"1\"/>"
    "<number:text>%</number:text></number:percentage-style>\n"
    "<number:percentage-style style:name=\"Np1\"><number:number"
    " number:decimal-places=\"1\" number:min-integer-digits=\"1\"/>"
    "<number:text>%</number:text></number:percentage-style>\n"
    "<number:percentage-style style:name=\"Np2\"><number:number"
    " number:decimal-places=\"2\" number:min-integer-digits=\"1\"/>"
    "<number:text>%</number:text></number:percentage-style>\n"
    "<number:percentage-style style:name=\"Np3\"><number:number"
    " number:decimal-places=\"3\" number:min-integer-digits=\"1\"/>"
    "<number:text>%</number:text></number:percentage-style>\n"
    "<style:style style:name=\"hd\" style:family=\"table-cell\">"
    "<style:text-properties fo:font-weight=\"bold\"/></style:style>\n"
    "<style:style style:name=\"da\" style:family=\"table-cell\""
    " style:data-style-name=\"Nd\"/>\n"
    "<style:style style:name=\"dt\" style:family=\"table-cell\""
    " style:data-style-name=\"Ndt\"/>\n"
    "<style:style style:name=\"p0\" style:family=\"table-cell\""
    " style:data-style-name=\"Np0\"/>\n"
    "<style:style style:name=\"p1\" style:family=\"table-cell\""
    " style:data-style-name=\"Np1\"/>\n"
    "<style:style style:name=\"p2\" style:family=\"table-cell\""
    " style:data-style-name=\"Np2\"/>\n"
    "<style:style style:name=\"p3\" style:family=\"table-cell\""
    " style:data-style-name=\"Np3\"/>\n";

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest"
    " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
    " manifest:version=\"1.2\">\n"
    " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\""
    " manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\n"
    " <manifest:file-entry manifest:full-path=\"content.xml\""
    " manifest:media-type=\"text/xml\"/>\n"
    " <manifest:file-entry manifest:full-path=\"styles.xml\""
    " manifest:media-type=\"text/xml\"/>\n"
    " <manifest:file-entry manifest:full-path=\"settings.xml\""
    " manifest:media-type=\"text/xml\"/>\n"
    "</manifest:manifest>\n";

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-styles"
    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
    " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
    " office:version=\"1.2\">\n"
    "<office:styles><style:default-style style:family=\"table-cell\"/>"
    "</office:styles>\n"
    "</office:document-styles>\n";

static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";

static int
io_fail(struct tabout *t, const char *what)
{
	return tabout_fail(t, _("classeur .ods : écriture de %s impossible : "
	    "%s"), what, strerror(errno));
}

int
tabout_ods_start(struct tabout *t)
{
	struct ods *o = xcalloc(1, sizeof(*o));

	t->be = o;
	if ((o->content = tabout_tmpfile(t, ".xml", &o->content_path)) == NULL ||
	    (o->body = tabout_tmpfile(t, ".xml", &o->body_path)) == NULL ||
	    (t->out_path = tabout_tmppath(t, ".ods")) == NULL)
		return -1;
	fputs(content_head, o->content);
	fputs(content_styles, o->content);
	for (size_t i = 0; i < N_WIDTHS; i++)
		fprintf(o->content, "<style:style style:name=\"co%zu\""
		    " style:family=\"table-column\"><style:table-column-properties"
		    " style:column-width=\"%.2fcm\"/></style:style>\n", i,
		    0.22 * widths[i] + 0.3);
	fputs("</office:automatic-styles>\n<office:body><office:spreadsheet>\n",
	    o->content);
	return ferror(o->content) ? io_fail(t, "content.xml") : 0;
}

/* Write s[0..len) escaped for XML text or a double-quoted attribute;
 * characters XML 1.0 cannot hold are left out. */
static void
put_escaped(FILE *fp, const char *s, size_t len)
{
	size_t from = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default:
			if (c >= 0x20)
				continue;
			rep = "";
			break;
		}
		fwrite(s + from, 1, i - from, fp);
		fputs(rep, fp);
		from = i + 1;
	}
	fwrite(s + from, 1, len - from, fp);
}

static int
ods_sheet(struct tabout *t, const char *name)
{
	struct ods *o = t->be;

	if (o->content == NULL)
		return -1;
	o->sheets = xrealloc(o->sheets, (o->n_sheets + 1) * sizeof(*o->sheets));
	o->sheets[o->n_sheets].name = xstrdup(name);
	o->sheets[o->n_sheets].rows = 0;
	o->sheets[o->n_sheets].cols = 0;
	o->n_sheets++;
	o->in_row = 0;
	o->out = o->body;
	rewind(o->body);
	if (ftruncate(fileno(o->body), 0) < 0)
		return io_fail(t, _("une feuille"));
	return 0;
}

/*
 * Declare the current sheet and its columns in content.xml, with the
 * widths seen so far, append the rows that waited, and send the next ones
 * straight to content.xml.
 */
static int
ods_columns(struct tabout *t)
{
	struct ods *o = t->be;
	struct ods_sheet *sh = &o->sheets[o->n_sheets - 1];
	char buf[65536];
	size_t n;

	if (o->out == o->content)
		return 0;
	fputs("<table:table table:name=\"", o->content);
	put_escaped(o->content, sh->name, strlen(sh->name));
	fputs("\">\n", o->content);
	for (uint32_t c = 0; c < t->ncols; c++) {
		int w = c < t->widths_cap ? t->widths[c] : 0;
		size_t k = 0;

		while (k + 1 < N_WIDTHS && widths[k] < w)
			k++;
		fprintf(o->content, "<table:table-column table:style-name="
		    "\"co%zu\"/>", k);
	}
	if (t->ncols == 0)
		fputs("<table:table-column/>", o->content);
	fputc('\n', o->content);
	if (fflush(o->body) != 0 || ferror(o->body))
		return io_fail(t, _("une feuille"));
	rewind(o->body);
	while ((n = fread(buf, 1, sizeof(buf), o->body)) > 0)
		if (fwrite(buf, 1, n, o->content) != n)
			return io_fail(t, "content.xml");
	if (ferror(o->body))
		return io_fail(t, _("une feuille"));
	o->out = o->content;
	return ferror(o->content) ? io_fail(t, "content.xml") : 0;
}

static int
ods_end_sheet(struct tabout *t)
{
	struct ods *o = t->be;
	struct ods_sheet *sh = &o->sheets[o->n_sheets - 1];

	sh->rows = t->row;
	sh->cols = t->ncols;
	if (ods_columns(t) < 0)
		return -1;
	if (t->row == 0)
		fputs("<table:table-row><table:table-cell/></table:table-row>\n",
		    o->content);
	fputs("</table:table>\n", o->content);
	return ferror(o->content) ? io_fail(t, "content.xml") : 0;
}

static void
row_open(struct ods *o)
{
	if (!o->in_row) {
		fputs("<table:table-row>", o->out);
		o->in_row = 1;
	}
}

/* A space needs <text:s/> at the start or end of a paragraph and after
 * another space, where XML whitespace handling would drop it. */
static void
put_paragraph(FILE *fp, const char *s, size_t len)
{
	size_t i = 0;

	fputs("<text:p>", fp);
	while (i < len) {
		size_t from = i;

		if (s[i] == '\t') {
			fputs("<text:tab/>", fp);
			i++;
			continue;
		}
		if (s[i] == ' ') {
			size_t k = 0;

			while (i < len && s[i] == ' ') {
				i++;
				k++;
			}
			if (from > 0 && i < len) {
				fputc(' ', fp);
				k--;
			}
			if (k == 1)
				fputs("<text:s/>", fp);
			else if (k > 1)
				fprintf(fp, "<text:s text:c=\"%zu\"/>", k);
			continue;
		}
		while (i < len && s[i] != '\t' && s[i] != ' ')
			i++;
		put_escaped(fp, s + from, i - from);
	}
	fputs("</text:p>", fp);
}

static int
ods_text(struct tabout *t, const char *s, size_t len)
{
	struct ods *o = t->be;

	row_open(o);
	fputs(t->row == 0 ? "<table:table-cell table:style-name=\"hd\""
	    " office:value-type=\"string\">" :
	    "<table:table-cell office:value-type=\"string\">", o->out);
	/* One paragraph per line: "\r\n", "\n" and "\r" end a line. */
	for (size_t i = 0;;) {
		size_t k = i;

		while (k < len && s[k] != '\n' && s[k] != '\r')
			k++;
		put_paragraph(o->out, s + i, k - i);
		if (k >= len)
			break;
		i = k + (s[k] == '\r' && k + 1 < len && s[k + 1] == '\n' ? 2 : 1);
	}
	fputs("</table:table-cell>", o->out);
	return ferror(o->out) ? io_fail(t, _("une feuille")) : 0;
}

static int
ods_empty(struct tabout *t)
{
	struct ods *o = t->be;

	row_open(o);
	fputs("<table:table-cell/>", o->out);
	return 0;
}

static int
ods_number(struct tabout *t, double v, const char *repr)
{
	struct ods *o = t->be;

	(void)v;
	row_open(o);
	fprintf(o->out, "<table:table-cell office:value-type=\"float\""
	    " office:value=\"%s\"/>", repr);
	return ferror(o->out) ? io_fail(t, _("une feuille")) : 0;
}

static int
ods_percent(struct tabout *t, double fraction, const char *repr, int prec)
{
	struct ods *o = t->be;

	(void)fraction;
	row_open(o);
	fprintf(o->out, "<table:table-cell table:style-name=\"p%d\""
	    " office:value-type=\"percentage\" office:value=\"%s\"/>",
	    prec > 3 ? 3 : prec, repr);
	return ferror(o->out) ? io_fail(t, _("une feuille")) : 0;
}

static int
ods_date(struct tabout *t, const struct tabout_when *w)
{
	struct ods *o = t->be;

	row_open(o);
	if (w->has_time)
		fprintf(o->out, "<table:table-cell table:style-name=\"dt\""
		    " office:value-type=\"date\" office:date-value="
		    "\"%04d-%02d-%02dT%02d:%02d:%02d\"/>", w->year, w->month,
		    w->day, w->hour, w->min, w->sec);
	else
		fprintf(o->out, "<table:table-cell table:style-name=\"da\""
		    " office:value-type=\"date\" office:date-value="
		    "\"%04d-%02d-%02d\"/>", w->year, w->month, w->day);
	return ferror(o->out) ? io_fail(t, _("une feuille")) : 0;
}

static int
ods_end_row(struct tabout *t)
{
	struct ods *o = t->be;

	if (!o->in_row)
		fputs("<table:table-row><table:table-cell/>", o->out);
	fputs("</table:table-row>\n", o->out);
	o->in_row = 0;
	if (ferror(o->out))
		return io_fail(t, _("une feuille"));
	/* Row t->row ends: after the sample, the widths are settled. */
	if (o->out == o->body && t->row + 1 >= SAMPLE_ROWS)
		return ods_columns(t);
	return 0;
}

static int
ods_chart(struct tabout *t, const struct tabout_chart *c)
{
	(void)t;
	(void)c;
	return 0;
}

/* A cell address for a range: 'Sheet name'.A1 (columns from A). */
static char *
cell_ref(const char *sheet, uint32_t row, uint32_t col)
{
	char letters[8], *p = letters + sizeof(letters);
	size_t n = strlen(sheet), k = 0;
	char *quoted = xmalloc(2 * n + 3), *ref;

	*--p = '\0';
	col++;
	do {
		col--;
		*--p = (char)('A' + col % 26);
		col /= 26;
	} while (col > 0);
	quoted[k++] = '\'';
	for (size_t i = 0; i < n; i++) {
		if (sheet[i] == '\'')
			quoted[k++] = '\'';
		quoted[k++] = sheet[i];
	}
	quoted[k++] = '\'';
	quoted[k] = '\0';
	ref = xasprintf("%s.%s%u", quoted, p, row + 1);
	free(quoted);
	return ref;
}

/* The autofilter of every sheet: LibreOffice's anonymous sheet ranges. */
static void
put_filters(struct ods *o)
{
	int any = 0;

	for (size_t i = 0; i < o->n_sheets; i++) {
		const struct ods_sheet *sh = &o->sheets[i];
		char *a, *b, *range;

		if (sh->rows == 0 || sh->cols == 0)
			continue;
		if (!any)
			fputs("<table:database-ranges>", o->content);
		any = 1;
		a = cell_ref(sh->name, 0, 0);
		b = cell_ref(sh->name, sh->rows - 1, sh->cols - 1);
		range = xasprintf("%s:%s", a, b);
		fprintf(o->content, "<table:database-range table:name="
		    "\"__Anonymous_Sheet_DB__%zu\" table:target-range-address=\"",
		    i);
		put_escaped(o->content, range, strlen(range));
		fputs("\" table:display-filter-buttons=\"true\"/>", o->content);
		free(a);
		free(b);
		free(range);
	}
	if (any)
		fputs("</table:database-ranges>\n", o->content);
}

/* settings.xml: the first row of every sheet frozen (a split after row 1,
 * the lower pane active). */
static char *
settings_xml(const struct ods *o)
{
	struct ods_sheet *sh;
	char *s = xstrdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-settings"
	    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
	    " xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\""
	    " office:version=\"1.2\"><office:settings>"
	    "<config:config-item-set config:name=\"ooo:view-settings\">"
	    "<config:config-item-map-indexed config:name=\"Views\">"
	    "<config:config-item-map-entry>"
	    "<config:config-item config:name=\"ViewId\" config:type=\"string\">"
	    "view1</config:config-item>"
	    "<config:config-item-map-named config:name=\"Tables\">");

	for (size_t i = 0; i < o->n_sheets; i++) {
		char *name, *next;
		size_t n, k = 0;

		sh = &o->sheets[i];
		n = strlen(sh->name);
		name = xmalloc(6 * n + 1);
		for (size_t j = 0; j < n; j++) {
			const char *rep = NULL;

			switch (sh->name[j]) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			default: name[k++] = sh->name[j]; continue;
			}
			memcpy(name + k, rep, strlen(rep));
			k += strlen(rep);
		}
		name[k] = '\0';
		next = xasprintf("%s<config:config-item-map-entry config:name="
		    "\"%s\"><config:config-item config:name=\"VerticalSplitMode\""
		    " config:type=\"short\">2</config:config-item>"
		    "<config:config-item config:name=\"VerticalSplitPosition\""
		    " config:type=\"int\">1</config:config-item>"
		    "<config:config-item config:name=\"ActiveSplitRange\""
		    " config:type=\"short\">2</config:config-item>"
		    "<config:config-item config:name=\"PositionTop\""
		    " config:type=\"int\">0</config:config-item>"
		    "<config:config-item config:name=\"PositionBottom\""
		    " config:type=\"int\">1</config:config-item>"
		    "</config:config-item-map-entry>", s, name);
		free(s);
		free(name);
		s = next;
	}
	{
		char *next = xasprintf("%s</config:config-item-map-named>"
		    "</config:config-item-map-entry>"
		    "</config:config-item-map-indexed></config:config-item-set>"
		    "</office:settings></office:document-settings>\n", s);

		free(s);
		s = next;
	}
	return s;
}

/* Add an entry from memory (copied by libzip, freed with the source). */
static int
add_buffer(struct tabout *t, zip_t *za, const char *name, const char *data,
    size_t len, int store)
{
	char *copy = xmalloc(len + 1);
	zip_source_t *src;
	zip_int64_t idx;

	memcpy(copy, data, len);
	if ((src = zip_source_buffer(za, copy, len, 1)) == NULL) {
		free(copy);
		return tabout_fail(t, _("classeur .ods : %s : %s"), name,
		    zip_strerror(za));
	}
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return tabout_fail(t, _("classeur .ods : %s : %s"), name,
		    zip_strerror(za));
	}
	/* A fixed time (1980-01-01): the same export gives the same bytes. */
	if (zip_file_set_mtime(za, (zip_uint64_t)idx, 315532800, 0) < 0 ||
	    zip_set_file_compression(za, (zip_uint64_t)idx,
	    store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) < 0)
		return tabout_fail(t, _("classeur .ods : %s : %s"), name,
		    zip_strerror(za));
	return 0;
}

static int
ods_finish(struct tabout *t)
{
	struct ods *o = t->be;
	zip_t *za = NULL;
	zip_source_t *src;
	zip_int64_t idx;
	char *settings = NULL;
	int zerr = 0, rc = -1;

	put_filters(o);
	fputs("</office:spreadsheet></office:body></office:document-content>\n",
	    o->content);
	if (fflush(o->content) != 0 || ferror(o->content))
		return io_fail(t, "content.xml");
	if ((za = zip_open(t->out_path, ZIP_CREATE | ZIP_TRUNCATE,
	    &zerr)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		tabout_fail(t, _("classeur .ods : %s : %s"), t->out_path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	settings = settings_xml(o);
	/* "mimetype" first and stored: that is how a reader knows the file. */
	if (add_buffer(t, za, "mimetype", mimetype, strlen(mimetype), 1) < 0 ||
	    add_buffer(t, za, "META-INF/manifest.xml", manifest,
	    strlen(manifest), 0) < 0 ||
	    add_buffer(t, za, "styles.xml", styles, strlen(styles), 0) < 0 ||
	    add_buffer(t, za, "settings.xml", settings, strlen(settings), 0) < 0)
		goto done;
	if ((src = zip_source_file(za, o->content_path, 0, -1)) == NULL) {
		tabout_fail(t, _("classeur .ods : content.xml : %s"),
		    zip_strerror(za));
		goto done;
	}
	if ((idx = zip_file_add(za, "content.xml", src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		tabout_fail(t, _("classeur .ods : content.xml : %s"),
		    zip_strerror(za));
		goto done;
	}
	/* The fastest deflate level: content.xml is mostly markup, which
	 * compresses well anyway, and a million rows take long enough. */
	if (zip_file_set_mtime(za, (zip_uint64_t)idx, 315532800, 0) < 0 ||
	    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
	    1) < 0) {
		tabout_fail(t, _("classeur .ods : content.xml : %s"),
		    zip_strerror(za));
		goto done;
	}
	/* Everything is written here, and this is where it can fail. */
	if (zip_close(za) < 0) {
		tabout_fail(t, _("classeur .ods : écriture impossible : %s"),
		    zip_strerror(za));
		goto done;
	}
	za = NULL;
	rc = 0;
done:
	if (za != NULL)
		zip_discard(za);
	free(settings);
	return rc;
}

static void
ods_release(struct tabout *t)
{
	struct ods *o = t->be;

	if (o->content != NULL)
		fclose(o->content);
	if (o->body != NULL)
		fclose(o->body);
	for (size_t i = 0; i < o->n_sheets; i++)
		free(o->sheets[i].name);
	free(o->sheets);
	free(o);
	t->be = NULL;
}

const struct tabout_ops tabout_ods_ops = {
	ods_sheet, ods_end_sheet, ods_text, ods_empty, ods_number, ods_percent,
	ods_date, ods_end_row, ods_chart, ods_finish, ods_release,
};
