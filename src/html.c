/*
 * html.c - rendering of the public pages (see html.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "answers.h"
#include "expr.h"
#include "form.h"
#include "html.h"
#include "i18n.h"
#include "skip.h"
#include "store.h"
#include "util.h"

static struct html_site site = { HTML_CONTROLLER, "", 0 };

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
    ".bad{border-left:4px solid #a4000f;padding-left:.75rem}"
    ".bad input,.bad textarea,.bad select{border-color:#a4000f}"
    "input[type=text],input[type=date],textarea,select{width:100%;min-height:44px;"
    "font:inherit;padding:.5rem;border:2px solid #5c5c5c;border-radius:6px;"
    "background:#fff}"
    "textarea{min-height:6rem}"
    ".opt{display:flex;align-items:center;min-height:44px;gap:.75rem;"
    "padding:.25rem 0}"
    ".opt input{width:28px;height:28px;margin:0;flex:none}"
    ".scale{display:flex;flex-wrap:wrap;gap:.5rem}"
    ".scale .opt{flex-direction:column;justify-content:center;"
    "min-width:3.25rem;min-height:4rem;gap:.25rem;padding:.25rem .5rem;"
    "border:2px solid #5c5c5c;border-radius:6px;background:#fff;"
    "text-align:center}"
    ":focus{outline:3px solid #1b1b1b;outline-offset:2px}"
    ".lk .opt{flex:1 0 auto}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    ".langs{text-align:right;margin:0}"
    ".langs a{display:inline-block;min-height:44px;padding:.5rem}"
    "button{font:inherit;font-weight:600;min-height:48px;padding:.5rem 1.5rem;"
    "border:0;border-radius:6px;background:#0b4f8a;color:#fff;width:100%}"
    ".summary{border:3px solid #a4000f;padding:.75rem;margin-bottom:1.5rem;"
    "background:#fff}"
    ".summary h2{font-size:1.125rem;margin:0 0 .5rem}"
    ".notice{font-size:.875rem;color:#4a4a4a;margin-top:2rem}"
    ".meta{color:#4a4a4a;margin:-.5rem 0 1rem}"
    ".img{display:block;max-width:100%;height:auto;max-height:12rem;"
    "margin:0 0 .5rem}.opt .img{max-height:4rem;margin:0}"
    "[hidden]{display:none!important}"
    ".nav{display:flex;flex-direction:row-reverse;gap:.75rem}"
    ".facile{font-size:1.3rem}.opt i{font-size:2rem;font-style:normal}"
    "</style>";

const char *
html_style(size_t *len)
{
	*len = sizeof(style) - 1 - (sizeof("<style>") - 1) -
	    (sizeof("</style>") - 1);
	return style + sizeof("<style>") - 1;
}

/* The page head (with the inline style sheet) up to <body>. */
static void
page_head(struct evbuffer *out, const char *title, const char *lang)
{
	PUT(out, "<!DOCTYPE html><html lang=\"");
	html_escape(out, lang != NULL && *lang != '\0' ? lang : "fr");
	PUT(out, "\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<title>");
	html_escape(out, title);
	PUT(out, " – Recueil</title>");
	evbuffer_add(out, style, sizeof(style) - 1);
	PUT(out, "</head><body>");
}

void
html_page_begin(struct evbuffer *out, const char *title, const char *lang)
{
	page_head(out, title, lang);
	PUT(out, "<main>");
}

void
html_page_end(struct evbuffer *out)
{
	PUT(out, "</main></body></html>");
}

/* ---- dates and numbers ----------------------------------------------- */

/* The months, abbreviated as the Imprimerie nationale does. */
static const char *const months[12] = {
	N_("janv."), N_("févr."), N_("mars"), N_("avr."), N_("mai"),
	N_("juin"), N_("juil."), N_("août"), N_("sept."), N_("oct."),
	N_("nov."), N_("déc.")
};

const char *
html_month(int month)
{
	return month >= 0 && month < 12 ? _(months[month]) : "?";
}

#define NBSP "\xc2\xa0"

/* "1 déc. 2026" for a valid day, with non-breaking spaces; 0, or -1. */
static int
date_words(const char *iso, char *buf, size_t len)
{
	int y, m, d, n = 0;

	if (iso == NULL || strlen(iso) != 10 ||
	    sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    !date_valid(iso))
		return -1;
	snprintf(buf, len, "%d" NBSP "%s" NBSP "%d", d, html_month(m - 1), y);
	return 0;
}

