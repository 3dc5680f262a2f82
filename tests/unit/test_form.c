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
#include "i18n.h"
#include "sheet_zip.h"

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

static void dump_form(struct sbuf *b, const struct form *f, int place);

/* Everything the loader produced, as text, to compare runs. */
static char *
dump(const struct form *f, const struct diag *d)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t i;
	char *s;

	sb_printf(&b, "%s", "");
	for (i = 0; i < d->n; i++) {
		s = diag_format(d, i);
		sb_printf(&b, "%s\n", s);
		free(s);
	}
	if (f != NULL)
		dump_form(&b, f, 1);
	return b.s;
}

/*
 * The model as text; with `place` 0, without what depends on the source
 * (its hash, the lines things were read from), to compare the same form
 * read from a CSV file and from a workbook.
 */
static void
dump_form(struct sbuf *bp, const struct form *f, int place)
{
	struct sbuf b = *bp;
	size_t i, j;

	sb_printf(&b, "id=%s title=%s version=%s hash=%s\n", f->id, f->title,
	    f->version ? f->version : "-", place ? f->hash : "-");
	for (i = 0; i < f->n_langs; i++)
		sb_printf(&b, "lang %s (%s)\n", f->langs[i], f->lang_codes[i]);
	for (i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		sb_printf(&b, "q %d %s %s list=%s req=%d app=%u depth=%d "
		    "rel=%s con=%s def=%s range=%g,%g,%g ", place ? q->line : 0,
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
	*bp = b;
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

/*
 * The messages these tests spell out are the English of po/en.po (the
 * loader's French is checked by the corpus' .expected files).
 */
static void
i18n_init_here(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
}

static void
english(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
}

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

/* -------------------------------------------------------------- corpus */

/*
 * tests/forms/valid/X.csv must load; tests/forms/invalid/X.csv must not.
 * Either way the messages must be exactly those of X.expected (none when
 * a valid file has no X.expected).  Every file is also parsed at every
 * chunk size.
 */
static void
check_corpus_dir(const char *dir, int valid)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[512], exp_path[512];
	size_t n_files = 0;

	cr_assert_not_null(dp, "cannot open %s", dir);
	while ((de = readdir(dp)) != NULL) {
		size_t nl = strlen(de->d_name), len = 0;
		struct diag d;
		struct form *f;
		char *want, *got;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".csv") != 0)
			continue;
		n_files++;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(exp_path, sizeof(exp_path), "%s/%.*s.expected", dir,
		    (int)(nl - 4), de->d_name);
		want = slurp(exp_path, &len);
		if (want == NULL) {
			cr_expect(valid, "%s has no .expected file", path);
			want = strdup("");
		}
		diag_init(&d);
		f = form_load_file(path, &d);
		got = dump(NULL, &d);
		if (valid)
			cr_expect_not_null(f, "%s should load:\n%s", path, got);
		else
			cr_expect_null(f, "%s should not load", path);
		cr_expect_str_eq(got, want, "%s: messages differ", path);
		if (!valid)
			cr_expect_gt(d.n_errors, 0, "%s", path);
		free(got);
		free(want);
		form_free(f);
		diag_release(&d);
		check_chunks(path);
	}
	closedir(dp);
	cr_expect_gt(n_files, 3, "too few files in %s", dir);
}

Test(form, valid_corpus_loads_with_expected_warnings)
{
	check_corpus_dir("tests/forms/valid", 1);
}

Test(form, invalid_corpus_gives_exact_messages)
{
	check_corpus_dir("tests/forms/invalid", 0);
}

static struct form *
load_ok(const char *path)
{
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_load_file(path, &d);
	cr_assert_not_null(f, "%s does not load", path);
	diag_release(&d);
	return f;
}

Test(form, reads_the_pyxform_layout_with_groups)
{
	struct form *f = load_ok("tests/forms/valid/pyxform_group.csv");
	const struct question *q;

	cr_expect_eq(f->n_questions, 5);
	cr_expect_str_eq(f->langs[0], "English (en)");
	cr_expect_str_eq(f->lang_codes[0], "en");
	cr_expect_eq(f->questions[1].type, Q_BEGIN_GROUP);
	cr_expect_eq(f->questions[4].type, Q_END_GROUP);
	cr_expect_null(f->questions[4].name);
	q = form_question(f, "age");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_INTEGER);
	cr_expect_eq(q->depth, 1);
	cr_expect_eq(q->line, 6);
	cr_expect_str_eq(form_text(f, &form_question(f, "family_name")->label,
	    0), "What's your family name?");
	cr_expect_str_eq(f->id, "pyxform_group");
	cr_expect_str_eq(f->title, "pyxform_group");
	form_free(f);
}

