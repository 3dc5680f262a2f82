/*
 * html.c - rendering of the public pages (see html.h).
 */
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

#include "answers.h"
#include "form.h"
#include "html.h"
#include "store.h"

static struct html_site site = { "le centre social", "", 0 };

void
html_set_site(const struct html_site *s)
{
	site = *s;
}

/* ---- escaping --------------------------------------------------------- */

void
html_escape(struct evbuffer *out, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (s > run)
			evbuffer_add(out, run, (size_t)(s - run));
		evbuffer_add(out, rep, strlen(rep));
		run = s + 1;
	}
	if (s > run)
		evbuffer_add(out, run, (size_t)(s - run));
}

#define PUT(out, lit) evbuffer_add((out), lit, sizeof(lit) - 1)

/* ---- page shell ------------------------------------------------------- */

/*
 * One small style sheet for every public page: large type and touch
 * targets of at least 44 px, visible focus, contrast above 4.5:1.
 */
static const char style[] =
    "<style>"
    "*{box-sizing:border-box}"
    "body{margin:0;font:1.125rem/1.5 system-ui,sans-serif;color:#1b1b1b;"
    "background:#f6f4ef}"
    "main{max-width:40rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}"
    "a{color:#0b4f8a}"
    "fieldset{border:0;margin:0 0 1.5rem;padding:0}"
    "legend,label.q{display:block;font-weight:600;margin-bottom:.5rem;padding:0}"
    ".q{margin:0 0 1.5rem}"
    ".group{border-left:4px solid #c9c2b3;padding-left:.75rem}"
    ".hint{color:#4a4a4a;margin:-.25rem 0 .5rem;font-size:1rem}"
    ".err{color:#a4000f;font-weight:600;margin:.25rem 0}"
    ".bad input,.bad textarea,.bad select{border-color:#a4000f}"
    "input[type=text],input[type=date],textarea,select{width:100%;min-height:44px;"
    "font:inherit;padding:.5rem;border:2px solid #5c5c5c;border-radius:6px;"
    "background:#fff}"
    "textarea{min-height:6rem}"
    ".opt{display:flex;align-items:center;min-height:44px;gap:.75rem;"
    "padding:.25rem 0}"
    ".opt input{width:28px;height:28px;margin:0;flex:none}"
    ".scale{display:flex;flex-wrap:wrap;gap:.5rem}"
    ".scale .opt{flex-direction:column;min-width:44px;gap:.25rem;"
    "text-align:center}"
    ":focus{outline:3px solid #e07a00;outline-offset:2px}"
    "button{font:inherit;font-weight:600;min-height:48px;padding:.5rem 1.5rem;"
    "border:0;border-radius:6px;background:#0b4f8a;color:#fff;width:100%}"
    ".summary{border:3px solid #a4000f;padding:.75rem;margin-bottom:1.5rem;"
    "background:#fff}"
    ".summary h2{font-size:1.125rem;margin:0 0 .5rem}"
    ".notice{font-size:.875rem;color:#4a4a4a;margin-top:2rem}"
    ".meta{color:#4a4a4a;margin:-.5rem 0 1rem}"
    "</style>";

const char *
html_style(size_t *len)
{
	*len = sizeof(style) - 1 - (sizeof("<style>") - 1) -
	    (sizeof("</style>") - 1);
	return style + sizeof("<style>") - 1;
}

void
html_page_begin(struct evbuffer *out, const char *title, const char *lang)
{
	PUT(out, "<!DOCTYPE html><html lang=\"");
	html_escape(out, lang != NULL && *lang != '\0' ? lang : "fr");
	PUT(out, "\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<title>");
	html_escape(out, title);
	PUT(out, " – Recueil</title>");
	evbuffer_add(out, style, sizeof(style) - 1);
	PUT(out, "</head><body><main>");
}

void
html_page_end(struct evbuffer *out)
{
	PUT(out, "</main></body></html>");
}

