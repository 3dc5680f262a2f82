/*
 * test_editor.c - the form editor's model (editor.c): every bundled form
 * and every form of the valid corpus read into a draft and written back
 * as the CSV layout loads to the same model, unknown columns ride along
 * and are listed, row and question operations, the "show only if"
 * builder, type spellings, and where a loader message points.
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

#include "diag.h"
#include "editor.h"
#include "form.h"

struct mem {
	char *buf;
	size_t len;
};

static void
cat(struct mem *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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
	m->buf = realloc(m->buf, m->len + (size_t)n + 1);
	memcpy(m->buf + m->len, s, (size_t)n + 1);
	m->len += (size_t)n;
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

	cat(&m, "id=%s title=%s version=%s\n", f->id, f->title,
	    opt(f->version));
	for (size_t i = 0; i < f->n_langs; i++)
		cat(&m, "lang %s\n", f->langs[i]);
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		cat(&m, "q %s %s list=%s req=%d app=%u rel=%s con=%s def=%s ",
		    form_type_name(q->type), opt(q->name),
		    q->list ? q->list->name : "-", q->required, q->appearance,
		    opt(q->relevant_src), opt(q->constraint_src),
		    opt(q->default_value));
		dump_text(&m, f, &q->label);
		dump_text(&m, f, &q->hint);
		dump_text(&m, f, &q->constraint_message);
		cat(&m, "\n");
	}
	for (size_t i = 0; i < f->n_lists; i++)
		for (size_t j = 0; j < f->lists[i].n_choices; j++) {
			cat(&m, "c %s %s ", f->lists[i].name,
			    f->lists[i].choices[j].name);
			dump_text(&m, f, &f->lists[i].choices[j].label);
			cat(&m, "\n");
		}
	for (size_t i = 0; i < f->n_indicators; i++)
		cat(&m, "i %s|%s|%s|%s|%s\n", f->indicators[i].objet,
		    f->indicators[i].indicateur,
		    form_measure_name(f->indicators[i].mesure),
		    opt(f->indicators[i].question), opt(f->indicators[i].valeur));
	return m.buf;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(fp, "%s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static struct form *
parse(const char *name, const char *buf, size_t len)
{
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_parse(name, buf, len, &d);
	for (size_t k = 0; f == NULL && k < d.n; k++) {
		char *s = diag_format(&d, k);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
	diag_release(&d);
	return f;
}

/* Read `path` into a draft and write it back as the CSV layout. */
static char *
through_editor(const char *path, const char *buf, size_t len, size_t *out)
{
	struct editor_book b;
	struct diag d;
	char *csv;

	diag_init(&d);
	cr_assert_eq(editor_read(&b, path, buf, len, &d), 0, "%s", path);
	csv = editor_csv(&b, out);
	editor_release(&b);
	diag_release(&d);
	return csv;
}

Test(editor, every_form_round_trips_through_a_draft)
{
	static const char *const dirs[] = { "forms", "tests/forms/valid" };
	size_t n = 0;

	for (size_t k = 0; k < 2; k++) {
		DIR *dir = opendir(dirs[k]);
		struct dirent *de;

		cr_assert_not_null(dir);
		while ((de = readdir(dir)) != NULL) {
			size_t len, len2, l = strlen(de->d_name);
			char *path, *buf, *csv, *csv2, *a, *b;
			struct form *f, *g;

			if (l < 5 || strcmp(de->d_name + l - 4, ".csv") != 0)
				continue;
			cr_assert(asprintf(&path, "%s/%s", dirs[k], de->d_name) > 0);
			buf = slurp(path, &len);
			f = parse(de->d_name, buf, len);
			cr_assert_not_null(f, "%s does not load", path);
			csv = through_editor(path, buf, len, &len2);
			g = parse(de->d_name, csv, len2);
			cr_assert_not_null(g, "%s: the draft does not load:\n%s",
			    path, csv);
			a = dump(f);
			b = dump(g);
			cr_assert_str_eq(a, b, "%s differs:\n%s", path, csv);
			/* Twice through gives the same bytes. */
			csv2 = through_editor(path, csv, len2, &len);
			cr_assert_str_eq(csv, csv2);
			free(a), free(b), free(csv), free(csv2), free(buf);
			free(path);
			form_free(f);
			form_free(g);
			n++;
		}
		closedir(dir);
	}
	cr_assert(n >= 4);
}

