/*
 * test_form.c - the XLSForm CSV loader: the bundled forms, a corpus of
 * valid and invalid definitions with their exact messages, and the parser
 * at every chunk split of its input.
 *
 * Tests run from the top of the repository (tests/run.sh does).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "expr.h"
#include "form.h"

/* ------------------------------------------------------------- helpers */

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf != NULL) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(fp);
	return buf;
}

struct sbuf {
	char *s;
	size_t n, alloc;
};

static void sb_printf(struct sbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->n + (size_t)n + 1 > b->alloc) {
		b->alloc = (b->n + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->alloc);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

static void
dump_text(struct sbuf *b, const struct form *f, const struct text *t)
{
	size_t i;

	for (i = 0; i < f->n_langs; i++)
		sb_printf(b, "[%s]", t->v && t->v[i] ? t->v[i] : "-");
}

/* Everything the loader produced, as text, to compare runs. */
static char *
dump(const struct form *f, const struct diag *d)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t i, j;
	char *s;

	sb_printf(&b, "%s", "");
	for (i = 0; i < d->n; i++) {
		s = diag_format(d, i);
		sb_printf(&b, "%s\n", s);
		free(s);
	}
	if (f == NULL)
		return b.s;
	sb_printf(&b, "id=%s title=%s version=%s hash=%s\n", f->id, f->title,
	    f->version ? f->version : "-", f->hash);
	for (i = 0; i < f->n_langs; i++)
		sb_printf(&b, "lang %s (%s)\n", f->langs[i], f->lang_codes[i]);
	for (i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		sb_printf(&b, "q %d %s %s list=%s req=%d app=%u depth=%d "
		    "rel=%s con=%s def=%s range=%g,%g,%g ", q->line,
		    form_type_name(q->type), q->name ? q->name : "-",
		    q->list ? q->list->name : "-", q->required, q->appearance,
		    q->depth, q->relevant_src ? q->relevant_src : "-",
		    q->constraint_src ? q->constraint_src : "-",
		    q->default_value ? q->default_value : "-", q->range_start,
		    q->range_end, q->range_step);
		dump_text(&b, f, &q->label);
		dump_text(&b, f, &q->hint);
		dump_text(&b, f, &q->constraint_message);
		dump_text(&b, f, &q->required_message);
		sb_printf(&b, "\n");
	}
	for (i = 0; i < f->n_lists; i++)
		for (j = 0; j < f->lists[i].n_choices; j++) {
			sb_printf(&b, "c %s %s ", f->lists[i].name,
			    f->lists[i].choices[j].name);
			dump_text(&b, f, &f->lists[i].choices[j].label);
			sb_printf(&b, "\n");
		}
	for (i = 0; i < f->n_indicators; i++)
		sb_printf(&b, "i %s | %s | %s | %s | %s\n",
		    f->indicators[i].objet, f->indicators[i].indicateur,
		    form_measure_name(f->indicators[i].mesure),
		    f->indicators[i].question ? f->indicators[i].question : "-",
		    f->indicators[i].valeur ? f->indicators[i].valeur : "-");
	return b.s;
}

static char *
parse_dump(const char *file, const char *buf, size_t len, size_t chunk)
{
	struct diag d;
	struct form *f;
	char *s;

	diag_init(&d);
	f = form_parse_chunked(file, buf, len, chunk, &d);
	s = dump(f, &d);
	form_free(f);
	diag_release(&d);
	return s;
}

/* ------------------------------------------------------- bundled forms */

static const char *const bundled[] = {
	"forms/rencontre-reseau.csv",
	"forms/visite-structure.csv",
};

Test(form, bundled_forms_load_without_errors_or_warnings)
{
	size_t i;

	for (i = 0; i < sizeof(bundled) / sizeof(*bundled); i++) {
		struct diag d;
		struct form *f;
		char *s;

		diag_init(&d);
		f = form_load_file(bundled[i], &d);
		s = dump(NULL, &d);
		cr_expect_not_null(f, "%s:\n%s", bundled[i], s);
		cr_expect_eq(d.n, 0, "%s:\n%s", bundled[i], s);
		free(s);
		if (f != NULL) {
			cr_expect_str_eq(f->langs[0], "Français (fr)");
			cr_expect_str_eq(f->lang_codes[0], "fr");
			cr_expect_gt(f->n_indicators, 0);
			cr_expect_eq(strlen(f->hash), 64);
			cr_expect_eq(f->indicators[0].mesure, M_MEETINGS);
		}
		form_free(f);
		diag_release(&d);
	}
}

Test(form, rencontre_reseau_has_its_questions)
{
	struct diag d;
	struct form *f;
	const struct question *q;

	diag_init(&d);
	f = form_load_file("forms/rencontre-reseau.csv", &d);
	cr_assert_not_null(f);
	cr_expect_str_eq(f->id, "rencontre-reseau");
	cr_expect_leq(f->n_questions, 9);
	q = form_question(f, "centre");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_SELECT_ONE);
	cr_expect_not_null(form_choice(q->list, "val_dauron"));
	cr_expect_str_eq(form_text(f, &form_choice(q->list, "val_dauron")->label,
	    0), "Val d'Auron");
	q = form_question(f, "centre_autre");
	cr_assert_not_null(q);
	cr_expect_not_null(q->relevant);
	q = form_question(f, "satisfaction");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_RANGE);
	cr_expect_eq(q->range_start, 1);
	cr_expect_eq(q->range_end, 5);
	q = form_question(f, "retiens");
	cr_assert_not_null(q);
	cr_expect_eq(q->appearance & APP_MULTILINE, APP_MULTILINE);
	cr_expect_not_null(q->constraint);
	cr_expect_eq(form_lang(f, "fr"), 0);
	cr_expect_eq(form_lang(f, "xx"), 0);
	form_free(f);
	diag_release(&d);
}

/* --------------------------------------------------------- chunk splits */

/* Every chunk size gives the same form and the same messages. */
static void
check_chunks(const char *path)
{
	size_t len = 0, chunk;
	char *buf = slurp(path, &len);
	char *want, *got;

	cr_assert_not_null(buf, "cannot read %s", path);
	want = parse_dump(path, buf, len, 0);
	for (chunk = 1; chunk <= len; chunk++) {
		got = parse_dump(path, buf, len, chunk);
		cr_assert_str_eq(got, want, "%s: chunk %zu differs", path, chunk);
		free(got);
	}
	free(want);
	free(buf);
}

Test(form, bundled_forms_parse_the_same_at_every_chunk_size)
{
	size_t i;

	for (i = 0; i < sizeof(bundled) / sizeof(*bundled); i++)
		check_chunks(bundled[i]);
}