Test(form, reads_semicolons_bom_and_crlf)
{
	struct form *f = load_ok("tests/forms/valid/semicolon_bom.csv");
	const struct question *q = form_question(f, "venu");

	cr_assert_not_null(q);
	cr_expect_eq(q->required, 1);
	cr_expect_str_eq(form_text(f, &q->label, 0),
	    "Êtes-vous déjà venu, ici ?");
	cr_expect_str_eq(form_text(f, &form_choice(q->list, "oui")->label, 0),
	    "Oui, bien sûr");
	cr_expect_str_eq(f->title, "Un formulaire ; séparé");
	/* The hash covers the bytes as given, byte order mark included. */
	cr_expect_eq(f->source_len, strlen(f->source));
	cr_expect_eq(memcmp(f->source, "\xEF\xBB\xBF", 3), 0);
	form_free(f);
}

Test(form, reads_translations_with_default_language)
{
	struct form *f = load_ok("tests/forms/valid/translations.csv");
	const struct question *q = form_question(f, "role");
	size_t en;

	cr_assert_eq(f->n_langs, 2);
	cr_expect_str_eq(f->langs[0], "Français (fr)");
	cr_expect_str_eq(f->langs[1], "English (en)");
	en = form_lang(f, "en");
	cr_expect_eq(en, 1);
	cr_expect_eq(form_lang(f, "English (en)"), 1);
	cr_expect_eq(form_lang(f, "FR"), 0);
	cr_expect_str_eq(form_text(f, &q->label, en), "You are…");
	cr_expect_str_eq(form_text(f, &q->label, 0), "Vous êtes…");
	cr_expect_str_eq(form_text(f, &q->hint, en), "One answer");
	cr_expect_str_eq(form_text(f, &form_choice(q->list, "pro")->label, en),
	    "Professional");
	/* A missing translation falls back to the default language. */
	q = form_question(f, "mot");
	cr_expect_str_eq(form_text(f, &q->label, en), "Un mot pour finir ?");
	cr_expect_str_eq(form_text(f, &q->hint, en), "Facultatif");
	cr_expect_str_eq(form_text(f, &q->constraint_message, en), "");
	cr_expect_str_eq(f->version, "3");
	form_free(f);
}

Test(form, reads_headers_case_insensitively_with_aliases)
{
	struct form *f = load_ok("tests/forms/valid/case_insensitive.csv");
	const struct question *q = form_question(f, "q2");

	cr_assert_not_null(q);
	cr_expect_not_null(q->relevant);
	cr_expect_str_eq(q->relevant_src, "${q1} = 'no'");
	cr_expect_eq(form_question(f, "q1")->type, Q_SELECT_ONE);
	cr_expect_str_eq(form_question(f, "q1")->list->name, "yes_no");
	cr_expect_str_eq(f->title, "Yes or no");
	cr_expect_str_eq(f->langs[0], "EN");
	cr_expect_str_eq(f->lang_codes[0], "en");
	form_free(f);
}

Test(form, reads_every_supported_type_and_column)
{
	struct form *f = load_ok("tests/forms/valid/all_types.csv");
	const struct question *q;

	q = form_question(f, "age");
	cr_expect_eq(q->required, 1);
	cr_expect_str_eq(form_text(f, &q->required_message, 0),
	    "Merci d'indiquer votre âge.");
	cr_expect_str_eq(form_text(f, &q->constraint_message, 0),
	    "Un âge entre 0 et 119.");
	cr_expect_eq(form_question(f, "km")->type, Q_DECIMAL);
	cr_expect_eq(form_question(f, "km")->required, 0);
	cr_expect_str_eq(form_question(f, "km")->default_value, "0");
	cr_expect_eq(form_question(f, "jour")->type, Q_DATE);
	cr_expect_eq(form_question(f, "jour")->required, 1);
	q = form_question(f, "humeur");
	cr_expect_eq(q->appearance, APP_LIKERT);
	cr_expect_eq(q->depth, 2);
	q = form_question(f, "sujets");
	cr_expect_eq(q->type, Q_SELECT_MULTIPLE);
	cr_expect_eq(q->appearance, APP_MINIMAL);
	q = form_question(f, "note_globale");
	cr_expect_eq(q->type, Q_RANGE);
	cr_expect_eq(q->range_start, 0);
	cr_expect_eq(q->range_end, 10);
	cr_expect_eq(q->range_step, 2);
	cr_expect_eq(q->depth, 0);
	cr_expect_eq(form_question(f, "texte")->appearance, APP_MULTILINE);
	cr_expect_eq(form_question(f, "intro")->type, Q_NOTE);
	cr_assert_eq(f->n_indicators, 7);
	cr_expect_eq(f->indicators[3].mesure, M_SHARE);
	cr_expect_str_eq(f->indicators[3].question, "sujets");
	cr_expect_str_eq(f->indicators[3].valeur, "jeux");
	cr_expect_null(f->indicators[0].question);
	cr_expect_eq(f->indicators[6].mesure, M_TEXTS);
	form_free(f);
}