static void
codebox(struct evbuffer *out, const char *error, const char *code)
{
	PUT(out, "<form method=\"get\" action=\"/r\" class=\"q");
	if (error != NULL)
		PUT(out, " bad");
	PUT(out, "\"><label class=\"q\" for=\"code\">Code de la rencontre</label>"
	    "<p class=\"hint\" id=\"code-hint\">Il est affiché dans la salle, "
	    "par exemple K7QX2MA.</p>");
	if (error != NULL) {
		PUT(out, "<p class=\"err\" id=\"code-err\">");
		html_escape(out, error);
		PUT(out, "</p>");
	}
	PUT(out, "<input type=\"text\" id=\"code\" name=\"code\" "
	    "autocapitalize=\"characters\" autocomplete=\"off\" spellcheck=\"false\" "
	    "aria-describedby=\"code-hint");
	if (error != NULL)
		PUT(out, " code-err");
	PUT(out, "\" value=\"");
	html_escape(out, code != NULL ? code : "");
	PUT(out, "\"><p><button type=\"submit\">Ouvrir le questionnaire</button>"
	    "</p></form>");
}

void
html_home(struct evbuffer *out, const char *error, const char *code)
{
	html_page_begin(out, "Donner son avis", "fr");
	PUT(out, "<h1>Donner son avis après une rencontre</h1>");
	codebox(out, error, code);
	html_page_end(out);
}

void
html_error(struct evbuffer *out, const char *title, const char *message,
    int with_codebox)
{
	html_page_begin(out, title, "fr");
	PUT(out, "<h1>");
	html_escape(out, title);
	PUT(out, "</h1><p>");
	html_escape(out, message);
	PUT(out, "</p>");
	if (with_codebox)
		codebox(out, NULL, NULL);
	else
		PUT(out, "<p><a href=\"/\">Retour à l'accueil</a></p>");
	html_page_end(out);
}

/* ---- the form --------------------------------------------------------- */

static void
attr_id(struct evbuffer *out, const struct question *q, const char *suffix)
{
	PUT(out, "q-");
	html_escape(out, q->name);
	evbuffer_add(out, suffix, strlen(suffix));
}

/* aria-describedby listing the hint and the error when present. */
static void
described_by(struct evbuffer *out, const struct question *q, int hint,
    int err)
{
	if (!hint && !err)
		return;
	PUT(out, " aria-describedby=\"");
	if (hint)
		attr_id(out, q, "-hint");
	if (hint && err)
		PUT(out, " ");
	if (err)
		attr_id(out, q, "-err");
	PUT(out, "\"");
}

static void
hint_and_error(struct evbuffer *out, const struct question *q,
    const char *hint, const char *err)
{
	if (*hint != '\0') {
		PUT(out, "<p class=\"hint\" id=\"");
		attr_id(out, q, "-hint");
		PUT(out, "\">");
		html_escape(out, hint);
		PUT(out, "</p>");
	}
	if (err != NULL) {
		PUT(out, "<p class=\"err\" id=\"");
		attr_id(out, q, "-err");
		PUT(out, "\">");
		html_escape(out, err);
		PUT(out, "</p>");
	}
}

static void
option(struct evbuffer *out, const struct question *q, const char *type,
    const char *value, const char *label, int checked, int idx,
    int hint, int err)
{
	char n[16];

	snprintf(n, sizeof(n), "-%d", idx);
	PUT(out, "<label class=\"opt\"><input type=\"");
	evbuffer_add(out, type, strlen(type));
	PUT(out, "\" name=\"");
	html_escape(out, q->name);
	PUT(out, "\" id=\"");
	attr_id(out, q, n);
	PUT(out, "\" value=\"");
	html_escape(out, value);
	PUT(out, "\"");
	if (checked)
		PUT(out, " checked");
	if (idx == 0)
		described_by(out, q, hint, err);
	PUT(out, "><span>");
	html_escape(out, label);
	PUT(out, "</span></label>");
}

static void
render_choices(struct evbuffer *out, const struct form *f,
    const struct question *q, size_t lang, const char *value, int hint,
    int err)
{
	const char *type = q->type == Q_SELECT_MULTIPLE ? "checkbox" : "radio";
	int scale = (q->appearance & APP_LIKERT) != 0;

	if (scale)
		PUT(out, "<div class=\"scale\">");
	for (size_t c = 0; c < q->list->n_choices; c++) {
		const struct choice *ch = &q->list->choices[c];
		int on = value != NULL && (q->type == Q_SELECT_MULTIPLE ?
		    answers_selected(value, ch->name) : strcmp(value, ch->name) == 0);

		option(out, q, type, ch->name, form_text(f, &ch->label, lang), on,
		    (int)c, hint, err);
	}
	if (scale)
		PUT(out, "</div>");
}

