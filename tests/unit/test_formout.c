/*
 * test_formout.c - forms written back as XLSForm: every bundled form and
 * every form of the valid corpus, written in the CSV layout and loaded
 * again, gives the same model (everything but line numbers, hash and
 * source bytes), and so does every one written as .xlsx and .ods and read
 * back by the workbook reader; workbooks hold the four sheets, and
 * no cell of a CSV definition is neutralised.
 *
 * Tests run from the top of the repository (tests/run.sh does).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <zip.h>

#include "diag.h"
#include "form.h"
#include "formout.h"
#include "tabout.h"

struct mem {
	char *buf;
	size_t len;
};

static int
mem_write(void *arg, const void *p, size_t n)
{
	struct mem *m = arg;

	m->buf = realloc(m->buf, m->len + n + 1);
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	m->buf[m->len] = '\0';
	return 0;
}

static void
cat(struct mem *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
cat(struct mem *m, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0);
	mem_write(m, s, (size_t)n);
	free(s);
}

static const char *
opt(const char *s)
{
	return s != NULL ? s : "-";
}

static void
dump_text(struct mem *m, const struct form *f, const struct text *t)
{
	for (size_t i = 0; i < f->n_langs; i++)
		cat(m, "[%s]", t->v != NULL ? opt(t->v[i]) : "-");
}

/* The model as text: what a round trip must keep. */
static char *
dump(const struct form *f)
{
	struct mem m = { 0 };

	cat(&m, "id=%s title=%s version=%s retention=%d easy=%d\n", f->id,
	    f->title, opt(f->version), f->retention_days, f->easy_read);
	for (size_t i = 0; i < f->n_langs; i++)
		cat(&m, "lang %s (%s)\n", f->langs[i], f->lang_codes[i]);
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		cat(&m, "q %s %s list=%s req=%d app=%u depth=%d rel=%s con=%s "
		    "def=%s range=%.17g,%.17g,%.17g ", form_type_name(q->type),
		    opt(q->name), q->list ? q->list->name : "-", q->required,
		    q->appearance, q->depth, opt(q->relevant_src),
		    opt(q->constraint_src), opt(q->default_value),
		    q->range_start, q->range_end, q->range_step);
		cat(&m, "oth=%d syn=%d calc=%s ", q->or_other, q->synthetic,
		    opt(q->calculation_src));
		dump_text(&m, f, &q->label);
		dump_text(&m, f, &q->hint);
		dump_text(&m, f, &q->image);
		cat(&m, "filter=%s ", opt(q->choice_filter_src));
		dump_text(&m, f, &q->constraint_message);
		dump_text(&m, f, &q->required_message);
		cat(&m, "\n");
	}
	for (size_t i = 0; i < f->n_lists; i++)
		for (size_t j = 0; j < f->lists[i].n_choices; j++) {
			cat(&m, "c %s%s %s ", f->lists[i].name,
			    f->lists[i].synthetic ? "+" : "",
			    f->lists[i].choices[j].name);
			dump_text(&m, f, &f->lists[i].choices[j].label);
			dump_text(&m, f, &f->lists[i].choices[j].image);
			for (size_t k = 0; f->lists[i].choices[j].cols != NULL &&
			    k < f->n_choice_cols; k++)
				cat(&m, "{%s=%s}", f->choice_cols[k],
				    f->lists[i].choices[j].cols[k]);
			cat(&m, "\n");
		}
	for (size_t i = 0; i < f->n_indicators; i++) {
		const struct indicator *ind = &f->indicators[i];

		cat(&m, "i %s | %s | %s | %s | %s\n", ind->objet,
		    ind->indicateur, form_measure_name(ind->mesure),
		    opt(ind->question), opt(ind->valeur));
	}
	return m.buf;
}

static void
write_form(const struct form *f, enum tabout_format fmt, struct mem *m)
{
	struct export_sink sink = { mem_write, m };
	struct tabout_options o;
	struct tabout *t;

	tabout_options_init(&o);
	o.format = fmt;
	o.raw = 1;
	t = tabout_new(&o, &sink);
	cr_assert_eq(formout_write(f, t), 0, "%s: %s", f->id, tabout_error(t));
	tabout_free(t);
}