Test(form, hash_is_sha256_of_the_bytes)
{
	struct diag d;
	struct form *f;
	const char src[] = "survey\n,type,name,label\n,text,a,A\n";

	diag_init(&d);
	f = form_parse("x.csv", src, strlen(src), &d);
	cr_assert_not_null(f);
	/* sha256sum of the same bytes */
	cr_expect_str_eq(f->hash, "3147fb0bb4388afbedccfd28be896fc22b73486a"
	    "43b1215bc16b8cdac3426b59");
	cr_expect_str_eq(f->source, src);
	cr_expect_str_eq(f->id, "x");
	form_free(f);
	diag_release(&d);
}

Test(form, huge_cell_is_an_error_not_a_crash)
{
	struct diag d;
	struct form *f;
	size_t n = 200 * 1024, i;
	char *src = malloc(n + 64);

	cr_assert_not_null(src);
	strcpy(src, "survey\n,type,name,label\n,text,a,");
	i = strlen(src);
	memset(src + i, 'x', n);
	src[i + n] = '\0';
	diag_init(&d);
	f = form_parse("big.csv", src, strlen(src), &d);
	cr_expect_null(f);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.msgs[0].text, "cellule trop longue (plus de 65536 "
	    "octets) : gardez libellés et aides courts");
	form_free(f);
	diag_release(&d);
	free(src);
}

Test(form, empty_input_is_reported)
{
	struct diag d;
	char *s;

	english();
	diag_init(&d);
	cr_expect_null(form_parse("empty.csv", "", 0, &d));
	cr_assert_eq(d.n, 1);
	s = diag_format(&d, 0);
	cr_expect_str_eq(s, "empty.csv: error: no survey sheet: start the file "
	    "with a row whose first cell is 'survey', then a header row "
	    "(type, name, label)");
	free(s);
	diag_release(&d);
}

Test(form, missing_file_is_reported)
{
	struct diag d;

	english();
	diag_init(&d);
	cr_expect_null(form_load_file("tests/forms/nonexistent.csv", &d));
	cr_assert_eq(d.n_errors, 1);
	cr_expect_str_eq(d.msgs[0].text, "cannot open "
	    "'tests/forms/nonexistent.csv': No such file or directory");
	diag_release(&d);
}

Test(form, type_and_measure_names)
{
	cr_expect_str_eq(form_type_name(Q_SELECT_MULTIPLE), "select_multiple");
	cr_expect_str_eq(form_type_name(Q_BEGIN_GROUP), "begin_group");
	cr_expect_str_eq(form_measure_name(M_SHARE), "share");
	cr_expect_str_eq(form_measure_name(M_MEETINGS), "meetings");
	cr_expect_eq(form_utf8_length("Châteauroux"), 11);
}

/* The example of recueil-forms(5) puts each header on its sheet's row. */
Test(form, man_page_example_loads)
{
	struct form *f = load_ok("tests/forms/valid/reunion_reseau.csv");
	const struct question *q = form_question(f, "utilite");

	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_RANGE);
	cr_expect_eq(q->appearance, APP_LIKERT);
	cr_expect_eq(q->required, 1);
	cr_expect_str_eq(f->langs[0], "Français");
	cr_expect_str_eq(f->title, "Après une rencontre du réseau");
	cr_expect_eq(f->n_indicators, 4);
	cr_expect_str_eq(form_question(f, "autre_theme")->relevant_src,
	    "selected(${themes}, 'autre')");
	form_free(f);
}

/* default_language "fr" is the language of the "label::Français (fr)"
 * columns, not a third one. */
Test(form, default_language_matches_by_code)
{
	struct form *f = load_ok("tests/forms/valid/language_codes.csv");
	const struct question *q = form_question(f, "mot");

	cr_assert_eq(f->n_langs, 2);
	cr_expect_str_eq(f->langs[0], "Français (fr)");
	cr_expect_str_eq(f->lang_codes[0], "fr");
	cr_expect_str_eq(f->langs[1], "English (en)");
	cr_expect_str_eq(form_text(f, &q->label, 0), "Un mot ?");
	cr_expect_str_eq(form_text(f, &q->label, form_lang(f, "en")),
	    "A word?");
	form_free(f);
}