static void
render_select(struct evbuffer *out, const struct form *f,
    const struct question *q, size_t lang, const char *value, int hint,
    int err)
{
	PUT(out, "<select name=\"");
	html_escape(out, q->name);
	PUT(out, "\" id=\"");
	attr_id(out, q, "");
	PUT(out, "\"");
	described_by(out, q, hint, err);
	PUT(out, "><option value=\"\">—</option>");
	for (size_t c = 0; c < q->list->n_choices; c++) {
		const struct choice *ch = &q->list->choices[c];

		PUT(out, "<option value=\"");
		html_escape(out, ch->name);
		PUT(out, "\"");
		if (value != NULL && strcmp(value, ch->name) == 0)
			PUT(out, " selected");
		PUT(out, ">");
		html_escape(out, form_text(f, &ch->label, lang));
		PUT(out, "</option>");
	}
	PUT(out, "</select>");
}

static void
render_range(struct evbuffer *out, const struct question *q,
    const char *value, int hint, int err)
{
	double step = q->range_step > 0 ? q->range_step : 1;
	int idx = 0;

	PUT(out, "<div class=\"scale\">");
	for (double v = q->range_start; v <= q->range_end + 1e-9 && idx < 100;
	    v += step, idx++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%g", v);
		option(out, q, "radio", buf, buf, value != NULL &&
		    strcmp(value, buf) == 0, idx, hint, err);
	}
	PUT(out, "</div>");
}

static void
render_input(struct evbuffer *out, const struct question *q,
    const char *value, int hint, int err)
{
	if (q->type == Q_TEXT && (q->appearance & APP_MULTILINE)) {
		PUT(out, "<textarea name=\"");
		html_escape(out, q->name);
		PUT(out, "\" id=\"");
		attr_id(out, q, "");
		PUT(out, "\" rows=\"4\"");
		described_by(out, q, hint, err);
		PUT(out, ">");
		html_escape(out, value != NULL ? value : "");
		PUT(out, "</textarea>");
		return;
	}
	PUT(out, "<input name=\"");
	html_escape(out, q->name);
	PUT(out, "\" id=\"");
	attr_id(out, q, "");
	PUT(out, "\"");
	switch (q->type) {
	case Q_DATE:
		PUT(out, " type=\"date\"");
		break;
	case Q_INTEGER:
		PUT(out, " type=\"text\" inputmode=\"numeric\"");
		break;
	case Q_DECIMAL:
		PUT(out, " type=\"text\" inputmode=\"decimal\"");
		break;
	default:
		PUT(out, " type=\"text\"");
		break;
	}
	described_by(out, q, hint, err);
	PUT(out, " value=\"");
	html_escape(out, value != NULL ? value : "");
	PUT(out, "\">");
}

static void
render_question(struct evbuffer *out, const struct form *f,
    const struct question *q, size_t lang, const char *value,
    const char *err)
{
	const char *label = form_text(f, &q->label, lang);
	const char *hint = form_text(f, &q->hint, lang);
	int has_hint = *hint != '\0', has_err = err != NULL;
	int group = q->type == Q_SELECT_MULTIPLE || q->type == Q_RANGE ||
	    (q->type == Q_SELECT_ONE && !(q->appearance & APP_MINIMAL));

	if (group) {
		PUT(out, "<fieldset class=\"q");
		if (has_err)
			PUT(out, " bad");
		PUT(out, "\" id=\"");
		attr_id(out, q, "-box");
		PUT(out, "\"><legend>");
		html_escape(out, label);
		if (q->required)
			PUT(out, " <span aria-hidden=\"true\">*</span>");
		PUT(out, "</legend>");
		hint_and_error(out, q, hint, err);
		if (q->type == Q_RANGE)
			render_range(out, q, value, has_hint, has_err);
		else
			render_choices(out, f, q, lang, value, has_hint, has_err);
		PUT(out, "</fieldset>");
		return;
	}
	PUT(out, "<div class=\"q");
	if (has_err)
		PUT(out, " bad");
	PUT(out, "\" id=\"");
	attr_id(out, q, "-box");
	PUT(out, "\"><label class=\"q\" for=\"");
	attr_id(out, q, "");
	PUT(out, "\">");
	html_escape(out, label);
	if (q->required)
		PUT(out, " <span aria-hidden=\"true\">*</span>");
	PUT(out, "</label>");
	hint_and_error(out, q, hint, err);
	if (q->type == Q_SELECT_ONE)
		render_select(out, f, q, lang, value, has_hint, has_err);
	else
		render_input(out, q, value, has_hint, has_err);
	PUT(out, "</div>");
}

