/*
 * html_paper.c - the paper twin of a form and the page that types paper
 * sheets in (see html_paper.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "answers.h"
#include "expr.h"
#include "form.h"
#include "html.h"
#include "html_admin.h"
#include "html_paper.h"
#include "i18n.h"
#include "meeting.h"
#include "qr.h"
#include "util.h"

#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")

/*
 * A4, black on white, boxes drawn with borders (no glyph a printer's font
 * could lack), a question never cut by a page break.
 */
static const char paper_css[] =
    "@page{size:A4;margin:14mm}"
    "main{max-width:46rem}"
    "h1{font-size:1.4rem;margin:0 0 .25rem}"
    ".phead{display:flex;justify-content:space-between;gap:1rem;"
    "align-items:flex-start}"
    ".phead svg{width:28mm;height:28mm;flex:none}"
    ".sheetno{border:2px solid #000;padding:.25rem .75rem;white-space:nowrap}"
    ".pq{break-inside:avoid;margin:0 0 1.1rem}"
    ".pq h2{font-size:1.05rem;margin:0 0 .3rem}"
    ".pgrp{font-size:1.15rem;border-bottom:2px solid #000;margin:1rem 0 .5rem}"
    ".how{font-size:.9rem;font-style:italic;margin:0 0 .3rem}"
    ".boxes{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;"
    "gap:.3rem 1.5rem}"
    ".box{display:inline-block;width:1.1rem;height:1.1rem;border:2px solid #000;"
    "vertical-align:-.2rem;margin-right:.5rem;background:#fff}"
    ".wline{border-bottom:1px solid #000;height:2rem}"
    ".ok{border:3px solid #1b6b2f;padding:.5rem .75rem;background:#fff}"
    "@media print{body{background:#fff;font-size:11pt}.noprint{display:none}"
    "a{color:#000;text-decoration:none}}";

const char *
html_paper_style(int which, size_t *len)
{
	if (which != 0)
		return NULL;
	*len = sizeof(paper_css) - 1;
	return paper_css;
}

/* ---- the printed form ------------------------------------------------- */

struct cond_words {
	const char *name;    /* the one question the condition reads */
	int several;         /* it reads more than one */
	const char *values[8];
	size_t n;
};

static void
cond_literal(const char *name, const char *literal, void *arg)
{
	struct cond_words *w = arg;

	if (name == NULL)
		return;
	if (w->name != NULL && strcmp(w->name, name) != 0)
		w->several = 1;
	w->name = name;
	if (w->n < sizeof(w->values) / sizeof(w->values[0]))
		w->values[w->n++] = literal;
}

/*
 * When to answer a conditional question, in words: « si vous avez
 * répondu A ou B à la question N » when the condition compares one
 * question with choices, else a general sentence.
 */
static void
paper_condition(struct evbuffer *out, const struct form *f,
    const struct question *q, const size_t *number)
{
	struct cond_words w = { NULL, 0, { NULL }, 0 };
	const struct question *ref;
	char *list, *sentence;

	expr_literals(q->relevant, cond_literal, &w);
	ref = w.name != NULL && !w.several ? form_question(f, w.name) : NULL;
	PUT(out, "<p class=\"how\">");
	if (ref == NULL || ref->list == NULL || w.n == 0) {
		ESC(out, _("Répondez seulement si cette question vous "
		    "concerne."));
		PUT(out, "</p>");
		return;
	}
	/* « Oui » ou « Parfois »: one sentence, escaped whole. */
	list = NULL;
	for (size_t i = 0; i < w.n; i++) {
		const struct choice *c = form_choice(ref->list, w.values[i]);
		const char *label = c != NULL ? form_text(f, &c->label, 0) :
		    w.values[i];
		char *longer = list == NULL ? xasprintf(_("« %s »"), label) :
		    xasprintf(_("%s ou « %s »"), list, label);

		free(list);
		list = longer;
	}
	sentence = xasprintf(_("Seulement si vous avez répondu %s à la "
	    "question %zu."), list, number[ref - f->questions]);
	ESC(out, sentence);
	PUT(out, "</p>");
	free(sentence);
	free(list);
}