/*
 * 2026-12-02, issue 17: 24,000 nested '(' in a relevant cell overflowed the
 * stack (SIGSEGV).  The loader now reports it at the cell, and groups are
 * bounded as well, so that no definition can nest without limit.
 */
Test(form, deep_expression_is_reported_at_its_cell)
{
	struct diag d;
	size_t n = 24000, i;
	char *src = malloc(2 * n + 128), *p, *s;

	cr_assert_not_null(src);
	p = src + sprintf(src, "survey\n,type,name,label,relevant\n"
	    ",text,a,A,\n,text,b,B,");
	for (i = 0; i < n; i++)
		*p++ = '(';
	strcpy(p, "1\n");
	diag_init(&d);
	cr_expect_null(form_parse("profond.csv", src, strlen(src), &d));
	cr_assert_eq(d.n, 1);
	s = diag_format(&d, 0);
	cr_expect_eq(strncmp(s, "profond.csv:4:", 14), 0, "%s", s);
	cr_expect_not_null(strstr(s, "error: survey!E4: expression relevant invalide au "
	    "caractère 101 : expression trop imbriquée"), "%s", s);
	free(s);
	diag_release(&d);
	free(src);
}

static char *
nested_groups(size_t levels)
{
	size_t i, alloc = 64 + levels * 64;
	char *src = malloc(alloc), *p = src;

	cr_assert_not_null(src);
	p += sprintf(p, "survey\n,type,name,label\n");
	for (i = 0; i < levels; i++)
		p += sprintf(p, ",begin_group,g%zu,G\n", i);
	p += sprintf(p, ",text,a,A\n");
	for (i = 0; i < levels; i++)
		p += sprintf(p, ",end_group,,\n");
	return src;
}

Test(form, group_nesting_is_bounded)
{
	struct diag d;
	struct form *f;
	char *src = nested_groups(20), *s;

	diag_init(&d);
	f = form_parse("g.csv", src, strlen(src), &d);
	cr_expect_not_null(f);
	form_free(f);
	diag_release(&d);
	free(src);

	src = nested_groups(2000);
	diag_init(&d);
	cr_expect_null(form_parse("g.csv", src, strlen(src), &d));
	cr_assert_eq(d.n, 1);
	s = diag_format(&d, 0);
	cr_expect_str_eq(s, "g.csv:23:2: error: survey!B23: trop de groupes imbriqués : "
	    "au plus 20 groupes les uns dans les autres");
	free(s);
	diag_release(&d);
	free(src);
}

/* 2026-12-02 (issue 12): form.c's own date check took 2026-02-31. */
Test(form, default_date_must_be_a_real_day)
{
	static const char *const days[][2] = {
		{ "2026-02-28", "" }, { "2024-02-29", "" },
		{ "2026-02-31", "d.csv:3:21: error: survey!E3: la valeur par défaut "
		    "« 2026-02-31 » de la question date « quand » n'est pas un "
		    "jour du calendrier\n" },
		{ "2026-04-31", "d.csv:3:21: error: survey!E3: la valeur par défaut "
		    "« 2026-04-31 » de la question date « quand » n'est pas un "
		    "jour du calendrier\n" },
		{ "31/04/2026", "d.csv:3:21: error: survey!E3: la valeur par "
		    "défaut « 31/04/2026 » de la question date « quand » doit "
		    "s'écrire AAAA-MM-JJ\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(days) / sizeof(*days); i++) {
		char src[200], *got;
		struct diag d;
		struct form *f;

		snprintf(src, sizeof(src), "survey\n,type,name,label,default\n"
		    ",date,quand,Quand ?,%s\n", days[i][0]);
		diag_init(&d);
		f = form_parse("d.csv", src, strlen(src), &d);
		got = dump(NULL, &d);
		cr_expect_str_eq(got, days[i][1], "%s", days[i][0]);
		cr_expect(days[i][1][0] == '\0' ? f != NULL : f == NULL);
		free(got);
		form_free(f);
		diag_release(&d);
	}
}

/* ----------------------------------------------------------- workbooks */

static char *
model_of(const char *path)
{
	struct sbuf b = { NULL, 0, 0 };
	struct diag d;
	struct form *f;
	char *s;

	diag_init(&d);
	f = form_load_file(path, &d);
	s = dump(NULL, &d);
	cr_assert_not_null(f, "%s does not load:\n%s", path, s);
	cr_expect_eq(d.n, 0, "%s:\n%s", path, s);
	free(s);
	sb_printf(&b, "%s", "");
	dump_form(&b, f, 0);
	form_free(f);
	diag_release(&d);
	return b.s;
}

/*
 * Each bundled form and its workbook versions (tests/forms/workbooks,
 * made by tests/tools/csv2book.py: numbers stored as numbers, a hidden
 * sheet in the .xlsx, capitalised sheet names in the .ods) give the same
 * model.
 */
Test(form, bundled_forms_as_workbooks_give_the_same_model)
{
	static const char *const names[] = { "rencontre-reseau",
	    "visite-structure" };
	static const char *const exts[] = { "xlsx", "ods" };
	char path[256];
	size_t i, k;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *want, *got;

		snprintf(path, sizeof(path), "forms/%s.csv", names[i]);
		want = model_of(path);
		for (k = 0; k < sizeof(exts) / sizeof(*exts); k++) {
			snprintf(path, sizeof(path), "tests/forms/workbooks/%s.%s",
			    names[i], exts[k]);
			got = model_of(path);
			cr_expect_str_eq(got, want, "%s differs from its CSV", path);
			free(got);
		}
		free(want);
	}
}