/* Every form that must round-trip: the bundled ones, the valid corpus. */
static size_t
form_files(char ***out)
{
	static const char *const dirs[] = { "forms", "tests/forms/valid" };
	char **v = NULL;
	size_t n = 0;

	for (size_t d = 0; d < 2; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;

		cr_assert_not_null(dir, "%s", dirs[d]);
		while ((de = readdir(dir)) != NULL) {
			size_t len = strlen(de->d_name);

			if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
				continue;
			v = realloc(v, (n + 1) * sizeof(*v));
			cr_assert(asprintf(&v[n++], "%s/%s", dirs[d],
			    de->d_name) > 0);
		}
		closedir(dir);
	}
	*out = v;
	return n;
}

Test(formout, every_form_round_trips_through_the_csv_layout)
{
	char **files;
	size_t n = form_files(&files);

	cr_assert(n >= 4);
	for (size_t i = 0; i < n; i++) {
		struct diag d, d2;
		struct form *f, *g;
		struct mem m = { 0 };
		char *a, *b, *name;

		diag_init(&d);
		diag_init(&d2);
		f = form_load_file(files[i], &d);
		cr_assert_not_null(f, "%s does not load", files[i]);
		write_form(f, TABOUT_CSV, &m);
		cr_assert(asprintf(&name, "%s.csv", f->id) > 0);
		g = form_parse(name, m.buf, m.len, &d2);
		free(name);
		if (g == NULL) {
			for (size_t k = 0; k < d2.n; k++) {
				char *s = diag_format(&d2, k);

				fprintf(stderr, "%s\n", s);
				free(s);
			}
			cr_assert_fail("%s: the export does not load:\n%s",
			    files[i], m.buf);
		}
		for (size_t k = 0; k < d2.n; k++) {
			char *s = diag_format(&d2, k);

			cr_assert_fail("%s: the export gives a warning: %s",
			    files[i], s);
		}
		a = dump(f);
		b = dump(g);
		cr_assert_str_eq(a, b, "%s differs after a round trip:\n%s",
		    files[i], m.buf);
		free(a);
		free(b);
		form_free(f);
		form_free(g);
		diag_release(&d);
		diag_release(&d2);
		free(m.buf);
		free(files[i]);
	}
	free(files);
}

Test(formout, csv_layout_keeps_formula_like_cells)
{
	static const char src[] =
	    "survey,,,\n,type,name,label\n,text,t,=1+1 ou -2 ?\n"
	    "settings,,,\n,form_title,form_id,\n,@titre,x,\n";
	struct diag d;
	struct form *f;
	struct mem m = { 0 };

	diag_init(&d);
	cr_assert_not_null(f = form_parse("x.csv", src, strlen(src), &d));
	write_form(f, TABOUT_CSV, &m);
	cr_assert(strstr(m.buf, "\r\n,text,t,=1+1 ou -2 ?\r\n"), "%s", m.buf);
	cr_assert(strstr(m.buf, "\r\n,@titre,x"), "%s", m.buf);
	cr_assert(strstr(m.buf, "'") == NULL);
	cr_assert(strncmp(m.buf, "survey,", 7) == 0);
	form_free(f);
	diag_release(&d);
	free(m.buf);
}

/* The settings the loader reads are all written back: style=facile too,
 * an ODK web-form theme (read and dropped) not. */
Test(formout, settings_keep_the_easy_read_style)
{
	static const char src[] =
	    "survey,,,\n,type,name,label\n,text,t,T ?\n"
	    "settings,,,,,,\n,form_title,form_id,version,style,retention_days\n"
	    ",Titre,x,2,FACILE,30\n";
	static const char theme[] =
	    "survey,,,\n,type,name,label\n,text,t,T ?\n"
	    "settings,,,\n,form_title,form_id,style\n,Titre,x,pages\n";
	struct diag d;
	struct form *f;
	struct mem m = { 0 };

	diag_init(&d);
	cr_assert_not_null(f = form_parse("x.csv", src, strlen(src), &d));
	cr_assert_eq(f->easy_read, 1);
	write_form(f, TABOUT_CSV, &m);
	cr_assert(strstr(m.buf, "\r\n,form_title,form_id,version,"
	    "retention_days,style\r\n,Titre,x,2,30,facile\r\n"), "%s", m.buf);
	form_free(f);
	free(m.buf);
	memset(&m, 0, sizeof(m));
	cr_assert_not_null(f = form_parse("x.csv", theme, strlen(theme), &d));
	cr_assert_eq(f->easy_read, 0);
	write_form(f, TABOUT_CSV, &m);
	cr_assert(strstr(m.buf, "style") == NULL, "%s", m.buf);
	form_free(f);
	diag_release(&d);
	free(m.buf);
}

