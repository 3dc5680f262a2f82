/*
 * test_export.c - export options, and the three exports run on a small
 * database through a memory sink (two versions of one form).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "diag.h"
#include "export.h"
#include "form.h"
#include "i18n.h"

/* The messages a test spells out are the English of po/en.po. */
static void
english(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
}
#include "registry.h"
#include "store.h"

/* ---- options ---------------------------------------------------------- */

struct opt_case {
	enum export_kind kind;
	const char *name, *value;
	const char *err;   /* NULL when accepted */
};

static const struct opt_case opt_cases[] = {
	{ EXPORT_RESPONSES, "form", "rencontre-reseau", NULL },
	{ EXPORT_RESPONSES, "form", "", "--form needs a value" },
	{ EXPORT_RESPONSES, "meeting", "k7qx-3mc", NULL },
	{ EXPORT_RESPONSES, "meeting", "??", "is not a meeting code" },
	{ EXPORT_RESPONSES, "from", "2026-02-28", NULL },
	{ EXPORT_RESPONSES, "from", "2026-02-29", "is not a date" },
	{ EXPORT_RESPONSES, "to", "31/12/2026", "is not a date" },
	{ EXPORT_RESPONSES, "sep", ";", NULL },
	{ EXPORT_RESPONSES, "sep", "tab", NULL },
	{ EXPORT_RESPONSES, "sep", "|", "--sep '|' is not a separator" },
	{ EXPORT_RESPONSES, "decimal", ",", NULL },
	{ EXPORT_RESPONSES, "decimal", "x", "--decimal 'x'" },
	{ EXPORT_RESPONSES, "bom", NULL, NULL },
	{ EXPORT_RESPONSES, "bom", "maybe", "takes no value" },
	{ EXPORT_RESPONSES, "codes", "1", NULL },
	{ EXPORT_RESPONSES, "excel-fr", NULL, NULL },
	{ EXPORT_RESPONSES, "by", "meeting", "stats export only" },
	{ EXPORT_STATS, "by", "meeting", NULL },
	{ EXPORT_STATS, "by", "form", "--by 'form'" },
	{ EXPORT_STATS, "min-count", "5", NULL },
	{ EXPORT_STATS, "min-count", "-1", "is not a count" },
	{ EXPORT_STATS, "min-count", "3x", "is not a count" },
	{ EXPORT_EVALUATION, "min-count", "3", "stats export only" },
	{ EXPORT_EVALUATION, "colour", "red", "unknown option --colour" },
	{ EXPORT_EVALUATION, "codes", "no", NULL },
	{ EXPORT_EVALUATION, "excel-fr", "on", NULL },
	{ EXPORT_EVALUATION, "excel-fr", "", "takes no value" },
	{ EXPORT_STATS, "min-count", "1000001", "is not a count" },
	{ EXPORT_STATS, "min-count", "", "--min-count needs a value" },
	{ EXPORT_STATS, "sep", NULL, "--sep needs a value" },
	{ EXPORT_STATS, "format", "xlsx", NULL },
	{ EXPORT_RESPONSES, "format", "ODS", NULL },
	{ EXPORT_EVALUATION, "format", "csv", NULL },
	{ EXPORT_EVALUATION, "format", "xls", "choose csv, xlsx or ods" },
	{ EXPORT_WORKBOOK, "format", "csv", "the workbook is written as xlsx or ods" },
	{ EXPORT_WORKBOOK, "min-count", "5", NULL },
};

/* The export names and the options' shape, as the CLI and the staff page
 * read them from export.c's tables. */