/*
 * tests/forms/broken/X.xlsx or X.ods (written by tests/tools/make_broken.py:
 * a bad sheet, bad cells, a zip bomb, billion laughs, absurd repeats, a
 * cell past the last column, damaged archives) must not load, with exactly
 * the messages of X.expected, naming the sheet and cell where there is one.
 */
Test(form, broken_workbooks_give_exact_messages)
{
	const char *dir = "tests/forms/broken";
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[512], exp_path[512];
	size_t n_files = 0;

	cr_assert_not_null(dp, "cannot open %s", dir);
	while ((de = readdir(dp)) != NULL) {
		const char *dot = strrchr(de->d_name, '.');
		size_t len = 0;
		struct diag d;
		struct form *f;
		char *want, *got;

		if (dot == NULL || (strcmp(dot, ".xlsx") != 0 &&
		    strcmp(dot, ".ods") != 0))
			continue;
		n_files++;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(exp_path, sizeof(exp_path), "%s/%.*s.expected", dir,
		    (int)(dot - de->d_name), de->d_name);
		want = slurp(exp_path, &len);
		cr_assert_not_null(want, "%s has no .expected file", path);
		diag_init(&d);
		f = form_load_file(path, &d);
		got = dump(NULL, &d);
		cr_expect_null(f, "%s should not load", path);
		cr_expect_gt(d.n_errors, 0, "%s", path);
		cr_expect_str_eq(got, want, "%s: messages differ", path);
		free(got);
		free(want);
		form_free(f);
		diag_release(&d);
	}
	closedir(dp);
	cr_expect_geq(n_files, 8, "too few files in %s", dir);
}

/* LibreOffice's way of writing a sheet: empty rows and cells repeated to
 * the end of the sheet cost nothing; values repeated are expanded. */
Test(form, ods_repeats_comments_and_paragraphs)
{
	struct diag d;
	struct form *f;
	const struct question *q;

	diag_init(&d);
	f = form_load_file("tests/forms/workbooks/repeats.ods", &d);
	cr_assert_not_null(f);
	q = form_question(f, "n");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_NOTE);
	cr_expect_str_eq(form_text(f, &q->label, 0), "Bonjour  à vous\net merci");
	cr_assert_eq(f->n_lists, 1);
	cr_expect_str_eq(f->lists[0].choices[0].name, "x");
	cr_expect_eq(d.n, 2);
	form_free(f);
	diag_release(&d);
}

/*
 * Forms written for KoboToolbox or ODK load as they are: pyxform's
 * spellings of types and columns (issue 13).  Before, "select one from
 * yes_or_no" was told "a choice list name has no spaces" and
 * bind::constraint "not supported".
 */