/* The entry `name` of a zip in memory (caller frees), or NULL. */
static char *
entry(const struct mem *m, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	zip_file_t *zf;
	char *buf = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(m->buf, m->len, 0, &ze);
	cr_assert_not_null(za = zip_open_from_source(src, ZIP_RDONLY, &ze));
	if (zip_stat(za, name, 0, &st) == 0) {
		buf = malloc(st.size + 1);
		cr_assert_not_null(zf = zip_fopen(za, name, 0));
		cr_assert_eq(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
		zip_fclose(zf);
		buf[st.size] = '\0';
	}
	zip_discard(za);
	zip_error_fini(&ze);
	return buf;
}

Test(formout, workbooks_hold_the_four_sheets)
{
	struct diag d;
	struct form *f;
	struct mem x = { 0 }, o = { 0 };
	char *wb, *survey, *content;

	diag_init(&d);
	cr_assert_not_null(f = form_load_file("forms/rencontre-reseau.csv", &d));
	write_form(f, TABOUT_XLSX, &x);
	write_form(f, TABOUT_ODS, &o);
	cr_assert_not_null(wb = entry(&x, "xl/workbook.xml"));
	cr_assert(strstr(wb, "<sheet name=\"survey\" sheetId=\"1\""));
	cr_assert(strstr(wb, "<sheet name=\"choices\" sheetId=\"2\""));
	cr_assert(strstr(wb, "<sheet name=\"settings\" sheetId=\"3\""));
	cr_assert(strstr(wb, "<sheet name=\"indicators\" sheetId=\"4\""));
	cr_assert_not_null(survey = entry(&x, "xl/worksheets/sheet1.xml"));
	cr_assert(strstr(survey, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>"
	    "type</t></is></c><c r=\"B1\" s=\"1\" t=\"inlineStr\"><is><t>name"
	    "</t></is></c><c r=\"C1\" s=\"1\" t=\"inlineStr\"><is><t>label::"
	    "Français (fr)</t></is></c>"));
	cr_assert(strstr(survey, "<t>select_one role</t>"));
	cr_assert_not_null(content = entry(&o, "content.xml"));
	cr_assert(strstr(content, "<table:table table:name=\"settings\">"));
	cr_assert(strstr(content, "<text:p>rencontre-reseau</text:p>"));
	free(wb);
	free(survey);
	free(content);
	form_free(f);
	diag_release(&d);
	free(x.buf);
	free(o.buf);
}
Test(formout, every_form_round_trips_through_workbooks)
{
	char **files;
	size_t n = form_files(&files);

	for (size_t i = 0; i < n; i++) {
		for (int fmt = TABOUT_XLSX; fmt <= TABOUT_ODS; fmt++) {
			struct diag d, d2;
			struct form *f, *g;
			struct mem m = { 0 };
			char *a, *b, *name;

			diag_init(&d);
			diag_init(&d2);
			f = form_load_file(files[i], &d);
			cr_assert_not_null(f, "%s does not load", files[i]);
			write_form(f, (enum tabout_format)fmt, &m);
			cr_assert(asprintf(&name, "%s.%s", f->id,
			    fmt == TABOUT_XLSX ? "xlsx" : "ods") > 0);
			g = form_parse(name, m.buf, m.len, &d2);
			for (size_t k = 0; k < d2.n; k++) {
				char *s = diag_format(&d2, k);

				cr_assert_fail("%s: %s", name, s);
			}
			cr_assert_not_null(g, "%s does not load back", name);
			a = dump(f);
			b = dump(g);
			cr_assert_str_eq(a, b, "%s differs after a round trip",
			    name);
			free(a);
			free(b);
			free(name);
			form_free(f);
			form_free(g);
			diag_release(&d);
			diag_release(&d2);
			free(m.buf);
		}
		free(files[i]);
	}
	free(files);
}