Test(export, kinds_and_option_shapes)
{
	static const struct {
		const char *name;
		int takes_value;           /* -1: unknown */
		int applies[3];            /* responses, stats, evaluation */
	} shapes[] = {
		{ "form", 1, { 1, 1, 1 } },
		{ "min-count", 1, { 0, 1, 0 } },
		{ "by", 1, { 0, 1, 0 } },
		{ "bom", 0, { 1, 1, 1 } },
		{ "excel-fr", 0, { 1, 1, 1 } },
		{ "format", 1, { 1, 1, 1 } },
		{ "colour", -1, { 0, 0, 0 } },
	};
	enum export_kind k = EXPORT_RESPONSES;
	char err[128] = "";

	english();
	for (size_t i = 0; i < sizeof(shapes) / sizeof(*shapes); i++) {
		cr_expect_eq(export_option_takes_value(shapes[i].name),
		    shapes[i].takes_value, "%s", shapes[i].name);
		cr_expect_eq(export_option_applies(EXPORT_RESPONSES,
		    shapes[i].name), shapes[i].applies[0], "%s", shapes[i].name);
		cr_expect_eq(export_option_applies(EXPORT_STATS,
		    shapes[i].name), shapes[i].applies[1], "%s", shapes[i].name);
		cr_expect_eq(export_option_applies(EXPORT_EVALUATION,
		    shapes[i].name), shapes[i].applies[2], "%s", shapes[i].name);
	}
	cr_expect_eq(export_kind_parse("stats", &k, err, sizeof(err)), 0);
	cr_expect_eq(k, EXPORT_STATS);
	cr_expect_str_eq(export_kind_name(k), "stats");
	cr_expect_eq(export_kind_parse("evaluation", &k, err, sizeof(err)), 0);
	cr_expect_eq(k, EXPORT_EVALUATION);
	cr_expect_eq(export_kind_parse("stats.csv", &k, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "'stats.csv' is not an export: use responses, "
	    "stats, evaluation or workbook");
	cr_expect_eq(export_kind_parse("workbook", &k, err, sizeof(err)), 0);
	cr_expect_eq(k, EXPORT_WORKBOOK);
}

Test(export, options)
{
	english();
	for (size_t i = 0; i < sizeof(opt_cases) / sizeof(opt_cases[0]); i++) {
		const struct opt_case *c = &opt_cases[i];
		struct export_options o;
		char err[256] = "";
		int rc;

		export_options_init(&o, c->kind);
		rc = export_option_set(&o, c->name, c->value, err, sizeof(err));
		if (c->err == NULL)
			cr_expect_eq(rc, 0, "--%s %s: %s", c->name, c->value, err);
		else {
			cr_expect_eq(rc, -1, "--%s %s accepted", c->name, c->value);
			cr_expect(strstr(err, c->err) != NULL, "--%s: '%s'", c->name,
			    err);
		}
	}
}

Test(export, excel_fr_preset_and_defaults)
{
	struct export_options o;
	char err[128];

	export_options_init(&o, EXPORT_STATS);
	cr_expect_eq(o.sep, ',');
	cr_expect_eq(o.decimal, '.');
	cr_expect_eq(o.bom, 0);
	cr_assert_eq(export_option_set(&o, "excel-fr", NULL, err, sizeof(err)),
	    0);
	cr_expect_eq(o.sep, ';');
	cr_expect_eq(o.decimal, ',');
	cr_expect_eq(o.bom, 1);
	cr_expect_str_eq(export_filename(EXPORT_STATS), "recueil-stats.csv");
}

/* ---- running on a small database ------------------------------------ */

static const char form_v1[] =
    "survey,,,\n"
    ",type,name,label\n"
    ",select_one yn,venu,Venu ?\n"
    ",select_multiple envies,envies,Envies\n"
    ",integer,age,Âge\n"
    ",text,mot,Un mot\n"
    "choices,,,\n"
    ",list_name,name,label\n"
    ",yn,oui,Oui\n"
    ",yn,non,Non\n"
    ",envies,a,Aller voir\n"
    ",envies,b,Bouger\n"
    "settings,,,\n"
    ",form_id,form_title,version\n"
    ",f,Formulaire,1\n"
    "indicators,,,,,\n"
    ",objet,indicateur,mesure,question,valeur\n"
    ",O1,Rencontres,meetings,,\n"
    ",O1,Réponses,responses,,\n"
    ",O2,Venus,count,venu,oui\n"
    ",O2,Part envie a,share,envies,a\n"
    ",O3,Âge moyen,mean,age,\n"
    ",O3,Mots,texts,mot,\n"
    ",O3,Envies distinctes,distinct,envies,\n";

/* Version 2 drops "age", adds "note" before "mot" and a choice "c". */
static const char form_v2[] =
    "survey,,,\n"
    ",type,name,label\n"
    ",select_one yn,venu,Venu ?\n"
    ",select_multiple envies,envies,Envies\n"
    ",range,note,Note,\n"
    ",text,mot,Un mot\n"
    "choices,,,\n"
    ",list_name,name,label\n"
    ",yn,oui,Oui\n"
    ",yn,non,Non\n"
    ",envies,a,Aller voir\n"
    ",envies,b,Bouger\n"
    ",envies,c,Chanter\n"
    "settings,,,\n"
    ",form_id,form_title,version\n"
    ",f,Formulaire,2\n"
    "indicators,,,,,\n"
    ",objet,indicateur,mesure,question,valeur\n"
    ",O1,Rencontres,meetings,,\n"
    ",O1,Réponses,responses,,\n"
    ",O2,Venus,count,venu,oui\n"
    ",O2,Part envie a,share,envies,a\n"
    ",O3,Note moyenne,mean,note,\n"
    ",O3,Mots,texts,mot,\n"
    ",O3,Envies distinctes,distinct,envies,\n"
    ",O4,Rencontres par niveau,levels,,\n"
    ",O4,Toutes,meetings,,\n"
    ",O4,Centres,centres,,\n";

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

/* struct meeting holds char *: tests lend it string literals. */
#define S(lit) ((char *)(uintptr_t)(lit))

static char dir[64];
static struct store *st;
static struct registry *reg;

static void
write_form(const char *src)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/f.csv", dir);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs(src, fp);
	fclose(fp);
}