Test(form, reads_pyxform_and_kobo_spellings)
{
	struct form *f = load_ok("tests/forms/valid/kobo_spellings.csv");
	const struct question *q;

	q = form_question(f, "venu");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_SELECT_ONE);
	cr_expect_str_eq(q->list->name, "yes_or_no");
	cr_expect_eq(q->required, 1);
	q = form_question(f, "pourquoi");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_TEXT);
	cr_expect_str_eq(q->relevant_src, "${venu} = 'yes'");
	cr_expect_str_eq(q->constraint_src, "string-length(.) <= 50");
	cr_expect_str_eq(form_text(f, &q->constraint_message, 0),
	    "50 caractères au plus.");
	cr_expect_eq(q->appearance, APP_MULTILINE);
	q = form_question(f, "couleurs");
	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_SELECT_MULTIPLE);
	cr_expect_str_eq(q->list->name, "couleurs");
	cr_expect_eq(q->appearance, APP_MINIMAL);
	cr_expect_eq(form_question(f, "autres")->type, Q_SELECT_MULTIPLE);
	cr_expect_not_null(form_choice(form_question(f, "encore")->list, "no"));
	form_free(f);
}

/* ---------------------------------------------- or_other and calculate */

/* 2026-12-02: select ... or_other and calculate, refused before. */
/* The added texts are read from en.po for the English version. */
Test(form, or_other_adds_a_choice_and_a_question,
    .init = i18n_init_here)
{
	struct form *f = load_ok("tests/forms/valid/autre_calcul.csv");
	const struct question *role = form_question(f, "role");
	const struct question *other = form_question(f, "role_other");
	const struct question *role2 = form_question(f, "role2");
	const struct question *envies = form_question(f, "envies_other");
	const struct choice *c;

	cr_assert_not_null(role);
	cr_assert_not_null(other);
	cr_assert_not_null(envies);
	cr_expect(role->or_other);
	cr_expect_not(role2->or_other);
	/* The choice is added to the question's list only. */
	c = form_choice(role->list, "other");
	cr_assert_not_null(c);
	cr_expect_str_eq(form_text(f, &c->label, 0), "Autre");
	cr_expect_str_eq(form_text(f, &c->label, 1), "Other");
	cr_expect_null(form_choice(role2->list, "other"));
	cr_expect_eq(role->list->n_choices, 3);
	cr_expect_eq(role2->list->n_choices, 2);
	/* The text question follows its select, shown for "other". */
	cr_expect_eq(other, role + 1);
	cr_expect_eq(other->type, Q_TEXT);
	cr_expect(other->synthetic);
	cr_expect_str_eq(other->relevant_src, "selected(${role}, 'other')");
	cr_expect_str_eq(form_text(f, &other->label, 0),
	    "Si autre, précisez :");
	cr_expect_str_eq(form_text(f, &other->label, 1),
	    "If other, please specify:");
	form_free(f);
}

Test(form, calculate_keeps_its_calculation)
{
	struct form *f = load_ok("tests/forms/valid/autre_calcul.csv");
	const struct question *q = form_question(f, "total");

	cr_assert_not_null(q);
	cr_expect_eq(q->type, Q_CALCULATE);
	cr_expect_str_eq(q->calculation_src, "${adultes} + ${enfants}");
	cr_expect_not_null(q->calculation);
	form_free(f);
}

Test(form, or_other_and_calculate_mistakes_name_the_cell)
{
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "survey,,,,\n,type,name,label,calculation\n"
		  ",calculate,t,,\n",
		  "t.csv:3:15: error: survey!E3: la question calculate « t » "
		  "n'a pas de formule : écrivez-la dans la colonne "
		  "calculation" },
		{ "survey,,,,\n,type,name,label,calculation\n"
		  ",calculate,t,,${x} + 1\n",
		  "t.csv:3:15: error: survey!E3: calculation renvoie à une "
		  "question inconnue « ${x} »" },
		{ "survey,,,\n,type,name,label\n,select_one l or_other,a,A\n"
		  ",text,a_other,B\nchoices,,,\n,list_name,name,label\n"
		  ",l,x,X\n",
		  "t.csv:4:7: error: survey!C4: nom de question « a_other » "
		  "en double" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag d;
		struct form *f;
		char *s;

		diag_init(&d);
		f = form_parse("t.csv", cases[i].src, strlen(cases[i].src), &d);
		cr_expect_null(f, "case %zu loads", i);
		cr_assert(d.n >= 1, "case %zu: no message", i);
		s = diag_format(&d, 0);
		cr_expect(strncmp(s, cases[i].want, strlen(cases[i].want)) == 0,
		    "case %zu: %s", i, s);
		free(s);
		form_free(f);
		diag_release(&d);
	}
}

/* ------------------------------------------------------- choice_filter */

struct kv {
	const char *k, *v;
};

static const char *
kv_lookup(const char *name, void *arg)
{
	const struct kv *t = arg;

	for (; name != NULL && t->k != NULL; t++)
		if (strcmp(t->k, name) == 0)
			return t->v;
	return "";
}