void
html_date_text(struct evbuffer *out, const char *iso)
{
	char buf[64];

	html_escape(out, date_words(iso, buf, sizeof(buf)) == 0 ? buf :
	    iso != NULL ? iso : "");
}

void
html_date(struct evbuffer *out, const char *iso)
{
	char buf[64];

	if (date_words(iso, buf, sizeof(buf)) < 0) {
		html_escape(out, iso != NULL ? iso : "");
		return;
	}
	PUT(out, "<time datetime=\"");
	html_escape(out, iso);
	PUT(out, "\">");
	html_escape(out, buf);
	PUT(out, "</time>");
}

/* buf holds a number printed in C's locale: its point becomes a comma. */
static void
put_number(struct evbuffer *out, char *buf)
{
	char *dot = strchr(buf, '.');

	if (dot != NULL && i18n_lang() == I18N_FR)
		*dot = ',';
	/* A minus sign, not a hyphen. */
	if (buf[0] == '-') {
		PUT(out, "\xe2\x88\x92");
		buf++;
	}
	html_escape(out, buf);
}

void
html_decimal(struct evbuffer *out, double v, int digits)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*f", digits < 0 ? 0 : digits > 6 ? 6 :
	    digits, v);
	put_number(out, buf);
}

void
html_number(struct evbuffer *out, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%g", v);
	put_number(out, buf);
}

/* `s` percent-encoded for a query string value. */
static void
url_escape(struct evbuffer *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; s[i] != '\0' && i < 4096; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
			evbuffer_add(out, &s[i], 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			evbuffer_add(out, e, 3);
		}
	}
}

void
html_lang_switch(struct evbuffer *out, const char *here)
{
	int en = i18n_lang() == I18N_EN;

	/* The other language, named in itself. */
	PUT(out, "<p class=\"langs\"><a href=\"/langue?choix=");
	if (en)
		PUT(out, "fr");
	else
		PUT(out, "en");
	PUT(out, "&amp;suite=");
	url_escape(out, here != NULL && *here == '/' ? here : "/");
	if (en)
		PUT(out, "\" hreflang=\"fr\" lang=\"fr\">Français</a></p>");
	else
		PUT(out, "\" hreflang=\"en\" lang=\"en\">English</a></p>");
}

static void
codebox(struct evbuffer *out, const char *error, const char *code)
{
	PUT(out, "<form method=\"get\" action=\"/r\" class=\"q");
	if (error != NULL)
		PUT(out, " bad");
	PUT(out, "\"><label class=\"q\" for=\"code\">");
	html_escape(out, _("Code de la rencontre"));
	PUT(out, "</label><p class=\"hint\" id=\"code-hint\">");
	html_escape(out, _("Il est affiché dans la salle, par exemple "
	    "K7QX3MA."));
	PUT(out, "</p>");
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
	PUT(out, "\"><p><button type=\"submit\">");
	html_escape(out, _("Ouvrir le questionnaire"));
	PUT(out, "</button></p></form>");
}

void
html_home(struct evbuffer *out, const char *error, const char *code)
{
	html_page_begin(out, _("Donner son avis"), i18n_code(i18n_lang()));
	PUT(out, "<h1>");
	html_escape(out, _("Donner son avis après une rencontre"));
	PUT(out, "</h1>");
	codebox(out, error, code);
	/* After the box: the code stays the first stop of the Tab key. */
	html_lang_switch(out, "/");
	html_page_end(out);
}

void
html_error(struct evbuffer *out, const char *title, const char *message,
    int with_codebox, int english)
{
	html_page_begin(out, title, english ? "en" : "fr");
	PUT(out, "<h1>");
	html_escape(out, title);
	PUT(out, "</h1><p>");
	html_escape(out, message);
	PUT(out, "</p>");
	if (with_codebox) {
		codebox(out, NULL, NULL);
	} else {
		PUT(out, "<p><a href=\"/\">");
		html_escape(out, _("Retour à l'accueil"));
		PUT(out, "</a></p>");
	}
	html_page_end(out);
}

/* ---- the form --------------------------------------------------------- */

/*
 * The page around a form's questions speaks the form's language: English
 * for a form's English version, French for every other, whatever the
 * reader chose for the site.  The rendering functions below set the
 * thread's language (which _() reads) for their time and give the
 * previous one back: speak() returns what to give back to i18n_set_lang().
 */