/*
 * Response ids from a counter (1, 2, 3... in the random bits) instead of
 * libsodium, so that the rows' ids are known: all the responses here are
 * sent at 1774000000, so ids are 1774000000 * 2^31 + n (store.h).
 */
static uint32_t id_counter;
#define ID "380963599155200000"

static uint32_t
next_id_bits(void *arg)
{
	(void)arg;
	return ++id_counter;
}

static void
respond(int64_t meeting, int64_t version, int n, const char *venu,
    const char *envies, const char *age_or_note, const char *mot)
{
	static int token;
	struct answer a[4];
	struct submission sub;
	size_t k = 0;

	memset(&sub, 0, sizeof(sub));
	if (venu)
		a[k++] = (struct answer){ "venu", venu };
	if (envies)
		a[k++] = (struct answer){ "envies", envies };
	if (age_or_note)
		a[k++] = (struct answer){ version == 1 ? "age" : "note",
		    age_or_note };
	if (mot)
		a[k++] = (struct answer){ "mot", mot };
	for (int i = 0; i < n; i++) {
		token++;
		memcpy(sub.token, &token, sizeof(token));
		sub.meeting_id = meeting;
		sub.form_version_id = version;
		sub.submitted_at = 1774000000;   /* 2026-03-20T09:46:40Z */
		sub.answers = a;
		sub.n_answers = k;
		cr_assert_eq(store_response_add(st, &sub), 0);
	}
}

static void
setup(void)
{
	char err[256], path[128];
	struct diag d;
	struct meeting m1 = { 0 }, m2 = { 0 };

	setenv("TZ", "UTC", 1);
	snprintf(dir, sizeof(dir), "/tmp/test_export.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/db", dir);
	st = store_open(path, 0, err, sizeof(err));
	cr_assert_not_null(st, "%s", err);
	id_counter = 0;
	store_set_id_random(st, next_id_bits, NULL);
	diag_init(&d);
	write_form(form_v1);
	reg = registry_new(dir);
	cr_assert_eq(registry_load(reg, st, &d), 1);
	write_form(form_v2);
	cr_assert_eq(registry_load(reg, st, &d), 1);
	diag_release(&d);
	cr_assert_eq(registry_get(reg, "f")->version_id, 2);

	strcpy(m1.code, "AAAAAAA");
	m1.form_id = S("f");
	m1.title = S("Première");
	m1.date = S("2026-03-01");
	m1.level = S("Berry");
	m1.centre = S("Vierzon");
	cr_assert_eq(store_meeting_add(st, &m1), 0);
	strcpy(m2.code, "CCCCCCC");
	m2.form_id = S("f");
	m2.title = S("=Seconde");
	m2.date = S("2026-04-01");
	m2.level = S("visite");
	m2.centre = S("Le Blanc");
	cr_assert_eq(store_meeting_add(st, &m2), 0);
	respond(m1.id, 1, 1, "oui", "a b", "30", "Très \"bien\", merci");
	respond(m1.id, 1, 1, "non", NULL, "41", NULL);
	respond(m2.id, 2, 1, "oui", "c a", "4", "-fin");
	respond(m2.id, 2, 1, NULL, NULL, NULL, NULL);
}