/* The names of the choices of `q` offered given `answers`, joined. */
static char *
offered_names(const struct form *f, const char *qname, struct kv *answers)
{
	const struct question *q = form_question(f, qname);
	char *s = calloc(1, 512);

	cr_assert_not_null(q);
	for (size_t i = 0; i < q->list->n_choices; i++)
		if (form_choice_offered(f, q, &q->list->choices[i], kv_lookup,
		    answers)) {
			strcat(s, q->list->choices[i].name);
			strcat(s, " ");
		}
	return s;
}

Test(form, choice_filter_reads_the_choices_columns)
{
	struct form *f = load_ok("tests/forms/valid/cascade.csv");
	struct kv cher[] = { { "departement", "cher" },
	    { "commune", "bourges" }, { NULL, NULL } };
	struct kv none[] = { { NULL, NULL } };
	char *s;

	cr_assert_eq(f->n_choice_cols, 1);
	cr_expect_str_eq(f->choice_cols[0], "departement");
	s = offered_names(f, "commune", cher);
	cr_expect_str_eq(s, "bourges vierzon ");
	free(s);
	s = offered_names(f, "commune", none);
	cr_expect_str_eq(s, "");
	free(s);
	/* `name` is the choice's name; "Autre" (or_other) is always there. */
	s = offered_names(f, "autres", cher);
	cr_expect_str_eq(s, "chateauroux le_blanc other ");
	free(s);
	form_free(f);
}

Test(form, choice_filter_mistakes_name_the_cell)
{
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "survey,,,,\n,type,name,label,choice_filter\n"
		  ",select_one l,a,A,region = 'x'\nchoices,,,\n"
		  ",list_name,name,label\n,l,x,X\n",
		  "t.csv:3:19: error: survey!E3: le filtre de choix lit la "
		  "colonne « region », que la feuille choices n'a pas" },
		{ "survey,,,,\n,type,name,label,choice_filter\n"
		  ",select_one l,a,A,region = = 'x'\nchoices,,,,\n"
		  ",list_name,name,label,region\n,l,x,X,x\n",
		  "t.csv:3:19: error: survey!E3: filtre de choix "
		  "(choice_filter) invalide" },
		{ "survey,,,,\n,type,name,label,choice_filter\n"
		  ",text,a,A,x = 1\n",
		  "t.csv:3:11: warning: survey!E3: un filtre de choix" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag d;
		struct form *f;
		char *s;

		diag_init(&d);
		f = form_parse("t.csv", cases[i].src, strlen(cases[i].src), &d);
		cr_assert(d.n >= 1, "case %zu: no message", i);
		s = diag_format(&d, 0);
		cr_expect(strncmp(s, cases[i].want, strlen(cases[i].want)) == 0,
		    "case %zu: %s", i, s);
		free(s);
		form_free(f);
		diag_release(&d);
	}
}

/* ---------------------------------------------------------- media::image */

Test(form, images_of_questions_and_choices)
{
	struct form *f = load_ok("tests/forms/valid/images.csv");
	const struct question *q = form_question(f, "humeur");
	const char *type = NULL;

	cr_assert_not_null(q);
	cr_expect_str_eq(form_text(f, &q->image, 0), "visage.png");
	cr_expect_str_eq(form_text(f, &q->image, 1), "face.png");
	cr_expect_str_eq(form_text(f, &q->list->choices[0].image, 1),
	    "smiley-1.png");
	cr_expect_str_eq(form_text(f, &q->list->choices[2].image, 0), "");
	cr_expect(form_image_name("smiley-2.PNG", &type));
	cr_expect_str_eq(type, "image/png");
	cr_expect(form_image_name("a.jpeg", &type));
	cr_expect_str_eq(type, "image/jpeg");
	form_free(f);
}

Test(form, image_names_never_leave_the_forms_directory)
{
	static const char *const bad[] = { "../x.png", "a/b.png", ".x.png",
	    "x.svg", "x.png.exe", "", "é.png", "x y.png",
	    "abcdefghijklmnopqrstuvwxyz012.png" };
	struct diag d;
	struct form *f;
	char *s;
	static const char src[] = "survey,,,,\n,type,name,label,image\n"
	    ",text,a,A,../../etc/passwd.png\n";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_not(form_image_name(bad[i], NULL), "%s", bad[i]);
	diag_init(&d);
	f = form_parse("t.csv", src, strlen(src), &d);
	cr_expect_null(f);
	cr_assert(d.n >= 1);
	s = diag_format(&d, 0);
	cr_expect(strstr(s, "survey!E3: image « ../../etc/passwd.png » refusée")
	    != NULL, "%s", s);
	free(s);
	diag_release(&d);
}