static const char unusual[] =
    "survey,,,,\r\n"
    ",type,name,label,x_couleur\r\n"
    ",text,q1,Question,bleu\r\n"
    "choices,,,,\r\n"
    ",list_name,name,label,\r\n"
    "settings,,,,\r\n"
    ",form_title,form_id,,\r\n"
    ",Essai,essai,,\r\n"
    "notes_internes,,,,\r\n"
    ",quoi,,,\r\n"
    ",garder ceci,,,\r\n";

Test(editor, unknown_columns_and_sheets_are_kept_and_listed)
{
	struct editor_book b;
	struct diag d;
	char **kept, *csv;
	size_t n, len;

	diag_init(&d);
	cr_assert_eq(editor_read(&b, "u.csv", unusual, strlen(unusual), &d), 0);
	n = editor_kept(&b, &kept);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(kept[0], "survey : x_couleur");
	cr_assert_str_eq(kept[1], "notes_internes");
	editor_strv_free(kept, n);
	csv = editor_csv(&b, &len);
	cr_assert_not_null(strstr(csv, ",text,q1,Question,bleu"), "%s", csv);
	cr_assert_not_null(strstr(csv, ",garder ceci,"), "%s", csv);
	free(csv);
	editor_release(&b);
	diag_release(&d);
}

Test(editor, a_blank_draft_with_questions_loads)
{
	struct editor_book b;
	struct form *f;
	char *csv;
	size_t len;
	long r;

	editor_blank(&b, "essai", "Un essai");
	cr_assert_eq(editor_question_add(&b, -1, "select_one oui_non", "venu",
	    "Êtes-vous venu ?"), 0);
	cr_assert_eq(editor_choice_add(&b, "oui_non", "oui", "Oui"), 0);
	cr_assert_eq(editor_choice_add(&b, "oui_non", "non", "Non"), 1);
	r = editor_question_add(&b, 0, "text", "pourquoi", "Pourquoi ?");
	cr_assert_eq(r, 1);
	cr_assert_eq(editor_set(editor_sheet(&b, "survey", 0), 1, "relevant",
	    NULL, "${venu} = 'non'"), 0);
	cr_assert_eq(editor_question_dup(&b, 1), 0);
	cr_assert_str_eq(editor_get(editor_sheet(&b, "survey", 0), 2, "name",
	    NULL), "pourquoi_2");
	csv = editor_csv(&b, &len);
	f = parse("essai.csv", csv, len);
	cr_assert_not_null(f, "%s", csv);
	cr_assert_str_eq(f->id, "essai");
	cr_assert_str_eq(f->title, "Un essai");
	cr_assert_eq(f->n_questions, 3);
	cr_assert_str_eq(f->questions[1].relevant_src, "${venu} = 'non'");
	form_free(f);
	free(csv);
	editor_release(&b);
}

Test(editor, rows_move_duplicate_and_delete)
{
	struct editor_book b;
	struct editor_sheet *sv;

	editor_blank(&b, "essai", "Essai");
	editor_question_add(&b, -1, "text", "a", "A");
	editor_question_add(&b, -1, "text", "b", "B");
	editor_question_add(&b, -1, "text", "c", "C");
	sv = editor_sheet(&b, "survey", 0);
	cr_assert_eq(editor_row_move(sv, 0, -1), -1);
	cr_assert_eq(editor_row_move(sv, 2, 1), -1);
	cr_assert_eq(editor_row_move(sv, 2, -1), 0);
	cr_assert_str_eq(editor_get(sv, 1, "name", NULL), "c");
	cr_assert_eq(editor_row_delete(sv, 0), 0);
	cr_assert_eq(sv->nrows, 2);
	cr_assert_str_eq(editor_get(sv, 0, "name", NULL), "c");
	cr_assert_eq(editor_row_delete(sv, 5), -1);
	cr_assert_eq(editor_row_dup(sv, 1), 0);
	cr_assert_str_eq(editor_get(sv, 2, "label", NULL), "B");
	editor_release(&b);
}