static void
error_summary(struct evbuffer *out, const struct form *f,
    const struct answers *a, size_t lang)
{
	PUT(out, "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" "
	    "id=\"erreurs\"><h2>");
	if (a->n_errors == 1)
		PUT(out, "Une réponse est à corriger");
	else
		evbuffer_add_printf(out, "%zu réponses sont à corriger",
		    a->n_errors);
	PUT(out, "</h2><ul>");
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		int group = q->type == Q_SELECT_MULTIPLE || q->type == Q_RANGE ||
		    (q->type == Q_SELECT_ONE && !(q->appearance & APP_MINIMAL));

		if (a->errors[i] == NULL)
			continue;
		PUT(out, "<li><a href=\"#");
		attr_id(out, q, group ? "-0" : "");
		PUT(out, "\">");
		html_escape(out, form_text(f, &q->label, lang));
		PUT(out, "</a> : ");
		html_escape(out, a->errors[i]);
		PUT(out, "</li>");
	}
	PUT(out, "</ul></div>");
}

static void
notice(struct evbuffer *out)
{
	PUT(out, "<p class=\"notice\">Vos réponses sont anonymes : nous "
	    "n'enregistrons ni votre nom, ni votre adresse IP, ni cookie. Elles "
	    "sont recueillies par ");
	html_escape(out, site.controller);
	PUT(out, " pour évaluer ses actions et faire évoluer ses pratiques");
	if (site.retention_days > 0)
		evbuffer_add_printf(out, ", et conservées %d jours",
		    site.retention_days);
	else
		PUT(out, ", et conservées jusqu'à ce que le centre les supprime");
	PUT(out, ". Vous pouvez demander leur consultation ou leur suppression");
	if (*site.contact != '\0') {
		PUT(out, " auprès de ");
		html_escape(out, site.contact);
	} else
		PUT(out, " auprès du centre");
	PUT(out, ", ou adresser une réclamation à la CNIL.</p>");
}

void
html_form(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang, const char *token,
    const struct answers *a)
{
	const char *code = f->lang_codes != NULL && lang < f->n_langs &&
	    f->lang_codes[lang] != NULL && *f->lang_codes[lang] != '\0' ?
	    f->lang_codes[lang] : "fr";
	int depth = 0;

	html_page_begin(out, m->title, code);
	PUT(out, "<h1>");
	html_escape(out, m->title);
	PUT(out, "</h1><p class=\"meta\">");
	html_escape(out, f->title);
	PUT(out, "</p>");
	if (a != NULL && a->n_errors > 0)
		error_summary(out, f, a, lang);
	PUT(out, "<form method=\"post\" action=\"/r/");
	html_escape(out, m->code);
	if (lang != 0) {
		PUT(out, "?lang=");
		html_escape(out, code);
	}
	PUT(out, "\" accept-charset=\"utf-8\"><input type=\"hidden\" "
	    "name=\"_token\" value=\"");
	evbuffer_add(out, token, strlen(token));
	PUT(out, "\">");
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		const char *value = a != NULL ? a->values[i] : q->default_value;
		const char *err = a != NULL ? a->errors[i] : NULL;

		switch (q->type) {
		case Q_BEGIN_GROUP:
			PUT(out, "<fieldset class=\"group\"><legend>");
			html_escape(out, form_text(f, &q->label, lang));
			PUT(out, "</legend>");
			depth++;
			break;
		case Q_END_GROUP:
			if (depth > 0) {
				PUT(out, "</fieldset>");
				depth--;
			}
			break;
		case Q_NOTE:
			PUT(out, "<p class=\"q\">");
			html_escape(out, form_text(f, &q->label, lang));
			PUT(out, "</p>");
			break;
		default:
			render_question(out, f, q, lang, value, err);
			break;
		}
	}
	while (depth-- > 0)
		PUT(out, "</fieldset>");
	PUT(out, "<p><button type=\"submit\">Envoyer mes réponses</button></p>"
	    "</form>");
	notice(out);
	html_page_end(out);
}

void
html_thanks(struct evbuffer *out, const struct meeting *m)
{
	html_page_begin(out, "Merci", "fr");
	PUT(out, "<h1>Merci !</h1><p>Vos réponses à « ");
	html_escape(out, m->title);
	PUT(out, " » sont bien enregistrées.</p><p>Vous pouvez fermer cette "
	    "page.</p>");
	html_page_end(out);
}