static void
teardown(void)
{
	char cmd[128];

	registry_free(reg);
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

static char *
run(enum export_kind kind, const char *const *opts, int *rc)
{
	struct export_options o;
	struct mem m = { NULL, 0 };
	struct export_sink sink = { mem_write, &m };
	char err[512] = "";

	export_options_init(&o, kind);
	/* The columns' fixed names; header_titles checks the default. */
	o.header_names = 1;
	for (; opts != NULL && opts[0] != NULL; opts += 2)
		cr_assert_eq(export_option_set(&o, opts[0], opts[1], err,
		    sizeof(err)), 0, "%s", err);
	*rc = export_run(st, reg, &o, &sink, err, sizeof(err));
	if (*rc != 0) {
		free(m.buf);
		return strdup(err);
	}
	return m.buf != NULL ? m.buf : strdup("");
}

TestSuite(export_run, .init = setup, .fini = teardown);

Test(export_run, responses_merge_versions)
{
	int rc;
	char *out = run(EXPORT_RESPONSES, NULL, &rc);

	cr_assert_eq(rc, 0, "%s", out);
	cr_expect_str_eq(out,
	    "response_id,meeting_code,meeting_title,meeting_date,submitted_at,"
	    "channel,venu,envies,envies/a,envies/b,envies/c,age,note,mot\r\n"
	    ID "1,AAAAAAA,Première,2026-03-01,2026-03-20T09:46:40+00:00,web,Oui,"
	    "Aller voir; Bouger,1,1,,30,,\"Très \"\"bien\"\", merci\"\r\n"
	    ID "2,AAAAAAA,Première,2026-03-01,2026-03-20T09:46:40+00:00,web,Non,"
	    ",,,,41,,\r\n"
	    ID "3,CCCCCCC,\"'=Seconde\",2026-04-01,2026-03-20T09:46:40+00:00,web,Oui,"
	    "Chanter; Aller voir,1,0,1,,4,\"'-fin\"\r\n"
	    ID "4,CCCCCCC,\"'=Seconde\",2026-04-01,2026-03-20T09:46:40+00:00,web,,"
	    ",,,,,,\r\n");
	free(out);
}

Test(export_run, responses_codes_and_filters)
{
	static const char *const opts[] = { "codes", NULL, "meeting", "aaaaaaa",
	    "sep", ";", NULL };
	int rc;
	char *out = run(EXPORT_RESPONSES, opts, &rc);

	cr_assert_eq(rc, 0, "%s", out);
	cr_expect_str_eq(out,
	    "response_id;meeting_code;meeting_title;meeting_date;submitted_at;"
	    "channel;venu;envies;envies/a;envies/b;age;mot\r\n"
	    ID "1;AAAAAAA;Première;2026-03-01;2026-03-20T09:46:40+00:00;phone;oui;"
	    "a b;1;1;30;\"Très \"\"bien\"\", merci\"\r\n"
	    ID "2;AAAAAAA;Première;2026-03-01;2026-03-20T09:46:40+00:00;phone;non;"
	    ";;;41;\r\n");
	free(out);
}

Test(export_run, unknown_meeting_or_form_is_usage)
{
	static const char *const o1[] = { "meeting", "DDDDDDD", NULL };
	static const char *const o2[] = { "form", "nope", NULL };
	static const char *const o3[] = { "from", "2026-05-01", "to",
	    "2026-01-01", NULL };
	int rc;
	char *out;

	english();
	out = run(EXPORT_RESPONSES, o1, &rc);
	cr_expect_eq(rc, EXPORT_USAGE);
	cr_expect(strstr(out, "no meeting") != NULL, "%s", out);
	free(out);
	out = run(EXPORT_STATS, o2, &rc);
	cr_expect_eq(rc, EXPORT_USAGE);
	free(out);
	out = run(EXPORT_EVALUATION, o3, &rc);
	cr_expect_eq(rc, EXPORT_USAGE);
	free(out);
}

Test(export_run, stats)
{
	static const char *const opts[] = { "decimal", ",", "from", "2026-01-01",
	    NULL };
	int rc;
	char *out = run(EXPORT_STATS, opts, &rc);

	cr_assert_eq(rc, 0, "%s", out);
	cr_expect_str_eq(out,
	    "form,question,question_label,type,choice,choice_label,count,"
	    "percent,n,mean,median,min,max\r\n"
	    "f,,,responses,,,4,100,,,,,\r\n"
	    "f,channel,Canal de réponse,channel,phone,web,4,100,4,,,,\r\n"
	    "f,channel,Canal de réponse,channel,kiosk,tablette,0,0,4,,,,\r\n"
	    "f,channel,Canal de réponse,channel,paper,papier,0,0,4,,,,\r\n"
	    "f,venu,Venu ?,select_one,oui,Oui,2,50,3,,,,\r\n"
	    "f,venu,Venu ?,select_one,non,Non,1,25,3,,,,\r\n"
	    "f,envies,Envies,select_multiple,a,Aller voir,2,50,2,,,,\r\n"
	    "f,envies,Envies,select_multiple,b,Bouger,1,25,2,,,,\r\n"
	    "f,envies,Envies,select_multiple,c,Chanter,1,25,2,,,,\r\n"
	    "f,age,Âge,integer,,,2,50,2,\"35,5\",\"35,5\",30,41\r\n"
	    "f,note,Note,range,,,1,25,1,4,4,4,4\r\n"
	    "f,mot,Un mot,text,,,2,50,2,,,,\r\n");
	free(out);
}

Test(export_run, stats_by_meeting_with_min_count)
{
	static const char *const opts[] = { "by", "meeting", "min-count", "2",
	    NULL };
	int rc;
	char *out = run(EXPORT_STATS, opts, &rc);

	cr_assert_eq(rc, 0, "%s", out);
	/* The first meeting answered version 1 only, yet the columns are
	 * those of every version in the selection. */
	/* A count below --min-count reads "< N", without its percentage. */
	cr_expect(strstr(out, "f,AAAAAAA,Première,2026-03-01,venu,Venu ?,"
	    "select_one,oui,Oui,< 2,,2,,,,\r\n") != NULL, "%s", out);
	cr_expect(strstr(out, "f,AAAAAAA,Première,2026-03-01,age,Âge,integer,"
	    ",,2,100,2,35.5,35.5,30,41\r\n") != NULL, "%s", out);
	cr_expect(strstr(out, "f,CCCCCCC,\"'=Seconde\",2026-04-01,,,responses,"
	    ",,2,100,,,,,\r\n") != NULL, "%s", out);
	cr_expect(strstr(out, "f,CCCCCCC,\"'=Seconde\",2026-04-01,note,Note,"
	    "range,,,< 2,,< 2,,,,\r\n") != NULL, "%s", out);
	free(out);
}

Test(export_run, evaluation)
{
	static const char *const opts[] = { "to", "2026-03-31", NULL };
	int rc;
	char *out = run(EXPORT_EVALUATION, NULL, &rc);

	cr_assert_eq(rc, 0, "%s", out);
	cr_expect_str_eq(out,
	    "objet,indicateur,valeur,période\r\n"
	    "O1,Rencontres,2,2026-03-01/2026-04-01\r\n"
	    "O1,Réponses,4,2026-03-01/2026-04-01\r\n"
	    "O2,Venus,2,2026-03-01/2026-04-01\r\n"
	    "O2,Part envie a,50,2026-03-01/2026-04-01\r\n"
	    "O3,Note moyenne,4,2026-03-01/2026-04-01\r\n"
	    "O3,Mots,2,2026-03-01/2026-04-01\r\n"
	    "O3,Envies distinctes,3,2026-03-01/2026-04-01\r\n"
	    "O4,Rencontres par niveau : Berry,1,2026-03-01/2026-04-01\r\n"
	    "O4,Rencontres par niveau : visite,1,2026-03-01/2026-04-01\r\n"
	    "O4,Toutes,2,2026-03-01/2026-04-01\r\n"
	    "O4,Centres,2,2026-03-01/2026-04-01\r\n");
	free(out);
	out = run(EXPORT_EVALUATION, opts, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_expect(strstr(out, "O1,Réponses,2,2026-03-01/2026-03-31\r\n") != NULL, "%s",
	    out);
	cr_expect(strstr(out, "O3,Envies distinctes,2,2026-03-01/2026-03-31\r\n") != NULL,
	    "%s", out);
	free(out);
}

/* Without --header names, the fixed columns have French titles. */
Test(export_run, header_titles)
{
	static const char *const labels[] = { "header", "labels", NULL };
	static const char *const form[] = { "form", "f", NULL };
	int rc;
	char *out = run(EXPORT_STATS, labels, &rc);

	cr_assert_eq(rc, 0, "%s", out);
	cr_expect(strncmp(out, "Questionnaire,Question (nom),Question,Type,"
	    "Choix (nom),Choix,Effectif,Pourcentage,Valeurs,Moyenne,Médiane,"
	    "Minimum,Maximum\r\n", 110) == 0, "%s", out);
	free(out);
	out = run(EXPORT_RESPONSES, form, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_expect(strncmp(out, "response_id,meeting_code,", 25) == 0, "%s", out);
	free(out);
}
