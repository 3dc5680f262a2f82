/*
 * test_tabout.c - the row/cell writer: CSV bytes identical to csvout's,
 * and small .xlsx and .ods workbooks opened again with libzip and checked
 * part by part (cell types, text kept as typed and never a formula, frozen
 * header, autofilter, widths, the chart, "mimetype" first and stored),
 * long tables continued on a second sheet, and failures reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <zip.h>

#include "csvout.h"
#include "tabout.h"
#include "tabout_int.h"

struct mem {
	char *buf;
	size_t len;
	int fail;
};

static int
mem_write(void *arg, const void *p, size_t n)
{
	struct mem *m = arg;

	if (m->fail)
		return -1;
	m->buf = realloc(m->buf, m->len + n + 1);
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	m->buf[m->len] = '\0';
	return 0;
}

/* The injection corpus of the CSV exports, and more. */
static const char *const tricky[] = {
	"On a parlé \"participation\", virgules, et\nretours à la ligne",
	"=SOMME(A1:A2)",
	"+33 2 48 00 00 00",
	"-moins",
	"@tous",
	"=HYPERLINK(\"http://exemple.invalid\";\"clic\")",
	"Çà et là ; point-virgule, tabulation\tdedans",
	"  espaces  ",
	"€ – « guillemets » — 日本語",
	"<b>&amp;</b>",
	"_x0041_",
};
#define N_TRICKY (sizeof(tricky) / sizeof(tricky[0]))

/* One table written through any writer: every kind of cell. */
static void
write_table(struct tabout *t)
{
	static const char *const head[] = { "texte", "entier", "décimal",
	    "pourcentage", "date", "quand", "nombre" };

	for (size_t i = 0; i < 7; i++)
		tabout_text(t, head[i]);
	tabout_end_row(t);
	for (size_t i = 0; i < N_TRICKY; i++) {
		tabout_text(t, tricky[i]);
		tabout_int(t, (int64_t)i - 3);
		tabout_decimal(t, 2.0 / 3.0, 2);
		tabout_percent(t, 44.444, 1);
		tabout_date(t, "2026-01-31");
		tabout_datetime(t, "2026-01-31T18:05:00+01:00");
		tabout_number_text(t, i % 2 ? "-2.5" : "pas un nombre");
		cr_assert_eq(tabout_end_row(t), 0, "%s", tabout_error(t));
	}
	tabout_empty(t);
	tabout_end_row(t);
}

/* The same table through csvout directly, as the exports wrote it. */
static void
write_csvout(struct csvout *w)
{
	static const char *const head[] = { "texte", "entier", "décimal",
	    "pourcentage", "date", "quand", "nombre" };

	for (size_t i = 0; i < 7; i++)
		csvout_field(w, head[i]);
	csvout_end_row(w);
	for (size_t i = 0; i < N_TRICKY; i++) {
		csvout_field(w, tricky[i]);
		csvout_int(w, (int64_t)i - 3);
		csvout_double(w, 2.0 / 3.0, 2);
		csvout_double(w, 44.444, 1);
		csvout_field(w, "2026-01-31");
		csvout_field(w, "2026-01-31T18:05:00+01:00");
		csvout_number_text(w, i % 2 ? "-2.5" : "pas un nombre");
		csvout_end_row(w);
	}
	csvout_field(w, NULL);
	csvout_end_row(w);
}

struct csv_case {
	char sep, decimal;
	int bom;
};

static const struct csv_case csv_cases[] = {
	{ ',', '.', 0 }, { ';', ',', 1 }, { '\t', '.', 1 }, { ';', '.', 0 },
};

Test(tabout, csv_bytes_are_csvouts)
{
	for (size_t k = 0; k < sizeof(csv_cases) / sizeof(csv_cases[0]); k++) {
		const struct csv_case *c = &csv_cases[k];
		struct mem a = { 0 }, b = { 0 };
		struct export_sink sa = { mem_write, &a }, sb = { mem_write, &b };
		struct tabout_options o;
		struct tabout *t;
		struct csvout *w = malloc(sizeof(*w));

		tabout_options_init(&o);
		o.sep = c->sep;
		o.decimal = c->decimal;
		o.bom = c->bom;
		t = tabout_new(&o, &sa);
		cr_assert_eq(tabout_sheet(t, "Réponses"), 0);
		write_table(t);
		cr_assert_eq(tabout_finish(t), 0, "%s", tabout_error(t));
		tabout_free(t);

		csvout_init(w, &sb, c->sep, c->decimal);
		if (c->bom)
			csvout_bom(w);
		write_csvout(w);
		csvout_flush(w);
		free(w);
		cr_assert_eq(a.len, b.len, "case %zu", k);
		cr_assert(memcmp(a.buf, b.buf, a.len) == 0, "case %zu", k);
		cr_assert(strstr(a.buf, "'=SOMME") != NULL);
		free(a.buf);
		free(b.buf);
	}
}