static void
paper_boxes(struct evbuffer *out, const struct form *f,
    const struct question *q)
{
	PUT(out, "<ul class=\"boxes\">");
	if (q->type == Q_RANGE) {
		double step = q->range_step > 0 ? q->range_step : 1;
		int idx = 0;

		for (double v = q->range_start; v <= q->range_end + 1e-9 &&
		    idx < 100; v += step, idx++)
			evbuffer_add_printf(out, "<li><span class=\"box\">"
			    "</span>%g</li>", v);
	} else
		for (size_t c = 0; c < q->list->n_choices; c++) {
			PUT(out, "<li><span class=\"box\"></span>");
			ESC(out, form_text(f, &q->list->choices[c].label, 0));
			PUT(out, "</li>");
		}
	PUT(out, "</ul>");
}

static void
paper_question(struct evbuffer *out, const struct form *f,
    const struct question *q, const size_t *number, size_t n)
{
	const char *hint = form_text(f, &q->hint, 0);
	int lines = q->type == Q_TEXT && (q->appearance & APP_MULTILINE) ? 4 : 1;

	PUT(out, "<section class=\"pq\"><h2>");
	evbuffer_add_printf(out, "%zu. ", n);
	ESC(out, form_text(f, &q->label, 0));
	if (q->required) {
		PUT(out, " (");
		ESC(out, _("obligatoire"));
		PUT(out, ")");
	}
	PUT(out, "</h2>");
	if (q->relevant != NULL)
		paper_condition(out, f, q, number);
	if (*hint != '\0') {
		PUT(out, "<p class=\"how\">");
		ESC(out, hint);
		PUT(out, "</p>");
	}
	if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE) {
		PUT(out, "<p class=\"how\">");
		ESC(out, q->type == Q_SELECT_ONE ? _("Cochez une seule case.") :
		    _("Cochez une ou plusieurs cases."));
		PUT(out, "</p>");
	}
	if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE ||
	    q->type == Q_RANGE)
		paper_boxes(out, f, q);
	else if (q->type == Q_DATE)
		PUT(out, "<p>…… / …… / …………</p>");
	else
		while (lines-- > 0)
			PUT(out, "<div class=\"wline\"></div>");
	PUT(out, "</section>");
}

void
html_paper_print(struct evbuffer *out, const struct form *f,
    const struct meeting *m, const char *url)
{
	size_t *number = xcalloc(f->n_questions + 1, sizeof(*number)), n = 0;
	char *online;

	html_page_begin(out, m->title, "fr");
	PUT(out, "<style>");
	evbuffer_add(out, paper_css, sizeof(paper_css) - 1);
	PUT(out, "</style><div class=\"phead\"><div><h1>");
	ESC(out, m->title);
	PUT(out, "</h1><p>");
	ESC(out, m->date);
	if (m->place != NULL && *m->place != '\0') {
		PUT(out, " · ");
		ESC(out, m->place);
	}
	PUT(out, " · ");
	ESC(out, f->title);
	PUT(out, "</p><p class=\"sheetno\">");
	ESC(out, _("Feuille n°"));
	PUT(out, " ………</p></div>");
	(void)qr_svg(out, url, _("QR code du questionnaire en ligne"), 0);
	PUT(out, "</div><p>");
	online = xasprintf(_("Vous pouvez aussi répondre en ligne : scannez "
	    "le QR code ou ouvrez %s"), url);
	ESC(out, online);
	free(online);
	PUT(out, "</p>");
	for (size_t i = 0; i < f->n_questions; i++)
		if (f->questions[i].type != Q_BEGIN_GROUP &&
		    f->questions[i].type != Q_END_GROUP &&
		    f->questions[i].type != Q_NOTE)
			number[i] = ++n;
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		if (q->type == Q_NOTE) {
			PUT(out, "<p>");
			ESC(out, form_text(f, &q->label, 0));
			PUT(out, "</p>");
		} else if (q->type == Q_BEGIN_GROUP) {
			PUT(out, "<h2 class=\"pgrp\">");
			ESC(out, form_text(f, &q->label, 0));
			PUT(out, "</h2>");
		} else if (q->type != Q_END_GROUP)
			paper_question(out, f, q, number, number[i]);
	}
	html_notice(out, f);
	PUT(out, "<p class=\"noprint\"><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/saisie\">");
	ESC(out, _("Saisir les feuilles remplies"));
	PUT(out, "</a></p>");
	html_page_end(out);
	free(number);
}

/* ---- typing sheets in ------------------------------------------------- */

