/*
 * test_formdiff.c - what changed between two versions of a form, in the
 * words the preview shows (formdiff.h): a table of (before, after,
 * expected lines).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "form.h"
#include "formdiff.h"

#define HEAD "survey,,,,\n,type,name,label,required\n"
#define YN "choices,,,,\n,list_name,name,label,\n,yn,oui,Oui,\n,yn,non,Non,\n"
#define SET(id) "settings,,,,\n,form_id,form_title,,\n," id ",Titre,,\n"

static struct form *
parse(const char *src)
{
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_parse("t.csv", src, strlen(src), &d);
	cr_assert_not_null(f, "does not load: %s", d.n ? d.msgs[0].text : "");
	diag_release(&d);
	return f;
}

struct diff_case {
	const char *name, *before, *after;
	const char *lines[6];
};

static const struct diff_case cases[] = {
	{ "identical", HEAD ",text,a,A ?,\n" SET("f"),
	    HEAD ",text,a,A ?,\n" SET("f"),
	    { "Aucun changement : c'est le fichier de la version servie." } },
	{ "only the layout", HEAD ",text,a,A ?,\n" SET("f"),
	    HEAD ",text,a,A ?,\n\n" SET("f"),
	    { "Aucun changement des questions, des choix ni des indicateurs "
	      "(seule la mise en forme du fichier diffère)." } },
	{ "added and removed in place",
	    HEAD ",text,a,A ?,\n,text,b,B ?,\n,text,c,C ?,\n" SET("f"),
	    HEAD ",text,a,A ?,\n,integer,n,N ?,\n,text,c,C ?,\n" SET("f"),
	    { "Question ajoutée : « N ? » (n, integer).",
	      "Question retirée : « B ? » (b). Ses réponses déjà reçues "
	      "restent dans les exports." } },
	{ "label, type, required",
	    HEAD ",text,a,A ?,\n" SET("f"),
	    HEAD ",integer,a,Âge ?,yes\n" SET("f"),
	    { "« a » : le type passe de text à integer.",
	      "« a » : libellé modifié : « A ? » devient « Âge ? ».",
	      "« a » devient obligatoire." } },
	{ "choices", HEAD ",select_one yn,q,Q ?,\n" YN SET("f"),
	    HEAD ",select_one yn,q,Q ?,\n" "choices,,,,\n,list_name,name,"
	    "label,\n,yn,oui,Oui !,\n,yn,nsp,Je ne sais pas,\n" SET("f"),
	    { "« q » : choix ajoutés : « Je ne sais pas ».",
	      "« q » : choix retirés : « Non ».",
	      "« q » : le choix « Oui » s'appelle maintenant « Oui ! »." } },
	{ "order and title",
	    HEAD ",text,a,A ?,\n,text,b,B ?,\n" SET("f"),
	    HEAD ",text,b,B ?,\n,text,a,A ?,\n"
	    "settings,,,,\n,form_id,form_title,,\n,f,Autre titre,,\n",
	    { "Titre modifié : « Titre » devient « Autre titre ».",
	      "L'ordre des questions a changé." } },
};

static void
check_case(const struct diff_case *c)
{
	struct form *a = parse(c->before), *b = parse(c->after);
	struct formdiff d;
	size_t n = 0;

	formdiff_compute(&d, a, b);
	while (n < 6 && c->lines[n] != NULL)
		n++;
	for (size_t i = 0; i < d.n && i < n; i++)
		cr_expect_str_eq(d.items[i].text, c->lines[i], "%s: line %zu",
		    c->name, i);
	cr_expect_eq(d.n, n, "%s: %zu lines, not %zu", c->name, d.n, n);
	formdiff_release(&d);
	form_free(a);
	form_free(b);
}

Test(formdiff, table)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
}

Test(formdiff, new_form_says_so)
{
	struct form *b = parse(HEAD ",text,a,A ?,\n" SET("neuf"));
	struct formdiff d;

	formdiff_compute(&d, NULL, b);
	cr_assert_eq(d.n, 1);
	cr_expect_eq(d.items[0].kind, FORMDIFF_FORM);
	cr_expect_str_eq(d.items[0].text, "Nouveau questionnaire : aucune "
	    "version n'est servie sous l'identifiant « neuf ».");
	formdiff_release(&d);
	form_free(b);
}

Test(formdiff, long_labels_are_cut_on_a_character)
{
	char before[2048], after[2048], label[400] = "";
	struct form *a, *b;
	struct formdiff d;

	for (int i = 0; i < 100; i++)
		strcat(label, "é");
	snprintf(before, sizeof(before), HEAD ",text,a,%s,\n" SET("f"), label);
	snprintf(after, sizeof(after), HEAD ",text,a,%sx,\n" SET("f"), label);
	a = parse(before);
	b = parse(after);
	formdiff_compute(&d, a, b);
	cr_assert_eq(d.n, 1);
	cr_expect(strstr(d.items[0].text, "éé…") != NULL, "%s",
	    d.items[0].text);
	cr_expect(strlen(d.items[0].text) < 250);
	formdiff_release(&d);
	form_free(a);
	form_free(b);
}