Test(tabout, csv_holds_one_table)
{
	struct mem m = { 0 };
	struct export_sink s = { mem_write, &m };
	struct tabout_options o;
	struct tabout *t;

	tabout_options_init(&o);
	t = tabout_new(&o, &s);
	cr_assert_eq(tabout_sheet(t, "Réponses"), 0);
	cr_assert_eq(tabout_sheet(t, "Statistiques"), -1);
	cr_assert(strstr(tabout_error(t), "xlsx ou ods") != NULL);
	cr_assert_eq(tabout_finish(t), -1);
	tabout_free(t);
	free(m.buf);
}

Test(tabout, format_names)
{
	enum tabout_format f;

	cr_assert_eq(tabout_format_parse("XLSX", &f), 0);
	cr_assert_eq(f, TABOUT_XLSX);
	cr_assert_eq(tabout_format_parse("ods", &f), 0);
	cr_assert_eq(f, TABOUT_ODS);
	cr_assert_eq(tabout_format_parse("csv", &f), 0);
	cr_assert_eq(f, TABOUT_CSV);
	cr_assert_eq(tabout_format_parse("xls", &f), -1);
	cr_assert_eq(tabout_format_parse(NULL, &f), -1);
	cr_assert_str_eq(tabout_format_ext(TABOUT_ODS), "ods");
	cr_assert(strstr(tabout_format_mime(TABOUT_XLSX), "spreadsheetml"));
}

/* ---- reading a workbook back ---------------------------------------------- */

struct archive {
	zip_t *za;
	zip_source_t *src;
};