static void
sheet_field(struct evbuffer *out, const struct html_paper_entry *e)
{
	PUT(out, "<div class=\"q");
	if (e->sheet_error != NULL)
		PUT(out, " bad");
	PUT(out, "\"><label class=\"q\" for=\"q-_feuille\">");
	ESC(out, _("Numéro de la feuille"));
	PUT(out, "</label><p class=\"hint\" id=\"q-_feuille-hint\">");
	ESC(out, _("Celui écrit en haut de la feuille : une feuille n'est "
	    "saisie qu'une fois."));
	PUT(out, "</p>");
	if (e->sheet_error != NULL) {
		PUT(out, "<p class=\"err\" id=\"q-_feuille-err\">");
		ESC(out, e->sheet_error);
		PUT(out, "</p>");
	}
	evbuffer_add_printf(out, "<input type=\"text\" inputmode=\"numeric\" "
	    "id=\"q-_feuille\" name=\"_feuille\" autocomplete=\"off\" "
	    "aria-describedby=\"q-_feuille-hint%s\" value=\"%lld\"></div>",
	    e->sheet_error != NULL ? " q-_feuille-err" : "",
	    (long long)e->sheet);
}

void
html_paper_entry_page(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct form *f,
    const struct meeting *m, const struct html_paper_entry *e,
    const struct answers *a)
{
	size_t errors = (a != NULL ? a->n_errors : 0) + (e->sheet_error != NULL);

	html_admin_begin(out, ctx, _("Saisie des feuilles papier"));
	PUT(out, "<style>");
	evbuffer_add(out, paper_css, sizeof(paper_css) - 1);
	PUT(out, "</style><h1>");
	ESC(out, _("Saisie des feuilles papier"));
	PUT(out, " : ");
	ESC(out, m->title);
	PUT(out, "</h1>");
	if (e->saved > 0) {
		PUT(out, "<p class=\"ok\" role=\"status\">");
		evbuffer_add_printf(out, _("Feuille n° %lld enregistrée."),
		    (long long)e->saved);
		PUT(out, "</p>");
	}
	PUT(out, "<p id=\"typed\">");
	evbuffer_add_printf(out, _("Feuilles papier saisies pour cette "
	    "rencontre : %lld."), (long long)e->typed);
	PUT(out, "</p>");
	if (errors > 0) {
		PUT(out, "<p class=\"summary\" role=\"alert\">");
		evbuffer_add_printf(out, _("Réponses à corriger : %zu."),
		    errors);
		PUT(out, "</p>");
	}
	PUT(out, "<form method=\"post\" action=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/saisie\" accept-charset=\"utf-8\" autocomplete=\"off\" "
	    "novalidate>");
	html_admin_csrf(out, ctx);
	PUT(out, "<input type=\"hidden\" name=\"_token\" value=\"");
	ESC(out, e->token);
	PUT(out, "\">");
	sheet_field(out, e);
	html_form_fields(out, f, 0, a);
	PUT(out, "<p><button type=\"submit\">");
	ESC(out, _("Enregistrer cette feuille"));
	PUT(out, "</button></p></form><p><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/papier\">");
	ESC(out, _("Imprimer le questionnaire papier"));
	PUT(out, "</a> · <a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "\">");
	ESC(out, _("Retour à la rencontre"));
	PUT(out, "</a></p>");
	html_page_end(out);
}

void
html_paper_kiosk_page(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const char *url)
{
	html_admin_begin(out, ctx, _("Tablette de l'accueil"));
	PUT(out, "<h1>");
	ESC(out, _("Tablette de l'accueil"));
	PUT(out, " : ");
	ESC(out, m->title);
	PUT(out, "</h1><p>");
	ESC(out, _("Ouvrez ce lien sur la tablette du centre : après chaque "
	    "réponse, le questionnaire revient vide pour la personne "
	    "suivante, et rien de la personne précédente n'est gardé. Les "
	    "réponses sont comptées « tablette ». Ce lien ne montre aucun "
	    "résultat."));
	PUT(out, "</p><p class=\"link\"><a id=\"kiosk\" href=\"");
	ESC(out, url);
	PUT(out, "\">");
	ESC(out, url);
	PUT(out, "</a></p>");
	(void)qr_svg(out, url, _("QR code du lien de la tablette"), 0);
	PUT(out, "<p><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "\">");
	ESC(out, _("Retour à la rencontre"));
	PUT(out, "</a></p>");
	html_page_end(out);
}