Test(editor, choices_move_within_their_list)
{
	struct editor_book b;
	struct editor_sheet *ch;

	editor_blank(&b, "essai", "Essai");
	editor_choice_add(&b, "l1", "a", "A");
	editor_choice_add(&b, "l2", "x", "X");
	editor_choice_add(&b, "l1", "b", "B");     /* goes after a */
	ch = editor_sheet(&b, "choices", 0);
	cr_assert_str_eq(editor_get(ch, 1, "name", NULL), "b");
	cr_assert_eq(editor_choice_move(&b, 1, -1), 0);
	cr_assert_str_eq(editor_get(ch, 0, "name", NULL), "b");
	cr_assert_eq(editor_choice_move(&b, 0, -1), -1);
	cr_assert_eq(editor_choice_move(&b, 2, -1), -1);   /* x is alone */
	editor_release(&b);
}

Test(editor, relevant_builder)
{
	static const struct {
		const char *q, *type, *op, *value, *want;
	} cases[] = {
		{ "venu", "select_one", "=", "non", "${venu} = 'non'" },
		{ "venu", "select_one", "!=", "oui", "${venu} != 'oui'" },
		{ "envies", "select_multiple", "selected", "visiter",
		    "selected(${envies}, 'visiter')" },
		{ "envies", "select_multiple", "not_selected", "visiter",
		    "not(selected(${envies}, 'visiter'))" },
		{ "age", "integer", "=", "12", "${age} = 12" },
		{ "age", "integer", "=", "douze", NULL },
		{ "nom", "text", "answered", NULL, "${nom} != ''" },
		{ "nom", "text", "empty", NULL, "${nom} = ''" },
		{ "nom", "text", "=", "l'eau", NULL },
		{ "nom", "text", "~", "x", NULL },
		{ "1nom", "text", "answered", NULL, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = editor_relevant_build(cases[i].q, cases[i].type,
		    cases[i].op, cases[i].value);

		if (cases[i].want == NULL)
			cr_assert_null(got, "case %zu: %s", i, got);
		else
			cr_assert_str_eq(got, cases[i].want, "case %zu", i);
		free(got);
	}
}

Test(editor, type_spellings)
{
	static const struct {
		const char *type, *base, *list;
	} cases[] = {
		{ "select_one oui_non", "select_one", "oui_non" },
		{ "select one from yes_no", "select_one", "yes_no" },
		{ "select all that apply from envies", "select_multiple", "envies" },
		{ "select_multiple envies", "select_multiple", "envies" },
		{ "begin group", "begin_group", "" },
		{ "string", "text", "" },
		{ "Integer", "integer", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char base[32];
		const char *list = editor_type_split(cases[i].type, base,
		    sizeof(base));

		cr_assert_str_eq(base, cases[i].base, "case %zu", i);
		cr_assert_str_eq(list, cases[i].list, "case %zu", i);
	}
}

Test(editor, columns_are_found_by_key_and_language)
{
	static const char src[] =
	    "survey,,,,,\n"
	    ",Type,Name,Label::Français (fr),bind::relevant,jr:constraintMsg\n"
	    ",text,q,Bonjour,${x} = 1,Trop long\n"
	    "settings,,,,,\n,form_id,,,,\n,k,,,,\n";
	struct editor_book b;
	struct diag d;
	const struct editor_sheet *sv;
	char **langs;
	size_t n;

	diag_init(&d);
	cr_assert_eq(editor_read(&b, "k.csv", src, strlen(src), &d), 0);
	sv = editor_sheet_c(&b, "survey");
	cr_assert_str_eq(editor_get(sv, 0, "label", "français (fr)"), "Bonjour");
	cr_assert_str_eq(editor_get(sv, 0, "relevant", NULL), "${x} = 1");
	cr_assert_str_eq(editor_get(sv, 0, "constraint_message", NULL),
	    "Trop long");
	n = editor_langs(&b, &langs);
	cr_assert_eq(n, 2);       /* Français (fr), and "" (constraintMsg) */
	editor_strv_free(langs, n);
	cr_assert_eq(editor_lang_add(&b, "English (en)"), 0);
	cr_assert_eq(editor_lang_add(&b, "english (EN)"), -1);
	editor_release(&b);
	diag_release(&d);
}

Test(editor, a_loader_message_points_at_its_row)
{
	struct editor_book b;
	struct diag d;
	struct form *f;
	char *csv;
	size_t len;
	long row = -2;
	int sheet;

	editor_blank(&b, "essai", "Essai");
	editor_question_add(&b, -1, "text", "a", "A");
	editor_question_add(&b, -1, "text", "b", "B");
	editor_set(editor_sheet(&b, "survey", 0), 1, "relevant", NULL,
	    "${inconnu} = 'x'");
	csv = editor_csv(&b, &len);
	diag_init(&d);
	f = form_parse("essai.csv", csv, len, &d);
	cr_assert_null(f);
	cr_assert(d.n_errors > 0);
	sheet = editor_locate(&b, d.msgs[0].line, &row);
	cr_assert_eq(sheet, 0);
	cr_assert_eq(row, 1, "line %d", d.msgs[0].line);
	diag_release(&d);
	free(csv);
	editor_release(&b);
}

Test(editor, names)
{
	cr_assert(editor_name_ok("q_1"));
	cr_assert(editor_name_ok("_x.y-z"));
	cr_assert_not(editor_name_ok("1q"));
	cr_assert_not(editor_name_ok("a b"));
	cr_assert_not(editor_name_ok(""));
	cr_assert_not_null(editor_measure("share"));
	cr_assert_null(editor_measure("median"));
}

/* The type picker offers exactly the loader's types. */
Test(editor, the_types_are_the_loaders)
{
	size_t n = 0, k = 0;

	for (int t = 0; t < 64; t++, n++) {
		const char *name = form_type_name((enum q_type)t);
		size_t i;

		if (name == NULL || strcmp(name, "?") == 0 || *name == '\0')
			break;
		for (i = 0; editor_types[i] != NULL; i++)
			if (strcmp(editor_types[i], name) == 0)
				break;
		cr_assert_not_null(editor_types[i], "%s is not offered", name);
	}
	while (editor_types[k] != NULL)
		k++;
	cr_assert_eq(k, n);
}

Test(editor, or_other_follows_the_list)
{
	char list[32];
	int other = -1;

	cr_assert_str_eq(editor_type_list("select_one centre or_other", list,
	    sizeof(list), &other), "centre");
	cr_assert_eq(other, 1);
	cr_assert_str_eq(editor_type_list("select one from oui_non", list,
	    sizeof(list), &other), "oui_non");
	cr_assert_eq(other, 0);
	cr_assert_str_eq(editor_type_list("text", list, sizeof(list), NULL), "");
}

/* The measure picker offers exactly the loader's measures. */
Test(editor, the_measures_are_the_loaders)
{
	size_t n = 0, k = 0;

	for (int m = 0; m < 64 && strcmp(form_measure_name((enum measure)m),
	    "?") != 0; m++, n++)
		cr_assert_not_null(editor_measure(form_measure_name(
		    (enum measure)m)), "%s", form_measure_name((enum measure)m));
	while (editor_measures[k].name != NULL)
		k++;
	cr_assert_eq(k, n);
}

/* ---- actions (editor_action.c) ---------------------------------------- */

#include "editor_action.h"

/* Fields as "key=value" strings, NULL-terminated. */
static const char *
kv_get(const void *arg, const char *key)
{
	const char *const *kv = arg;
	size_t n = strlen(key);

	for (size_t i = 0; kv[i] != NULL; i++)
		if (strncmp(kv[i], key, n) == 0 && kv[i][n] == '=')
			return kv[i] + n + 1;
	return NULL;
}

static int
act(struct editor_book *b, const char *name, const char *const *kv,
    struct editor_result *r)
{
	struct editor_fields f = { kv_get, kv };

	return editor_action(b, name, &f, r);
}

Test(editor_action, each_action_applies_or_is_refused)
{
	static const struct {
		const char *action;
		const char *kv[8];
		int rc;
		const char *sheet, *key;   /* then this cell of row `row` */
		long row;
		const char *want;
	} cases[] = {
		{ "q_add", { "type=select_one", "new_list=oui_non", "name=venu",
		    "label=Venu ?", NULL }, 0, "survey", "type", 0,
		    "select_one oui_non" },
		{ "q_add", { "type=select_one", "name=x", "label=X", NULL }, 1,
		    NULL, NULL, 0, NULL },                 /* no list */
		{ "q_add", { "type=text", "name=venu", "label=Doublon", NULL }, 1,
		    NULL, NULL, 0, NULL },                 /* name taken */
		{ "q_add", { "type=photo", "name=p", "label=P", NULL }, 1, NULL,
		    NULL, 0, NULL },                       /* unknown type */
		{ "q_add", { "type=text", "label=Pourquoi ?", NULL }, 0, "survey",
		    "name", 1, "question" },               /* a name is given */
		{ "ch_add", { "list=oui_non", "name=oui", "label=Oui", NULL }, 0,
		    "choices", "name", 0, "oui" },
		{ "ch_add", { "list=oui_non", "name=oui", "label=Encore", NULL }, 1,
		    NULL, NULL, 0, NULL },                 /* code taken */
		{ "ch_add", { "list=oui_non", "name=non", "label=Non", NULL }, 0,
		    "choices", "label", 1, "Non" },
		{ "ch_up", { "crow=1", NULL }, 0, "choices", "name", 0, "non" },
		{ "ch_save", { "crow=0", "name=non", "label.0=Non merci", NULL }, 0,
		    "choices", "label", 0, "Non merci" },
		{ "ch_save", { "crow=0", "name=non", "image.0=non.png", NULL }, 0,
		    "choices", "image", 0, "non.png" },     /* media::image */
		{ "rel_build", { "row=1", "cond=venu|=|non", NULL }, 0, "survey",
		    "relevant", 1, "${venu} = 'non'" },
		{ "rel_build", { "row=1", "cond=venu|answered|", "combine=or",
		    NULL }, 0, "survey", "relevant", 1,
		    "(${venu} = 'non') or ${venu} != ''" },
		{ "rel_build", { "row=0", "cond=question|answered|", NULL }, 1,
		    NULL, NULL, 0, NULL },                 /* a later question */
		{ "q_save", { "row=0", "type=select_one", "list=oui_non",
		    "name=deja", "label.0=Déjà venu ?", "required=yes", NULL }, 0,
		    "survey", "relevant", 1, "(${deja} = 'non') or ${deja} != ''" },
		{ "ind_add", { "objet=Tisser", "indicateur=Venus", "mesure=count",
		    "question=deja", "valeur=oui", NULL }, 0, "indicators", "valeur",
		    0, "oui" },
		{ "ind_add", { "objet=Tisser", "indicateur=Venus", "mesure=count",
		    "question=deja", NULL }, 1, NULL, NULL, 0, NULL },  /* valeur */
		{ "ind_add", { "objet=O", "indicateur=Réunions",
		    "mesure=meetings", "question=deja", NULL }, 0, "indicators",
		    "question", 1, "" },                   /* not needed: dropped */
		{ "ind_up", { "irow=1", NULL }, 0, "indicators", "mesure", 0,
		    "meetings" },
		{ "settings", { "form_id=pas un id", "form_title=T", NULL }, 1,
		    NULL, NULL, 0, NULL },
		{ "settings", { "form_id=atelier", "form_title=Atelier", NULL }, 0,
		    "settings", "form_title", 0, "Atelier" },
		{ "lang_add", { "lang=English (en)", NULL }, 0, "survey", "label",
		    0, "Déjà venu ?" },              /* and two languages below */
		{ "lang_add", { "lang=english (EN)", NULL }, 1, NULL, NULL, 0,
		    NULL },
		{ "q_save", { "row=0", "type=select_one", "list=oui_non",
		    "name=deja", "label.0=Déjà venu ?", "or_other=1", NULL }, 0,
		    "survey", "type", 0, "select_one oui_non or_other" },
		{ "q_save", { "row=0", "type=select_one", "list=oui_non",
		    "name=deja", "label.0=Déjà venu ?", "required=yes", NULL }, 0,
		    "survey", "type", 0, "select_one oui_non" },
		{ "q_dup", { "row=0", NULL }, 0, "survey", "name", 1, "deja_2" },
		{ "q_del", { "row=1", NULL }, 0, "survey", "name", 1, "question" },
		{ "q_up", { "row=0", NULL }, 1, NULL, NULL, 0, NULL },
		{ "nothing", { NULL }, -1, NULL, NULL, 0, NULL },
	};
	struct editor_book b;

	editor_blank(&b, "essai", "Essai");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct editor_result r;
		int rc = act(&b, cases[i].action, cases[i].kv, &r);

		cr_assert_eq(rc, cases[i].rc, "case %zu (%s): %d, %s", i,
		    cases[i].action, rc, r.error);
		if (cases[i].sheet != NULL)
			cr_assert_str_eq(editor_get(editor_sheet(&b, cases[i].sheet, 0),
			    (size_t)cases[i].row, cases[i].key, NULL), cases[i].want,
			    "case %zu (%s)", i, cases[i].action);
	}
	{
		/* What was built loads, indicators included. */
		size_t len;
		char *csv = editor_csv_form(&b, &len);
		struct form *f = parse("atelier.csv", csv, len);

		cr_assert_not_null(f, "%s", csv);
		cr_assert_eq(f->n_indicators, 2);
		cr_assert_not_null(strstr(csv, ",media::image"), "%s", csv);
		cr_assert_eq(f->n_langs, 2);
		form_free(f);
		free(csv);
	}
	editor_release(&b);
}

Test(editor_action, conditions_offer_earlier_questions_and_their_choices)
{
	struct editor_book b;
	char **v, **l;
	size_t n;

	editor_blank(&b, "essai", "Essai");
	editor_question_add(&b, -1, "select_one oui_non", "venu", "Venu ?");
	editor_choice_add(&b, "oui_non", "oui", "Oui");
	editor_question_add(&b, -1, "text", "nom", "Nom");
	editor_question_add(&b, -1, "text", "fin", "Fin");
	n = editor_conditions(&b, 0, &v, &l);
	cr_assert_eq(n, 0);
	n = editor_conditions(&b, 2, &v, &l);
	cr_assert_eq(n, 7);      /* = oui, != oui, answered, empty x2, = */
	cr_assert_str_eq(v[0], "venu|=|oui");
	cr_assert_str_eq(l[0], "« Venu ? » : la réponse est « Oui »");
	cr_assert_str_eq(v[6], "nom|=|");
	editor_strv_free(v, n);
	editor_strv_free(l, n);
	editor_release(&b);
}

/* A sheet too big for the editor is refused, never cut. */
Test(editor, a_sheet_too_big_is_refused_whole)
{
	struct editor_book b;
	struct diag d;
	char *src = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&src, &len);

	fprintf(fp, "survey\n,type,name,label\n");
	for (int i = 0; i <= EDITOR_MAX_ROWS; i++)
		fprintf(fp, ",text,q%d,Q%d\n", i, i);
	fclose(fp);
	diag_init(&d);
	cr_assert_eq(editor_read(&b, "grand.csv", src, len, &d), -1);
	cr_assert_eq(d.n_errors, 1);
	cr_assert_not_null(strstr(d.msgs[0].text, "trop grande"));
	cr_assert_eq(b.n, 0);
	diag_release(&d);
	free(src);
}