static void
archive_open(struct archive *a, const struct mem *m)
{
	zip_error_t ze;

	zip_error_init(&ze);
	a->src = zip_source_buffer_create(m->buf, m->len, 0, &ze);
	cr_assert_not_null(a->src);
	a->za = zip_open_from_source(a->src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	cr_assert_not_null(a->za, "%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
}

static void
archive_close(struct archive *a)
{
	zip_discard(a->za);
}

/* The entry `name`, NUL-terminated (caller frees), or NULL. */
static char *
entry(struct archive *a, const char *name)
{
	zip_stat_t st;
	zip_file_t *zf;
	char *buf;

	if (zip_stat(a->za, name, 0, &st) < 0)
		return NULL;
	buf = malloc(st.size + 1);
	cr_assert_not_null(zf = zip_fopen(a->za, name, 0));
	cr_assert_eq(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	buf[st.size] = '\0';
	return buf;
}

/* Whether any entry of the archive holds `needle`. */
static int
any_entry_has(struct archive *a, const char *needle)
{
	zip_int64_t n = zip_get_num_entries(a->za, 0);

	for (zip_int64_t i = 0; i < n; i++) {
		char *e = entry(a, zip_get_name(a->za, (zip_uint64_t)i, 0));
		int found = e != NULL && strstr(e, needle) != NULL;

		free(e);
		if (found)
			return 1;
	}
	return 0;
}

static void
make_workbook(enum tabout_format f, struct mem *m, int chart)
{
	struct export_sink s = { mem_write, m };
	struct tabout_options o;
	struct tabout *t;

	tabout_options_init(&o);
	o.format = f;
	t = tabout_new(&o, &s);
	cr_assert_eq(tabout_sheet(t, "Réponses"), 0, "%s", tabout_error(t));
	write_table(t);
	cr_assert_eq(tabout_sheet(t, "Statistiques"), 0);
	tabout_text(t, "question_label");
	tabout_text(t, "choice_label");
	tabout_text(t, "count");
	tabout_end_row(t);
	tabout_text(t, "=1+1 ?");
	tabout_text(t, "Oui");
	tabout_int(t, 3);
	tabout_end_row(t);
	tabout_empty(t);
	tabout_text(t, "Non");
	tabout_int(t, 5);
	tabout_end_row(t);
	if (chart) {
		struct tabout_chart c = { 1, 0, 1, 2, 1, 2 };

		cr_assert_eq(tabout_chart(t, &c), 0);
	}
	cr_assert_eq(tabout_finish(t), 0, "%s", tabout_error(t));
	tabout_free(t);
}

Test(tabout, xlsx_cells_typed_text_never_a_formula)
{
	struct mem m = { 0 };
	struct archive a;
	char *sheet, *stats;

	make_workbook(TABOUT_XLSX, &m, 1);
	archive_open(&a, &m);
	cr_assert_not_null(sheet = entry(&a, "xl/worksheets/sheet1.xml"));
	cr_assert_not_null(stats = entry(&a, "xl/worksheets/sheet2.xml"));
	/* Text as inline strings, exactly as given. */
	cr_assert(strstr(sheet, "t=\"inlineStr\"><is><t>=SOMME(A1:A2)</t>"));
	cr_assert(strstr(sheet, "<t>+33 2 48 00 00 00</t>"));
	cr_assert(strstr(sheet, "<t>=HYPERLINK(&quot;http") ||
	    strstr(sheet, "<t>=HYPERLINK(\"http"));
	cr_assert(strstr(sheet, "<t xml:space=\"preserve\">  espaces  </t>"));
	cr_assert(strstr(sheet, "&lt;b&gt;&amp;amp;&lt;/b&gt;"));
	cr_assert(strstr(sheet, "<t>_x005F_x0041_</t>"));
	cr_assert(strstr(stats, "<t>=1+1 ?</t>"));
	/* No formula anywhere, and no apostrophe added. */
	cr_assert(!any_entry_has(&a, "<f>"));
	cr_assert(!any_entry_has(&a, "<f "));
	cr_assert(strstr(sheet, "'=") == NULL);
	/* Numbers, percentages (a fraction), dates (serial numbers). */
	cr_assert(strstr(sheet, "<c r=\"B2\"><v>-3</v></c>"));
	cr_assert(strstr(sheet, "<c r=\"C2\"><v>0.67</v></c>"));
	cr_assert(strstr(sheet, "<v>0.444</v>"));
	cr_assert(strstr(sheet, "<c r=\"E2\" s=\"3\"><v>46053</v></c>"));
	cr_assert(strstr(sheet, "<c r=\"G3\"><v>-2.5</v></c>"));
	cr_assert(strstr(sheet, "<t>pas un nombre</t>"));
	/* Header frozen, autofilter, widths from the longest line. */
	cr_assert(strstr(sheet, "<pane ySplit=\"1\""));
	cr_assert(strstr(sheet, "<autoFilter ref=\"A1:G13\"/>"));
	cr_assert(strstr(sheet, "<col min=\"1\" max=\"1\" width=\"45."));
	/* The chart of the statistics sheet. */
	cr_assert(zip_name_locate(a.za, "xl/charts/chart1.xml", 0) >= 0);
	cr_assert(strstr(stats, "<drawing r:id="));
	free(sheet);
	free(stats);
	archive_close(&a);
	free(m.buf);
}

Test(tabout, xlsx_same_bytes_twice)
{
	struct mem a = { 0 }, b = { 0 };

	make_workbook(TABOUT_XLSX, &a, 1);
	make_workbook(TABOUT_XLSX, &b, 1);
	cr_assert_eq(a.len, b.len);
	cr_assert(memcmp(a.buf, b.buf, a.len) == 0);
	free(a.buf);
	free(b.buf);
}

Test(tabout, ods_mimetype_first_stored_and_cells_typed)
{
	struct mem m = { 0 };
	struct archive a;
	zip_stat_t st;
	char *content, *settings, *mime, *manifest;

	make_workbook(TABOUT_ODS, &m, 1);
	/* A reader recognises an .ods by these bytes at offset 30. */
	cr_assert(m.len > 80);
	cr_assert(memcmp(m.buf + 30, "mimetype"
	    "application/vnd.oasis.opendocument.spreadsheet", 54) == 0);
	archive_open(&a, &m);
	cr_assert_eq(zip_stat_index(a.za, 0, 0, &st), 0);
	cr_assert_str_eq(st.name, "mimetype");
	cr_assert_eq(st.comp_method, ZIP_CM_STORE);
	cr_assert_not_null(mime = entry(&a, "mimetype"));
	cr_assert_str_eq(mime, "application/vnd.oasis.opendocument.spreadsheet");
	cr_assert_not_null(manifest = entry(&a, "META-INF/manifest.xml"));
	cr_assert(strstr(manifest, "manifest:full-path=\"content.xml\""));
	cr_assert_not_null(content = entry(&a, "content.xml"));
	cr_assert_not_null(settings = entry(&a, "settings.xml"));
	cr_assert(strstr(content, "<table:table table:name=\"Réponses\">"));
	cr_assert(strstr(content, "<table:table table:name=\"Statistiques\">"));
	cr_assert(strstr(content, "office:value-type=\"string\"><text:p>"
	    "=SOMME(A1:A2)</text:p>"));
	cr_assert(strstr(content, "<text:p><text:s text:c=\"2\"/>espaces"
	    "<text:s text:c=\"2\"/></text:p>"));
	cr_assert(strstr(content, "<text:p>On a parlé \"participation\", "
	    "virgules, et</text:p><text:p>retours à la ligne</text:p>") ||
	    strstr(content, "<text:p>On a parlé &quot;participation&quot;, "
	    "virgules, et</text:p><text:p>retours à la ligne</text:p>"));
	cr_assert(strstr(content, "tabulation<text:tab/>dedans"));
	cr_assert(strstr(content, "&lt;b&gt;&amp;amp;&lt;/b&gt;"));
	cr_assert(strstr(content, "office:value-type=\"float\" "
	    "office:value=\"-3\"/>"));
	cr_assert(strstr(content, "office:value-type=\"percentage\" "
	    "office:value=\"0.444\"/>"));
	cr_assert(strstr(content, "office:date-value=\"2026-01-31\"/>"));
	cr_assert(strstr(content, "office:date-value=\"2026-01-31T18:05:00\"/>"));
	cr_assert(strstr(content, "table:formula") == NULL);
	cr_assert(strstr(content, "'=") == NULL);
	/* Autofilter over each table, header rows frozen, widths. */
	cr_assert(strstr(content, "table:target-range-address="
	    "\"'Réponses'.A1:'Réponses'.G13\" "
	    "table:display-filter-buttons=\"true\""));
	cr_assert(strstr(settings, "config:name=\"Réponses\">"
	    "<config:config-item config:name=\"VerticalSplitMode\""));
	cr_assert(strstr(content, "<table:table-column table:style-name="
	    "\"co7\"/>"));
	free(mime);
	free(manifest);
	free(content);
	free(settings);
	archive_close(&a);
	free(m.buf);
}

Test(tabout, ods_same_bytes_twice)
{
	struct mem a = { 0 }, b = { 0 };

	make_workbook(TABOUT_ODS, &a, 0);
	make_workbook(TABOUT_ODS, &b, 0);
	cr_assert_eq(a.len, b.len);
	cr_assert(memcmp(a.buf, b.buf, a.len) == 0);
	free(a.buf);
	free(b.buf);
}

/* A table longer than a sheet continues on "NAME (2)" under its header. */
Test(tabout, long_table_continues_on_a_second_sheet)
{
	for (int f = TABOUT_XLSX; f <= TABOUT_ODS; f++) {
		struct mem m = { 0 };
		struct export_sink s = { mem_write, &m };
		struct tabout_options o;
		struct tabout *t;
		struct archive a;
		char *part;

		tabout_options_init(&o);
		o.format = (enum tabout_format)f;
		t = tabout_new(&o, &s);
		t->max_rows = 4;
		tabout_sheet(t, "Réponses");
		tabout_text(t, "id");
		tabout_text(t, "texte");
		tabout_end_row(t);
		for (int i = 1; i <= 7; i++) {
			tabout_int(t, i);
			tabout_text(t, "x");
			cr_assert_eq(tabout_end_row(t), 0);
		}
		cr_assert_eq(tabout_finish(t), 0, "%s", tabout_error(t));
		tabout_free(t);
		archive_open(&a, &m);
		if (f == TABOUT_XLSX) {
			char *wb = entry(&a, "xl/workbook.xml");

			cr_assert(strstr(wb, "name=\"Réponses (2)\""));
			cr_assert(strstr(wb, "name=\"Réponses (3)\""));
			part = entry(&a, "xl/worksheets/sheet3.xml");
			cr_assert(strstr(part, "<c r=\"A1\" s=\"1\" t=\"inlineStr\">"
			    "<is><t>id</t></is></c>"));
			cr_assert(strstr(part, "<c r=\"A2\"><v>7</v></c>"));
			free(wb);
		} else {
			part = entry(&a, "content.xml");
			cr_assert(strstr(part, "table:name=\"Réponses (3)\">"));
			cr_assert(strstr(part, "'Réponses (2)'.A1:'Réponses (2)'.B4"));
		}
		free(part);
		archive_close(&a);
		free(m.buf);
	}
}

Test(tabout, sheet_names_made_valid)
{
	struct mem m = { 0 };
	struct export_sink s = { mem_write, &m };
	struct tabout_options o;
	struct tabout *t;
	struct archive a;
	char *wb;

	tabout_options_init(&o);
	o.format = TABOUT_XLSX;
	t = tabout_new(&o, &s);
	cr_assert_eq(tabout_sheet(t, "Réponses [a/b]: *?\\ et un nom bien trop "
	    "long pour une feuille"), 0, "%s", tabout_error(t));
	tabout_text(t, "x");
	cr_assert_eq(tabout_finish(t), 0, "%s", tabout_error(t));
	tabout_free(t);
	archive_open(&a, &m);
	wb = entry(&a, "xl/workbook.xml");
	cr_assert(strstr(wb, "name=\"Réponses _a_b__ ___ et un nom b\""), "%s",
	    wb);
	free(wb);
	archive_close(&a);
	free(m.buf);
}

Test(tabout, failures_are_reported_and_files_removed)
{
	for (int f = TABOUT_XLSX; f <= TABOUT_ODS; f++) {
		struct mem m = { 0 };
		struct export_sink s = { mem_write, &m };
		struct tabout_options o;
		struct tabout *t;

		/* A tmpdir that does not exist. */
		tabout_options_init(&o);
		o.format = (enum tabout_format)f;
		o.tmpdir = "/nonexistent/recueil-test";
		t = tabout_new(&o, &s);
		tabout_sheet(t, "Réponses");
		tabout_text(t, "x");
		cr_assert_eq(tabout_end_row(t), -1);
		cr_assert_eq(tabout_finish(t), -1);
		cr_assert(strstr(tabout_error(t), "/nonexistent/recueil-test"),
		    "%s", tabout_error(t));
		tabout_free(t);
		cr_assert_eq(m.len, 0);

		/* A sink that refuses: the failure reaches the caller, and the
		 * temporary files are gone afterwards. */
		{
			char dir[] = "/tmp/recueil-tabout-XXXXXX";
			struct stat sb;

			cr_assert_not_null(mkdtemp(dir));
			o.tmpdir = dir;
			m.fail = 1;
			t = tabout_new(&o, &s);
			write_table(t);
			cr_assert_eq(tabout_finish(t), -1);
			cr_assert(strstr(tabout_error(t), "export"), "%s",
			    tabout_error(t));
			tabout_free(t);
			cr_assert_eq(rmdir(dir), 0, "temporary files left in %s",
			    dir);
			cr_assert_eq(stat(dir, &sb), -1);
		}
	}
}

/* Past its first 1000 rows an .ods sheet is streamed: its columns are
 * declared once, before every row, with the widths of those rows. */
Test(tabout, ods_long_sheet_declares_columns_once_before_its_rows)
{
	struct mem m = { 0 };
	struct export_sink s = { mem_write, &m };
	struct tabout_options o;
	struct tabout *t;
	struct archive a;
	char *content, *p;
	size_t rows = 0;

	tabout_options_init(&o);
	o.format = TABOUT_ODS;
	t = tabout_new(&o, &s);
	tabout_sheet(t, "Réponses");
	tabout_text(t, "id");
	tabout_text(t, "texte");
	tabout_end_row(t);
	for (int i = 1; i <= 2500; i++) {
		tabout_int(t, i);
		tabout_text(t, i == 10 ? "une réponse de quarante-deux caractères !"
		    : "x");
		cr_assert_eq(tabout_end_row(t), 0);
	}
	tabout_sheet(t, "Deux");
	tabout_text(t, "fin");
	cr_assert_eq(tabout_finish(t), 0, "%s", tabout_error(t));
	tabout_free(t);
	archive_open(&a, &m);
	content = entry(&a, "content.xml");
	p = strstr(content, "<table:table table:name=\"Réponses\">\n"
	    "<table:table-column table:style-name=\"co0\"/>"
	    "<table:table-column table:style-name=\"co7\"/>\n"
	    "<table:table-row>");
	cr_assert_not_null(p);
	for (char *q = content; (q = strstr(q, "<table:table-row>")) != NULL;
	    q++)
		rows++;
	cr_assert_eq(rows, 2501 + 1);
	cr_assert(strstr(content, "office:value=\"2500\"/><table:table-cell "
	    "office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
	    "</table:table-row>\n</table:table>\n<table:table table:name=\"Deux\">"));
	free(content);
	archive_close(&a);
	free(m.buf);
}