static enum i18n_lang
speak(const struct form *f, size_t lang)
{
	enum i18n_lang was = i18n_lang();

	i18n_set_lang(answers_english(f, lang) ? I18N_EN : I18N_FR);
	return was;
}

/* An escaped sentence with one %s (a name, a title) put in it. */
static void
sentence(struct evbuffer *out, const char *fmt, const char *arg)
{
	char *t = xasprintf(fmt, arg);

	html_escape(out, t);
	free(t);
}

/* Whether question `q` is rendered as a group of options (fieldset). */
static int
is_group(const struct question *q)
{
	return q->type == Q_SELECT_MULTIPLE || q->type == Q_RANGE ||
	    (q->type == Q_SELECT_ONE && !(q->appearance & APP_MINIMAL));
}

static void
required_mark(struct evbuffer *out)
{
	PUT(out, "<span aria-hidden=\"true\"> *</span><span class=\"vh\"> ");
	/* TRANSLATORS: read by screen readers after a question's label. */
	html_escape(out, _("(obligatoire)"));
	PUT(out, "</span>");
}

/*
 * What every id of a question's elements starts with: "q-" on the public
 * page; the staff preview, which shows a form once per language on one
 * page, sets its own for the time of html_form_questions() so that no id
 * repeats (rendering runs on the loop thread only).
 */
static const char *id_prefix = "q-";