/* ------------------------------------------------------------ comments */

/* 2026-12-02: rows and columns starting with '#' are comments. */
Test(form, comment_rows_and_columns_are_skipped)
{
	struct form *f = load_ok("tests/forms/valid/comments.csv");

	cr_expect_eq(f->n_questions, 3);
	cr_expect_str_eq(f->questions[0].name, "nom");
	cr_expect_null(form_question(f, "ancienne"));
	cr_expect_eq(f->n_lists, 1);
	cr_expect_eq(f->lists[0].n_choices, 2);
	cr_expect_str_eq(f->id, "comments");
	form_free(f);
}

/* ------------------------------------------- workbooks saved by LibreOffice */

/* The model of definition src[0..len) parsed as `name`. */
static char *
model_of_buf(const char *name, const char *src, size_t len)
{
	struct sbuf b = { NULL, 0, 0 };
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_parse(name, src, len, &d);
	cr_assert_not_null(f, "%s does not load", name);
	sb_printf(&b, "%s", "");
	dump_form(&b, f, 0);
	form_free(f);
	diag_release(&d);
	return b.s;
}

/*
 * tests/forms/workbooks/libreoffice: workbooks saved by LibreOffice Calc
 * 7.4 (as .ods, and as .xlsx with its "Excel 2007-365" filter) from the
 * bundled forms and tests/forms/bilingue.csv: shared strings and styles,
 * a hidden sheet, columns repeated to the 16384th, rich text runs ("déjà"
 * in bold in a label) and a date cell (the default of `quand`, 2026-11-20,
 * stored as a number with a date style in the .xlsx).  Each gives the
 * model of its CSV, with the XML given to Expat whole and 1, 2, 3, 61 and
 * 4093 bytes at a time: every split of every entry.
 */
Test(form, libreoffice_workbooks_give_the_csv_model_at_every_split)
{
	static const char *const names[] = { "rencontre-reseau",
	    "visite-structure", "bilingue" };
	static const char *const exts[] = { "ods", "xlsx" };
	static const size_t chunks[] = { 0, 1, 2, 3, 61, 4093 };
	char path[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *want, *src, *p;
		size_t len = 0;

		if (strcmp(names[i], "bilingue") == 0) {
			static const char row[] = ",date,quand,Date de votre "
			    "première venue,Date of your first visit,,,,${venu} "
			    "= 'oui',,,,,,";
			char *fixed;

			src = slurp("tests/forms/bilingue.csv", &len);
			cr_assert_not_null(src);
			p = strstr(src, row);
			cr_assert_not_null(p);
			fixed = malloc(len + 16);
			cr_assert_not_null(fixed);
			snprintf(fixed, len + 16, "%.*s%s2026-11-20%s",
			    (int)(p - src), src, row, p + strlen(row));
			want = model_of_buf("bilingue.csv", fixed,
			    strlen(fixed));
			free(fixed);
			free(src);
		} else {
			snprintf(path, sizeof(path), "forms/%s.csv", names[i]);
			want = model_of(path);
		}
		for (size_t k = 0; k < sizeof(exts) / sizeof(*exts); k++)
			for (size_t c = 0; c < sizeof(chunks) /
			    sizeof(*chunks); c++) {
				char *got;

				snprintf(path, sizeof(path), "tests/forms/"
				    "workbooks/libreoffice/%s.%s", names[i],
				    exts[k]);
				sheet_zip_set_chunk(chunks[c]);
				got = model_of(path);
				sheet_zip_set_chunk(0);
				cr_expect_str_eq(got, want, "%s (chunk %zu) "
				    "differs from its CSV", path, chunks[c]);
				free(got);
			}
		free(want);
	}
}

/* 2026-12-02: a choice_filter of one-letter names ("a=b") overflowed the
 * rewritten expression's buffer (fuzz_form, AddressSanitizer). */
Test(form, choice_filter_of_short_names_fits)
{
	static const char src[] = "survey,,,,\n,type,name,label,choice_filter\n"
	    ",select_one l,q,Q,a=b or c=d and e!=f or g\nchoices,,,,,,,,,,\n"
	    ",list_name,name,label,a,b,c,d,e,f,g\n,l,x,X,1,1,2,2,3,4,5\n";
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_parse("t.csv", src, strlen(src), &d);
	cr_expect_not_null(f);
	form_free(f);
	diag_release(&d);
}