static void
attr_id(struct evbuffer *out, const struct question *q, const char *suffix)
{
	html_escape(out, id_prefix);
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

/*
 * A media::image of the form (a file next to it, served under /media/),
 * its alternative text the label it illustrates; nothing when none.
 */
static void
image(struct evbuffer *out, const struct form *f, const struct text *t,
    size_t lang, const char *alt)
{
	const char *name = form_text(f, t, lang);

	if (*name == '\0')
		return;
	PUT(out, "<img class=\"img\" src=\"/media/");
	html_escape(out, name);
	PUT(out, "\" alt=\"");
	html_escape(out, alt);
	PUT(out, "\">");
}

/*
 * A radio or checkbox inside its label, up to the input's end.  Only the
 * first option shown has an id (NAME-0, the error summary's link to the
 * question): the label around each input names it, and every id costs
 * bytes on a page near its budget.
 */
static void
opt_open(struct evbuffer *out, const struct question *q, const char *type,
    const char *value, int checked, int first)
{
	PUT(out, "<label class=\"opt\"><input type=\"");
	evbuffer_add(out, type, strlen(type));
	PUT(out, "\" name=\"");
	html_escape(out, q->name);
	PUT(out, "\"");
	if (first) {
		PUT(out, " id=\"");
		attr_id(out, q, "-0");
		PUT(out, "\"");
	}
	PUT(out, " value=\"");
	html_escape(out, value);
	PUT(out, "\"");
	if (checked)
		PUT(out, " checked");
	PUT(out, ">");
}

/* One option (the hint and error are tied to the fieldset around the
 * options); `img` is its picture (may be NULL). */
static void
option(struct evbuffer *out, const struct question *q, const char *type,
    const char *value, const char *label, int checked, int first,
    const char *img)
{
	opt_open(out, q, type, value, checked, first);
	if (img != NULL && *img != '\0') {
		PUT(out, "<img class=\"img\" src=\"/media/");
		html_escape(out, img);
		PUT(out, "\" alt=\"\">");
	}
	/* Bare text: an item of the label's flex row all the same. */
	html_escape(out, label);
	PUT(out, "</label>");
}

/*
 * The answers the page is rendered with, for choice filters: set by
 * form_questions() for the time of one rendering (loop thread only).
 * Cascading choices (choice_filter) are filtered once the answers they
 * read are known, that is when the page comes back after a submission
 * (a correction, the next step): the first page, with nothing answered
 * yet, offers every choice, and the server refuses one a filter excludes.
 */
static const struct answers *offer_answers;

static int
offered(const struct form *f, const struct question *q,
    const struct choice *c)
{
	if (q->choice_filter == NULL || offer_answers == NULL ||
	    !offer_answers->validated)
		return 1;
	return answers_choice_offered(offer_answers,
	    (size_t)(q - f->questions), c);
}

static void smiley(struct evbuffer *, const struct question *, const char *,
    const char *, int, int, int);

/* Face k of 5 for option idx of n, the scale stretched over the faces. */
static int
face_index(int idx, int n)
{
	return n > 1 ? (idx * 4 + (n - 1) / 2) / (n - 1) : 4;
}

/*
 * A satisfaction or agreement question of an easy-read form: a select_one
 * with appearance likert gets a face beside each choice, picked by the
 * choice's place in its list (the first the saddest, the last the
 * happiest, as smiley() does for a range), its label beside it: the
 * label names the radio, the face only illustrates it.  The "other"
 * choice of or_other, and a choice with its own picture, keep their
 * plain option.
 */
static int
face_scale(const struct form *f, const struct question *q)
{
	return f->easy_read && q->type == Q_SELECT_ONE &&
	    (q->appearance & APP_LIKERT) != 0;
}

static void
render_choices(struct evbuffer *out, const struct form *f,
    const struct question *q, size_t lang, const char *value)
{
	const char *type = q->type == Q_SELECT_MULTIPLE ? "checkbox" : "radio";
	int smileys = face_scale(f, q);
	int scale = !smileys && (q->appearance & APP_LIKERT) != 0;
	size_t n = q->list->n_choices - (q->or_other ? 1 : 0);
	int first = 1;

	/* A likert scale's options share each row; a rating's stay square.
	 * Faces go one per row: the choices' words are often long. */
	if (scale)
		PUT(out, "<div class=\"scale lk\">");
	for (size_t c = 0; c < q->list->n_choices; c++) {
		const struct choice *ch = &q->list->choices[c];
		const char *label = form_text(f, &ch->label, lang);
		const char *img = form_text(f, &ch->image, lang);
		int on = value != NULL && (q->type == Q_SELECT_MULTIPLE ?
		    answers_selected(value, ch->name) : strcmp(value, ch->name) == 0);

		if (!offered(f, q, ch))
			continue;
		if (smileys && c < n && *img == '\0')
			smiley(out, q, ch->name, label, on, first,
			    face_index((int)c, (int)n));
		else
			option(out, q, type, ch->name, label, on, first, img);
		first = 0;
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

		if (!offered(f, q, ch))
			continue;
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

/*
 * The easy-read form's scale (issue 16): a face per value, from the
 * saddest to the happiest.  On a range, the face is an image named by
 * words that say it, the value beside it; on a likert question, the
 * choice's `label` beside the face names the radio, and the face, which
 * only illustrates it, is hidden from screen readers (label NULL: a
 * range).
 */
static const char *const faces[5] = {
	"\xF0\x9F\x98\x9E", "\xF0\x9F\x99\x81", "\xF0\x9F\x98\x90",
	"\xF0\x9F\x99\x82", "\xF0\x9F\x98\x80"
};
static const char *const face_words[5] = {
	N_("Pas du tout content"), N_("Pas content"), N_("Moyen"),
	N_("Content"), N_("Très content")
};

static void
smiley(struct evbuffer *out, const struct question *q, const char *value,
    const char *label, int checked, int first, int k)
{
	opt_open(out, q, "radio", value, checked, first);
	/* <i>, the shortest element: a scale is on every step's page. */
	if (label == NULL) {
		PUT(out, "<i role=\"img\" aria-label=\"");
		html_escape(out, _(face_words[k]));
		PUT(out, "\">");
	} else
		PUT(out, "<i aria-hidden=\"true\">");
	evbuffer_add(out, faces[k], strlen(faces[k]));
	PUT(out, "</i>");
	html_escape(out, label != NULL ? label : value);
	PUT(out, "</label>");
}

static void
render_range(struct evbuffer *out, const struct question *q,
    const char *value, int easy)
{
	double step = q->range_step > 0 ? q->range_step : 1;
	int idx = 0, n = 0;

	for (double v = q->range_start; v <= q->range_end + 1e-9 && n < 100;
	    v += step)
		n++;
	PUT(out, "<div class=\"scale\">");
	for (double v = q->range_start; v <= q->range_end + 1e-9 && idx < 100;
	    v += step, idx++) {
		char buf[32];
		int on;

		snprintf(buf, sizeof(buf), "%g", v);
		on = value != NULL && strcmp(value, buf) == 0;
		if (easy)
			smiley(out, q, buf, NULL, on, idx == 0,
			    face_index(idx, n));
		else
			option(out, q, "radio", buf, buf, on, idx == 0, NULL);
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
		PUT(out, "\" rows=\"4\" autocomplete=\"off\"");
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
	/*
	 * Repeated on the free-text fields, where a suggestion would show
	 * the previous person's words: a field's own attribute wins over
	 * the form's in every browser.
	 */
	PUT(out, " autocomplete=\"off\"");
	described_by(out, q, hint, err);
	PUT(out, " value=\"");
	html_escape(out, value != NULL ? value : "");
	PUT(out, "\">");
}

/*
 * A single-quoted attribute: the data form of a condition is JSON, full
 * of double quotes that html_escape() would make six bytes each.
 */
static void
attr_sq(struct evbuffer *out, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
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

/*
 * What the page's script reads on the box of a question, group or note
 * (html_script.c): its name, its condition in data form, and whether the
 * step shown hides it.
 */
static void
box_attrs(struct evbuffer *out, const struct question *q, int hidden)
{
	if (q->name != NULL) {
		PUT(out, " data-n=\"");
		html_escape(out, q->name);
		PUT(out, "\"");
	}
	if (q->relevant != NULL) {
		char *d = expr_to_data(q->relevant);

		PUT(out, " data-r='");
		attr_sq(out, d);
		PUT(out, "'");
		free(d);
	}
	if (hidden)
		PUT(out, " hidden");
}

static void
render_question(struct evbuffer *out, const struct form *f,
    const struct question *q, size_t lang, const char *value,
    const char *err, int hidden)
{
	const char *label = form_text(f, &q->label, lang);
	const char *hint = form_text(f, &q->hint, lang);
	int has_hint = *hint != '\0', has_err = err != NULL;
	int group = is_group(q);

	if (group) {
		PUT(out, "<fieldset class=\"q");
		if (has_err)
			PUT(out, " bad");
		PUT(out, "\" id=\"");
		attr_id(out, q, "-box");
		PUT(out, "\"");
		box_attrs(out, q, hidden);
		described_by(out, q, has_hint, has_err);
		PUT(out, "><legend>");
		html_escape(out, label);
		if (q->required)
			required_mark(out);
		PUT(out, "</legend>");
		image(out, f, &q->image, lang, label);
		hint_and_error(out, q, hint, err);
		if (q->type == Q_RANGE)
			render_range(out, q, value, f->easy_read);
		else
			render_choices(out, f, q, lang, value);
		PUT(out, "</fieldset>");
		return;
	}
	PUT(out, "<div class=\"q");
	if (has_err)
		PUT(out, " bad");
	PUT(out, "\" id=\"");
	attr_id(out, q, "-box");
	PUT(out, "\"");
	box_attrs(out, q, hidden);
	PUT(out, "><label class=\"q\" for=\"");
	attr_id(out, q, "");
	PUT(out, "\">");
	html_escape(out, label);
	if (q->required)
		required_mark(out);
	PUT(out, "</label>");
	image(out, f, &q->image, lang, label);
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
	    "id=\"erreurs\" aria-labelledby=\"erreurs-titre\">"
	    "<h2 id=\"erreurs-titre\">");
	if (a->n_errors == 1)
		html_escape(out, _("Une réponse est à corriger"));
	else
		evbuffer_add_printf(out, P_("%zu réponse est à corriger",
		    "%zu réponses sont à corriger", a->n_errors), a->n_errors);
	PUT(out, "</h2><ul>");
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		int group = is_group(q);

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

/*
 * The privacy notice under every form (and on paper), in the thread's
 * language: one sentence per fact, so that each translates whole.
 */
static void
notice(struct evbuffer *out, const struct form *f)
{
	int days = form_retention(f, site.retention_days);
	/* The default controller is a phrase, read in the page's language. */
	const char *who = strcmp(site.controller, HTML_CONTROLLER) == 0 ?
	    _(HTML_CONTROLLER) : site.controller;

	PUT(out, "<p class=\"notice\">");
	html_escape(out, _("Vos réponses sont anonymes : nous n'enregistrons ni "
	    "votre nom, ni votre adresse IP, ni cookie."));
	PUT(out, " ");
	sentence(out, _("Elles sont recueillies par %s pour évaluer et "
	    "améliorer ses actions."), who);
	PUT(out, " ");
	if (days > 0)
		evbuffer_add_printf(out, P_("Elles sont conservées %d jour.",
		    "Elles sont conservées %d jours.", days), days);
	else
		html_escape(out, _("Elles sont conservées jusqu'à ce que le "
		    "centre les supprime."));
	PUT(out, " ");
	if (*site.contact != '\0')
		sentence(out, _("Pour les voir ou les faire effacer, écrivez à "
		    "%s."), site.contact);
	else
		html_escape(out, _("Pour les voir ou les faire effacer, "
		    "demandez au centre."));
	PUT(out, " ");
	html_escape(out, _("Vous pouvez aussi vous plaindre à la CNIL, qui "
	    "protège les données personnelles."));
	PUT(out, " ");
	/* What the page's script keeps (html_script.c), and for how long. */
	html_escape(out, _("Avant l'envoi, vos réponses restent seulement sur "
	    "ce téléphone, un jour au plus."));
	PUT(out, "</p>");
}

void
html_notice(struct evbuffer *out, const struct form *f)
{
	/* In the form's first language, as on its page by default. */
	enum i18n_lang was = speak(f, 0);

	notice(out, f);
	i18n_set_lang(was);
}

/* Links to the form in its other languages, when it has some. */
static void
language_links(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang)
{
	if (f->n_langs < 2 || f->lang_codes == NULL)
		return;
	PUT(out, "<nav class=\"langs\" aria-label=\"");
	html_escape(out, _("Langue"));
	PUT(out, "\">");
	for (size_t i = 0; i < f->n_langs; i++) {
		const char *c = f->lang_codes[i], *name = f->langs[i];
		const char *paren = strrchr(name, '(');
		size_t n = paren != NULL && paren > name ? (size_t)(paren - name) :
		    strlen(name);

		if (i == lang || c == NULL || *c == '\0')
			continue;
		while (n > 0 && name[n - 1] == ' ')
			n--;
		PUT(out, "<a href=\"/r/");
		html_escape(out, m->code);
		PUT(out, "?lang=");
		html_escape(out, c);
		PUT(out, "\" hreflang=\"");
		html_escape(out, c);
		PUT(out, "\" lang=\"");
		html_escape(out, c);
		PUT(out, "\">");
		{
			char *nm = xstrndup(name, n);

			html_escape(out, nm);
			free(nm);
		}
		PUT(out, "</a> ");
	}
	PUT(out, "</nav>");
}

static const char *
lang_code(const struct form *f, size_t lang)
{
	return f->lang_codes != NULL && lang < f->n_langs &&
	    f->lang_codes[lang] != NULL && *f->lang_codes[lang] != '\0' ?
	    f->lang_codes[lang] : "fr";
}

/* The page down to the form's opening tag. */
static void
form_head(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang, const struct answers *a)
{
	const char *code = lang_code(f, lang);
	int any_required = 0, errors = a != NULL && a->n_errors > 0;

	if (errors) {
		/* The title says it first: a screen reader reads it on load. */
		char *t = xasprintf(_("Erreur : %s"), m->title);

		html_page_begin(out, t, code);
		free(t);
	} else
		html_page_begin(out, m->title, code);
	language_links(out, f, m, lang);
	PUT(out, "<h1>");
	html_escape(out, m->title);
	PUT(out, "</h1><p class=\"meta\">");
	html_escape(out, f->title);
	PUT(out, "</p>");
	if (errors)
		error_summary(out, f, a, lang);
	for (size_t i = 0; i < f->n_questions; i++)
		any_required |= f->questions[i].required;
	if (any_required) {
		PUT(out, "<p class=\"hint\">");
		html_escape(out, _("Les questions avec une étoile (*) demandent "
		    "une réponse."));
		PUT(out, "</p>");
	}
}

/*
 * Every question, as a real control, the ones that the step does not show
 * hidden: a hidden control is still sent, so what was typed in other
 * steps travels with each step and nothing is lost.
 */
static void
form_questions(struct evbuffer *out, const struct form *f, size_t lang,
    const struct answers *a, const int *shown)
{
	int depth = 0;
	enum i18n_lang was = speak(f, lang);

	offer_answers = a;
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		const char *value = a != NULL ? a->values[i] : q->default_value;
		const char *err = a != NULL ? a->errors[i] : NULL;

		switch (q->type) {
		case Q_BEGIN_GROUP:
			PUT(out, "<fieldset class=\"group\"");
			box_attrs(out, q, !shown[i]);
			PUT(out, "><legend>");
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
		case Q_CALCULATE:
			/* Computed on the server when the answers arrive. */
			break;
		case Q_NOTE:
			PUT(out, "<p class=\"q\"");
			box_attrs(out, q, !shown[i]);
			PUT(out, ">");
			html_escape(out, form_text(f, &q->label, lang));
			PUT(out, "</p>");
			break;
		default:
			render_question(out, f, q, lang, value, err, !shown[i]);
			break;
		}
	}
	while (depth-- > 0)
		PUT(out, "</fieldset>");
	offer_answers = NULL;
	i18n_set_lang(was);
}

/*
 * The network message the script shows when sending fails, and the
 * buttons: "Suivant" (which the script turns into the send button) while
 * steps remain, "Précédent" after the first.  The default button comes
 * first, so that Enter in a field goes forward.
 */
static void
form_buttons(struct evbuffer *out, int step, int steps, int back)
{
	const char *send = _("Envoyer mes réponses");

	PUT(out, "<div id=\"net\" class=\"summary\" role=\"alert\" "
	    "tabindex=\"-1\" hidden><p>");
	html_escape(out, _("Pas de réseau. Vos réponses ne sont pas perdues : "
	    "elles restent sur ce téléphone et partiront quand le réseau "
	    "reviendra."));
	PUT(out, "</p><button type=\"button\" id=\"resend\">");
	html_escape(out, _("Renvoyer maintenant"));
	PUT(out, "</button></div><p class=\"nav\">");
	if (step + 1 < steps) {
		evbuffer_add_printf(out, "<button type=\"submit\" id=\"send\" "
		    "name=\"_go\" value=\"%d\" data-send=\"", step + 1);
		html_escape(out, send);
		PUT(out, "\">");
		/* TRANSLATORS: the button to the next screen of a form. */
		html_escape(out, _("Suivant"));
	} else {
		PUT(out, "<button type=\"submit\" id=\"send\">");
		html_escape(out, send);
	}
	PUT(out, "</button>");
	if (back) {
		evbuffer_add_printf(out, "<button type=\"submit\" id=\"prev\" "
		    "name=\"_go\" value=\"%d\">", step - 1);
		/* TRANSLATORS: the button to the previous screen of a form. */
		html_escape(out, _("Précédent"));
		PUT(out, "</button>");
	}
	PUT(out, "</p>");
}

void
html_script_tag(struct evbuffer *out)
{
	size_t len;
	const char *js = html_script(&len);

	PUT(out, "<script>");
	evbuffer_add(out, js, len);
	PUT(out, "</script>");
}

void
html_form_step(struct evbuffer *out, const struct form *f,
    const struct meeting *m, const struct html_form_opts *o,
    const struct answers *a)
{
	size_t n = f->n_questions > 0 ? f->n_questions : 1;
	int *level = xcalloc(n, sizeof(*level)), *shown = xcalloc(n,
	    sizeof(*shown));
	char **errors = xcalloc(n, sizeof(*errors));
	int steps = skip_levels(f, level);
	int step = o->step >= steps ? steps - 1 : o->step;
	enum i18n_lang was = speak(f, o->lang);
	struct answers view;

	if (step < 0 && f->easy_read) {
		/* One question per screen even then: the first to correct. */
		step = 0;
		for (size_t i = 0; a != NULL && i < f->n_questions; i++)
			if (a->errors[i] != NULL) {
				step = level[i];
				break;
			}
	}
	skip_shown(f, level, a != NULL && a->validated ? a->relevant : NULL,
	    step, shown);
	if (a != NULL) {
		/* Only the errors of what this step shows. */
		view = *a;
		view.errors = errors;
		view.n_errors = 0;
		for (size_t i = 0; i < f->n_questions; i++)
			if (shown[i] && a->errors[i] != NULL) {
				errors[i] = a->errors[i];
				view.n_errors++;
			}
		a = &view;
	}
	form_head(out, f, m, o->lang, a);
	PUT(out, "<form method=\"post\" action=\"/r/");
	html_escape(out, m->code);
	if (o->lang != 0) {
		PUT(out, "?lang=");
		html_escape(out, lang_code(f, o->lang));
	}
	/*
	 * autocomplete="off" on the form: Chromium and Firefox then neither
	 * restore its fields from the history entry when the next person
	 * presses Back after the thank-you page (the page itself is sent with
	 * Cache-Control: no-store, so it is fetched again, empty, with a fresh
	 * token), nor offer what the previous person typed as suggestions.
	 */
	PUT(out, "\" accept-charset=\"utf-8\" autocomplete=\"off\" novalidate "
	    "data-k=\"");
	html_escape(out, m->code);
	if (o->kiosk != NULL)
		PUT(out, "\" data-kiosk=\"1");
	/* Easy-read: one question per screen, with or without the script. */
	if (f->easy_read)
		PUT(out, "\" class=\"facile\" data-easy=\"1");
	PUT(out, "\"><input type=\"hidden\" name=\"_token\" value=\"");
	html_escape(out, o->token);
	PUT(out, "\">");
	if (o->kiosk != NULL) {
		PUT(out, "<input type=\"hidden\" name=\"_kiosk\" value=\"");
		html_escape(out, o->kiosk);
		PUT(out, "\">");
	}
	if (steps > 1 && step >= 0)
		evbuffer_add_printf(out, "<input type=\"hidden\" name=\"_at\" "
		    "value=\"%d\">", step);
	form_questions(out, f, o->lang, a, shown);
	form_buttons(out, step < 0 ? steps - 1 : step, steps, step > 0);
	PUT(out, "</form>");
	notice(out, f);
	html_script_tag(out);
	html_page_end(out);
	i18n_set_lang(was);
	free(level);
	free(shown);
	free(errors);
}

void
html_form(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang, const char *token,
    const struct answers *a)
{
	struct html_form_opts o = { lang, token, 0, NULL };

	/*
	 * Answers sent whole (a final "send") are known: every question
	 * relevant to them is shown, with its error.
	 */
	if (a != NULL && a->validated)
		o.step = -1;
	html_form_step(out, f, m, &o, a);
}

void
html_form_fields(struct evbuffer *out, const struct form *f, size_t lang,
    const struct answers *a)
{
	int *shown = xcalloc(f->n_questions > 0 ? f->n_questions : 1,
	    sizeof(*shown));

	for (size_t i = 0; i < f->n_questions; i++)
		shown[i] = 1;
	form_questions(out, f, lang, a, shown);
	free(shown);
}

void
html_form_questions(struct evbuffer *out, const struct form *f, size_t lang,
    const char *prefix)
{
	int *shown = xcalloc(f->n_questions > 0 ? f->n_questions : 1,
	    sizeof(*shown));

	/* The staff see every question, whatever its condition. */
	for (size_t i = 0; i < f->n_questions; i++)
		shown[i] = 1;
	id_prefix = prefix;
	form_questions(out, f, lang, NULL, shown);
	id_prefix = "q-";
	free(shown);
}

void
html_thanks(struct evbuffer *out, const struct meeting *m, int english,
    const char *next)
{
	enum i18n_lang was = i18n_lang();

	i18n_set_lang(english ? I18N_EN : I18N_FR);
	page_head(out, _("Merci"), i18n_code(i18n_lang()));
	/*
	 * data-done: the page's script erases the meeting's draft; data-next
	 * (kiosk): it goes back to an empty form after a few seconds.
	 */
	PUT(out, "<main data-done=\"");
	html_escape(out, m->code);
	if (next != NULL) {
		PUT(out, "\" data-next=\"");
		html_escape(out, next);
	}
	PUT(out, "\"><h1>");
	html_escape(out, _("Merci !"));
	PUT(out, "</h1><p>");
	sentence(out, _("Vos réponses à « %s » sont bien enregistrées."),
	    m->title);
	PUT(out, "</p>");
	if (next == NULL) {
		PUT(out, "<p>");
		html_escape(out, _("Vous pouvez fermer cette page."));
		PUT(out, "</p>");
	} else {
		/* A form, for the style of a large button. */
		PUT(out, "<form method=\"get\" action=\"/r/");
		html_escape(out, m->code);
		PUT(out, "/tablette\"><input type=\"hidden\" name=\"cle\" "
		    "value=\"");
		html_escape(out, strchr(next, '=') != NULL ?
		    strchr(next, '=') + 1 : "");
		PUT(out, "\"><button type=\"submit\">");
		/* TRANSLATORS: the kiosk's button for the next person. */
		html_escape(out, _("Nouvelle réponse"));
		PUT(out, "</button></form>");
	}
	html_script_tag(out);
	html_page_end(out);
	i18n_set_lang(was);
}
