/*
 * report.c - the printable bilan (see report.h).
 *
 * The page is built in an evbuffer, section by section, from the storage
 * module's export queries (the same selection as the exports: form,
 * meeting, dates) and the statistics core; nothing here computes a figure
 * the exports compute differently.  Every byte that comes from a form, a
 * meeting or an answer goes through html_escape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "code.h"
#include "export.h"
#include "form.h"
#include "html.h"
#include "i18n.h"
#include "meeting.h"
#include "period.h"
#include "registry.h"
#include "report.h"
#include "stats.h"
#include "store.h"
#include "util.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")

/* Meetings listed one by one in the participation section. */
#define MAX_LISTED_MEETINGS 1000
/* Bars of one chart (choices, or the values of a number question). */
#define MAX_BARS 60

/*
 * A4 on paper: 15 mm margins, no navigation, no button, sections kept
 * whole where they fit, headings never alone at the foot of a page.
 */
static const char report_css[] =
    "main{max-width:60rem}"
    "nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;"
    "border-bottom:2px solid #c9c2b3;padding-bottom:.5rem;margin-bottom:1rem}"
    "table{border-collapse:collapse;width:100%;margin:0 0 1.25rem;"
    "background:#fff}"
    "th,td{text-align:left;padding:.35rem .5rem;vertical-align:top;"
    "border-bottom:1px solid #c9c2b3}"
    "td.n,th.n{text-align:right;white-space:nowrap}"
    ".wrap{overflow-x:auto}"
    ".meta{color:#4a4a4a}"
    ".chart{width:100%;max-width:36rem;height:auto;display:block}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    ".note{border:2px solid #0b4f8a;padding:.5rem .75rem;background:#fff}"
    "blockquote{margin:0 0 .6rem;padding:.4rem .75rem;background:#fff;"
    "border-left:4px solid #0b4f8a;white-space:pre-wrap}"
    "section.q{break-inside:avoid;page-break-inside:avoid}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{background:#fff;color:#000;font-size:11pt}"
    "main{max-width:none;margin:0;padding:0}.wrap{overflow:visible}"
    "nav,.noprint,form,button{display:none!important}"
    "a{color:#000;text-decoration:none}"
    "h2,h3,h4{break-after:avoid;page-break-after:avoid}"
    "tr,blockquote{break-inside:avoid;page-break-inside:avoid}"
    "h2.part{break-before:page;page-break-before:always}}";

const char *
report_style(size_t *len)
{
	*len = sizeof(report_css) - 1;
	return report_css;
}

/* ---- options ---------------------------------------------------------- */

/* The selection's options, parsed by export.c's table. */
static const char *const sel_names[] = { "form", "meeting", "from", "to",
	"period" };

void
report_options_init(struct report_options *o)
{
	memset(o, 0, sizeof(*o));
	export_options_init(&o->sel, EXPORT_EVALUATION);
}

int
report_option_known(const char *name)
{
	for (size_t i = 0; i < sizeof(sel_names) / sizeof(*sel_names); i++)
		if (strcmp(sel_names[i], name) == 0)
			return 1;
	return strcmp(name, "min-count") == 0;
}

int
report_option_set(struct report_options *o, const char *name,
    const char *value, char *err, size_t errlen)
{
	if (!report_option_known(name)) {
		snprintf(err, errlen, _("option « --%s » inconnue (voir "
		    "--help)"), name);
		return -1;
	}
	if (value == NULL) {
		snprintf(err, errlen, _("--%s demande une valeur"), name);
		return -1;
	}
	if (strcmp(name, "min-count") == 0) {
		struct export_options st;

		/* The stats export's rule for the same option. */
		export_options_init(&st, EXPORT_STATS);
		if (export_option_set(&st, name, value, err, errlen) < 0)
			return -1;
		o->min_count = st.min_count;
		return 0;
	}
	return export_option_set(&o->sel, name, value, err, errlen);
}

/* ---- writing ---------------------------------------------------------- */

struct rep {
	struct store *s;
	struct registry *forms;
	const struct report_options *o;
	struct store_export_filter f;   /* the whole selection */
	struct evbuffer *out;
	char *err;
	size_t errlen;
	const struct meeting *only;     /* --meeting, else NULL */
};

static int
rep_store_err(struct rep *r)
{
	snprintf(r->err, r->errlen, "%s", store_error(r->s));
	return -1;
}

static void
put_tr(struct evbuffer *out, const char *s)
{
	ESC(out, s);
}

/* Translated text that keeps its apostrophes (French pages keep their
 * bytes): & < > " escaped, for an element or a double-quoted attribute. */
static void
put_say(struct evbuffer *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': PUT(out, "&amp;"); break;
		case '<': PUT(out, "&lt;"); break;
		case '>': PUT(out, "&gt;"); break;
		case '"': PUT(out, "&quot;"); break;
		default: evbuffer_add(out, s, 1); break;
		}
	}
}

/* A number as the reader writes it: a decimal comma in French. */
static void
number_text(char *buf, size_t len, double v, int prec)
{
	snprintf(buf, len, "%.*f", prec < 0 ? 0 : prec > 6 ? 6 : prec, v);
	for (char *p = buf; *p != '\0' && i18n_lang() == I18N_FR; p++)
		if (*p == '.')
			*p = ',';
}

static void
put_number(struct evbuffer *out, double v, int prec)
{
	char buf[64];

	number_text(buf, sizeof(buf), v, prec);
	evbuffer_add(out, buf, strlen(buf));
}

/* A count of people: "< N" when it is a small group. */
static void
put_count(struct evbuffer *out, int64_t n, int min_count)
{
	if (stats_hidden(n, min_count))
		evbuffer_add_printf(out, "&lt; %d", min_count);
	else
		evbuffer_add_printf(out, "%lld", (long long)n);
}

/*
 * "N réponses", or "< N réponses" for a small group: one sentence, so
 * that the words around the count translate together.
 */
static void
put_answers(struct evbuffer *out, int64_t n, int min_count)
{
	char num[32], *t;
	int hidden = stats_hidden(n, min_count);

	if (hidden)
		snprintf(num, sizeof(num), "< %d", min_count);
	else
		snprintf(num, sizeof(num), "%lld", (long long)n);
	t = xasprintf(P_("%s réponse", "%s réponses", hidden ? min_count : n),
	    num);
	ESC(out, t);
	free(t);
}

/* An escaped sentence with one %s put in it. */
static void
put_sentence(struct evbuffer *out, const char *fmt, const char *arg)
{
	char *t = xasprintf(fmt, arg);

	ESC(out, t);
	free(t);
}

/* The current definition of form `id`, else its newest stored one. */
static const struct form *
form_of(struct rep *r, const char *id)
{
	const struct form *f = registry_get(r->forms, id);
	int64_t vid;

	if (f != NULL)
		return f;
	if (store_export_latest_version(r->s, id, &vid) != 0)
		return NULL;
	return registry_version(r->forms, r->s, vid);
}

/* ---- the selection ---------------------------------------------------- */

/*
 * The filter of every section but the evaluation table (which takes the
 * periods one by one): --from/--to, or from the first day of the earliest
 * period to the last day of the latest.
 */
static int
rep_setup(struct rep *r, struct meeting *m)
{
	const struct export_options *o = &r->o->sel;
	char code[CODE_LEN + 1];
	int found;

	r->f.form_id = o->form_id;
	r->f.from = o->from;
	r->f.to = o->to;
	for (size_t k = 0; k < o->n_periods; k++) {
		if (r->f.from == NULL || strcmp(o->periods[k].from, r->f.from) < 0)
			r->f.from = o->periods[k].from;
		if (r->f.to == NULL || strcmp(o->periods[k].to, r->f.to) > 0)
			r->f.to = o->periods[k].to;
	}
	if (o->meeting != NULL) {
		/* export_evaluation_table checked it already. */
		if (code_normalize(o->meeting, code) < 0 ||
		    (found = store_meeting_get(r->s, code, m)) != 0) {
			snprintf(r->err, r->errlen, _("aucune rencontre n'a "
			    "le code « %s »"),
			    o->meeting);
			return -1;
		}
		r->f.meeting_id = m->id;
		r->only = m;
	}
	if (store_export_max_response(r->s, &r->f.max_response) < 0)
		return rep_store_err(r);
	return 0;
}

/* ---- the head of the page --------------------------------------------- */

/* An escaped sentence with two dates put in it. */
static void
put_range(struct evbuffer *out, const char *fmt, const char *from,
    const char *to)
{
	char *t = xasprintf(fmt, from, to);

	ESC(out, t);
	free(t);
}

static void
head_period(struct rep *r, const char *first, const char *last)
{
	const struct export_options *o = &r->o->sel;

	PUT(r->out, "<p class=\"meta\">");
	if (o->n_periods > 1) {
		struct evbuffer *l = evbuffer_new();
		char *list;

		for (size_t k = 0; l != NULL && k < o->n_periods; k++)
			evbuffer_add_printf(l, "%s%s", k > 0 ? ", " : "",
			    o->periods[k].label);
		if (l != NULL && evbuffer_add(l, "", 1) == 0) {
			list = (char *)evbuffer_pullup(l, -1);
			put_sentence(r->out, _("Périodes comparées : %s."), list);
			PUT(r->out, " ");
		}
		if (l != NULL)
			evbuffer_free(l);
	} else if (o->n_periods == 1) {
		put_sentence(r->out, _("Période : %s."), o->periods[0].label);
		PUT(r->out, " ");
	}
	if (r->f.from != NULL && r->f.to != NULL)
		put_range(r->out, _("Rencontres tenues du %s au %s."), r->f.from,
		    r->f.to);
	else if (r->f.from != NULL)
		put_sentence(r->out, _("Rencontres tenues à partir du %s."),
		    r->f.from);
	else if (r->f.to != NULL)
		put_sentence(r->out, _("Rencontres tenues jusqu'au %s."),
		    r->f.to);
	else if (*first != '\0') {
		put_range(r->out, _("Toutes les rencontres, du %s au %s."), first,
		    last);
	} else {
		put_tr(r->out, _("Aucune rencontre dans la sélection."));
	}
	PUT(r->out, "</p>");
}

static int
rep_head(struct rep *r)
{
	const struct form *f = r->o->sel.form_id != NULL ?
	    form_of(r, r->o->sel.form_id) : NULL;
	char *first = NULL, *last = NULL, *title;

	if (store_export_period(r->s, &r->f, &first, &last) < 0)
		return rep_store_err(r);
	if (r->only != NULL)
		title = xasprintf(_("Bilan de la rencontre « %s »"), r->only->title);
	else if (f != NULL)
		title = xasprintf(_("Bilan : %s"), f->title);
	else
		title = xstrdup(_("Bilan de tous les questionnaires"));
	html_page_begin(r->out, title, i18n_code(i18n_lang()));
	PUT(r->out, "<style>");
	evbuffer_add(r->out, report_css, sizeof(report_css) - 1);
	PUT(r->out, "</style>");
	if (r->o->staff) {
		PUT(r->out, "<nav aria-label=\"");
		put_say(r->out, _("Pages de l'équipe"));
		PUT(r->out, "\"><a href=\"/admin/\">");
		put_tr(r->out, _("Rencontres"));
		PUT(r->out, "</a><a href=\"/admin/report\">");
		put_tr(r->out, _("Choisir un autre bilan"));
		PUT(r->out, "</a></nav>");
	}
	PUT(r->out, "<h1>");
	ESC(r->out, title);
	PUT(r->out, "</h1>");
	if (r->only != NULL) {
		PUT(r->out, "<p class=\"meta\">");
		html_date(r->out, r->only->date);
		if (*r->only->centre != '\0') {
			PUT(r->out, " · ");
			ESC(r->out, r->only->centre);
		}
		PUT(r->out, "</p>");
	} else {
		head_period(r, first, last);
	}
	PUT(r->out, "<p class=\"note noprint\"><strong>");
	put_tr(r->out, _("Télécharger en PDF"));
	PUT(r->out, "</strong> : ");
	put_tr(r->out, _("imprimez cette page avec le navigateur (Ctrl+P, ou "
	    "Cmd+P sur Mac) et choisissez « Enregistrer au format PDF » comme "
	    "imprimante. La page est mise en forme pour le format A4 ; ce "
	    "paragraphe et la navigation ne sont pas imprimés."));
	PUT(r->out, "</p>");
	free(title);
	free(first);
	free(last);
	return 0;
}

/* ---- the evaluation table --------------------------------------------- */

static void
eval_cell(struct evbuffer *out, const struct period_cell *c)
{
	const struct stats_figure *fig = &c->fig;

	if (!c->set || (fig->text == NULL && !fig->has_value)) {
		PUT(out, "<td class=\"n\">–</td>");
		return;
	}
	if (fig->text != NULL) {
		PUT(out, "<td>");
		ESC(out, fig->text);
		PUT(out, "</td>");
		return;
	}
	PUT(out, "<td class=\"n\">");
	put_number(out, fig->value, fig->prec);
	if (fig->percent)
		PUT(out, "&nbsp;%");
	PUT(out, "</td>");
}

static int
rep_evaluation(struct rep *r)
{
	const struct export_options *o = &r->o->sel;
	struct period_table t;
	int rc;

	rc = export_evaluation_table(r->s, r->forms, o, &t, r->err, r->errlen);
	if (rc != 0) {
		period_table_release(&t);
		return rc;
	}
	PUT(r->out, "<section><h2>");
	put_tr(r->out, _("Évaluation"));
	PUT(r->out, "</h2><p class=\"meta\">");
	put_tr(r->out, _("Outils : Statistiques, Recueil des paroles de tous. "
	    "Chaque indicateur vient de la feuille « indicators » des "
	    "questionnaires."));
	PUT(r->out, "</p>");
	if (t.n == 0) {
		PUT(r->out, "<p>");
		put_tr(r->out, _("Aucun indicateur pour cette sélection."));
		PUT(r->out, "</p></section>");
		period_table_release(&t);
		return 0;
	}
	/* tabindex: a table wider than a phone scrolls by keyboard too. */
	PUT(r->out, "<div class=\"wrap\" tabindex=\"0\">"
	    "<table id=\"evaluation\"><thead><tr>"
	    "<th scope=\"col\">");
	put_tr(r->out, _("Objet"));
	PUT(r->out, "</th><th scope=\"col\">");
	put_tr(r->out, _("Indicateur"));
	PUT(r->out, "</th>");
	for (size_t k = 0; k < t.n_cols; k++) {
		PUT(r->out, "<th scope=\"col\" class=\"n\">");
		if (o->n_periods > 1)
			ESC(r->out, o->periods[k].label);
		else
			put_tr(r->out, _("Valeur"));
		PUT(r->out, "</th>");
	}
	PUT(r->out, "</tr></thead><tbody>");
	for (size_t i = 0; i < t.n; i++) {
		PUT(r->out, "<tr><td>");
		if (i == 0 || strcmp(t.v[i].objet, t.v[i - 1].objet) != 0)
			ESC(r->out, t.v[i].objet);
		PUT(r->out, "</td><th scope=\"row\">");
		ESC(r->out, t.v[i].indicateur);
		PUT(r->out, "</th>");
		for (size_t k = 0; k < t.n_cols; k++)
			eval_cell(r->out, &t.v[i].cells[k]);
		PUT(r->out, "</tr>");
	}
	PUT(r->out, "</tbody></table></div></section>");
	period_table_release(&t);
	return 0;
}

/* ---- participation ---------------------------------------------------- */

struct part_row {
	char *date, *title, *level, *centre;
	int64_t n;
};

struct part {
	struct rep *r;
	struct part_row *v;
	size_t n, more;       /* listed, and not listed beyond the cap */
	int64_t meetings, responses;
	int rc;
};

static int
part_meeting(const struct meeting *m, void *arg)
{
	struct part *p = arg;
	struct store_export_filter f = p->r->f;
	int64_t n = 0;

	f.meeting_id = m->id;
	if (store_export_count_responses(p->r->s, &f, &n) < 0) {
		p->rc = rep_store_err(p->r);
		return 1;
	}
	p->meetings++;
	p->responses += n;
	if (p->n == MAX_LISTED_MEETINGS) {
		p->more++;
		return 0;
	}
	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->v[p->n].date = xstrdup(m->date);
	p->v[p->n].title = xstrdup(m->title);
	p->v[p->n].level = xstrdup(m->level != NULL ? m->level : "");
	p->v[p->n].centre = xstrdup(m->centre != NULL ? m->centre : "");
	p->v[p->n].n = n;
	p->n++;
	return 0;
}

static void
part_release(struct part *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].date);
		free(p->v[i].title);
		free(p->v[i].level);
		free(p->v[i].centre);
	}
	free(p->v);
}

/* Responses per host centre (of the listed meetings). */
static void
part_centres(struct rep *r, const struct part *p)
{
	int min = r->o->min_count;

	PUT(r->out, "<h3>");
	put_tr(r->out, _("Par centre d'accueil"));
	PUT(r->out, "</h3><div class=\"wrap\" tabindex=\"0\">"
	    "<table id=\"centres\"><thead><tr>"
	    "<th scope=\"col\">");
	put_tr(r->out, _("Centre d'accueil"));
	PUT(r->out, "</th><th scope=\"col\" class=\"n\">");
	put_tr(r->out, _("Rencontres"));
	PUT(r->out, "</th><th scope=\"col\" class=\"n\">");
	put_tr(r->out, _("Réponses"));
	PUT(r->out, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < p->n; i++) {
		int64_t meetings = 0, n = 0;
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(p->v[j].centre, p->v[i].centre) == 0)
				break;
		if (j < i)
			continue;   /* counted with its first meeting */
		for (j = i; j < p->n; j++)
			if (strcmp(p->v[j].centre, p->v[i].centre) == 0) {
				meetings++;
				n += p->v[j].n;
			}
		PUT(r->out, "<tr><th scope=\"row\">");
		if (*p->v[i].centre != '\0')
			ESC(r->out, p->v[i].centre);
		else
			put_tr(r->out, _("non précisé"));
		evbuffer_add_printf(r->out, "</th><td class=\"n\">%lld</td>"
		    "<td class=\"n\">", (long long)meetings);
		put_count(r->out, n, min);
		PUT(r->out, "</td></tr>");
	}
	PUT(r->out, "</tbody></table></div>");
}

static void
part_meetings(struct rep *r, const struct part *p)
{
	PUT(r->out, "<h3>");
	put_tr(r->out, _("Par rencontre"));
	PUT(r->out, "</h3><div class=\"wrap\" tabindex=\"0\">"
	    "<table id=\"rencontres\"><thead>"
	    "<tr><th scope=\"col\">");
	put_tr(r->out, _("Date"));
	PUT(r->out, "</th><th scope=\"col\">");
	put_tr(r->out, _("Rencontre"));
	PUT(r->out, "</th><th scope=\"col\">");
	put_tr(r->out, _("Niveau de réseau"));
	PUT(r->out, "</th><th scope=\"col\">");
	put_tr(r->out, _("Centre d'accueil"));
	PUT(r->out, "</th><th scope=\"col\" class=\"n\">");
	put_tr(r->out, _("Réponses"));
	PUT(r->out, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < p->n; i++) {
		PUT(r->out, "<tr><td>");
		html_date(r->out, p->v[i].date);
		PUT(r->out, "</td><th scope=\"row\">");
		ESC(r->out, p->v[i].title);
		PUT(r->out, "</th><td>");
		ESC(r->out, p->v[i].level);
		PUT(r->out, "</td><td>");
		ESC(r->out, p->v[i].centre);
		PUT(r->out, "</td><td class=\"n\">");
		put_count(r->out, p->v[i].n, r->o->min_count);
		PUT(r->out, "</td></tr>");
	}
	PUT(r->out, "</tbody></table></div>");
	if (p->more > 0)
		evbuffer_add_printf(r->out, "<p>%s %zu</p>",
		    _("Rencontres non listées :"), p->more);
}

/* Meetings and responses of each period, when several are compared. */
static int
part_periods(struct rep *r)
{
	const struct export_options *o = &r->o->sel;

	PUT(r->out, "<h3>");
	put_tr(r->out, _("Par période"));
	PUT(r->out, "</h3><div class=\"wrap\" tabindex=\"0\">"
	    "<table id=\"periodes\"><thead>"
	    "<tr><th scope=\"col\">");
	put_tr(r->out, _("Période"));
	PUT(r->out, "</th><th scope=\"col\" class=\"n\">");
	put_tr(r->out, _("Rencontres"));
	PUT(r->out, "</th><th scope=\"col\" class=\"n\">");
	put_tr(r->out, _("Réponses"));
	PUT(r->out, "</th></tr></thead><tbody>");
	for (size_t k = 0; k < o->n_periods; k++) {
		struct store_export_filter f = r->f;
		int64_t meetings = 0, n = 0;

		f.from = o->periods[k].from;
		f.to = o->periods[k].to;
		if (store_export_count_meetings(r->s, &f, &meetings) < 0 ||
		    store_export_count_responses(r->s, &f, &n) < 0)
			return rep_store_err(r);
		PUT(r->out, "<tr><th scope=\"row\">");
		ESC(r->out, o->periods[k].label);
		evbuffer_add_printf(r->out, "</th><td class=\"n\">%lld</td>"
		    "<td class=\"n\">%lld</td></tr>", (long long)meetings,
		    (long long)n);
	}
	PUT(r->out, "</tbody></table></div>");
	return 0;
}

static int
rep_participation(struct rep *r)
{
	struct part p;

	memset(&p, 0, sizeof(p));
	p.r = r;
	if (store_export_meetings(r->s, &r->f, part_meeting, &p) < 0 &&
	    p.rc == 0)
		p.rc = rep_store_err(r);
	if (p.rc != 0) {
		part_release(&p);
		return -1;
	}
	PUT(r->out, "<section><h2 class=\"part\">");
	put_tr(r->out, _("Participation"));
	evbuffer_add_printf(r->out, "</h2><p id=\"participation\"><strong>"
	    "%lld</strong> ", (long long)p.meetings);
	put_tr(r->out, p.meetings > 1 ? _("rencontres") : _("rencontre"));
	evbuffer_add_printf(r->out, ", <strong>%lld</strong> ",
	    (long long)p.responses);
	put_tr(r->out, p.responses > 1 ? _("réponses au questionnaire") :
	    _("réponse au questionnaire"));
	PUT(r->out, ".");
	if (r->o->min_count > 1) {
		char *t = xasprintf(_("Les effectifs de moins de %d personnes "
		    "sont notés « < %d » : personne n'est reconnaissable."),
		    r->o->min_count, r->o->min_count);

		PUT(r->out, " ");
		ESC(r->out, t);
		free(t);
	}
	PUT(r->out, "</p>");
	if (r->o->sel.n_periods > 1 && part_periods(r) < 0) {
		part_release(&p);
		return -1;
	}
	if (p.n > 1 || (p.n == 1 && r->only == NULL)) {
		part_meetings(r, &p);
		part_centres(r, &p);
	}
	PUT(r->out, "</section>");
	part_release(&p);
	return 0;
}

/* ---- the figures of each question ------------------------------------- */

struct bar {
	const char *label;
	int64_t n;
	char own[32];          /* the label of a number's bar */
};

/*
 * Horizontal bars as inline SVG, hidden from screen readers, then the
 * same figures as a table for them.  A small group's bar is not drawn
 * (its length would give the count away) and its count reads "< N".
 */
static void
chart(struct evbuffer *out, const struct bar *b, size_t n, int64_t answered,
    int min, const char *caption)
{
	const int row = 44, width = 640, bar_max = 470;
	int64_t max = 0;

	for (size_t i = 0; i < n; i++)
		if (!stats_hidden(b[i].n, min) && b[i].n > max)
			max = b[i].n;
	evbuffer_add_printf(out, "<svg class=\"chart\" aria-hidden=\"true\" "
	    "focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "font-family=\"sans-serif\" font-size=\"15\">", width,
	    (int)n * row + 4, width, (int)n * row + 4);
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * row, hidden = stats_hidden(b[i].n, min);
		int w = !hidden && max > 0 ? (int)(bar_max * b[i].n / max) : 0;

		evbuffer_add_printf(out, "<text x=\"0\" y=\"%d\" fill=\"#1b1b1b\">",
		    y + 15);
		ESC(out, b[i].label);
		evbuffer_add_printf(out, "</text><rect x=\"0\" y=\"%d\" width=\"%d\" "
		    "height=\"18\" fill=\"#0b4f8a\"/><text x=\"%d\" y=\"%d\" "
		    "fill=\"#1b1b1b\">", y + 21, w > 0 ? w : 1, w + 8, y + 36);
		put_count(out, b[i].n, min);
		if (!hidden && answered > 0) {
			PUT(out, " (");
			put_number(out, 100.0 * (double)b[i].n / (double)answered, 0);
			PUT(out, " %)");
		}
		PUT(out, "</text>");
	}
	/* The box is what is visually hidden: a table ignores the width
	 * and overflow of .sr and would widen a phone's page. */
	PUT(out, "</svg><div class=\"sr\"><table><caption>");
	ESC(out, caption);
	PUT(out, "</caption><tbody>");
	for (size_t i = 0; i < n; i++) {
		PUT(out, "<tr><th scope=\"row\">");
		ESC(out, b[i].label);
		PUT(out, "</th><td class=\"n\">");
		put_count(out, b[i].n, min);
		PUT(out, "</td></tr>");
	}
	PUT(out, "</tbody></table></div>");
}

static void
q_choices(struct rep *r, const struct form *f, const struct question *q,
    const struct stats_question *sq, const char *label)
{
	const struct choice_list *l = q->list;
	size_t nn = l != NULL ? l->n_choices : 0, nb;
	const char **names = xcalloc(nn + 1, sizeof(*names));
	struct stats_choices ch;
	struct bar *b;

	for (size_t k = 0; k < nn; k++)
		names[k] = l->choices[k].name;
	stats_choices(sq, names, nn, q->type == Q_SELECT_MULTIPLE, &ch);
	nb = ch.n < MAX_BARS ? ch.n : MAX_BARS;
	b = xcalloc(nb + 1, sizeof(*b));
	for (size_t k = 0; k < nb; k++) {
		const struct choice *c = l != NULL ? form_choice(l, ch.v[k].name) :
		    NULL;
		const char *t = c != NULL ? form_text(f, &c->label, 0) : "";

		b[k].label = *t != '\0' ? t : ch.v[k].name;
		b[k].n = ch.v[k].n;
	}
	if (sq->answered > 0)
		chart(r->out, b, nb, sq->answered, r->o->min_count, label);
	free(b);
	free(names);
	stats_choices_release(&ch);
}

struct num_bars {
	struct bar *v;
	size_t n;
};

static int
num_bar(double v, int64_t n, void *arg)
{
	struct num_bars *nb = arg;

	if (nb->n == MAX_BARS)
		return 1;
	snprintf(nb->v[nb->n].own, sizeof(nb->v[nb->n].own), "%g", v);
	for (char *p = nb->v[nb->n].own; *p != '\0'; p++)
		if (*p == '.')
			*p = ',';
	nb->v[nb->n].label = nb->v[nb->n].own;
	nb->v[nb->n].n = n;
	nb->n++;
	return 0;
}

static void
q_numbers(struct rep *r, const struct question *q,
    const struct stats_question *sq, const char *label)
{
	struct stats_numbers ns;
	struct num_bars nb = { NULL, 0 };
	char mean[32], median[32], min[32], max[32], *line;

	stats_numbers(sq, &ns);
	if (ns.n == 0 || stats_hidden(ns.n, r->o->min_count))
		return;
	number_text(mean, sizeof(mean), ns.mean, 2);
	number_text(median, sizeof(median), ns.median, 2);
	number_text(min, sizeof(min), ns.min, 2);
	number_text(max, sizeof(max), ns.max, 2);
	line = xasprintf(_("moyenne %s · médiane %s · de %s à %s"), mean, median,
	    min, max);
	PUT(r->out, "<p class=\"meta\">");
	ESC(r->out, line);
	PUT(r->out, "</p>");
	free(line);
	if (q->type != Q_RANGE)
		return;
	nb.v = xcalloc(MAX_BARS, sizeof(*nb.v));
	stats_number_counts(sq, num_bar, &nb);
	chart(r->out, nb.v, nb.n, ns.n, r->o->min_count, label);
	free(nb.v);
}

static int
charted(enum q_type t)
{
	return t == Q_SELECT_ONE || t == Q_SELECT_MULTIPLE || t == Q_RANGE ||
	    t == Q_INTEGER || t == Q_DECIMAL;
}

static int
scan_answer(const struct store_export_answer *a, void *arg)
{
	stats_answer(arg, a->question, a->value, a->value_len, 1);
	return 0;
}

static void
stats_questions(struct rep *r, const struct form *fm, const struct stats *st)
{
	for (size_t i = 0; i < fm->n_questions; i++) {
		const struct question *q = &fm->questions[i];
		const struct stats_question *sq;
		const char *label;

		if (!charted(q->type))
			continue;
		sq = stats_question(st, q->name);
		label = form_text(fm, &q->label, 0);
		if (*label == '\0')
			label = q->name;
		PUT(r->out, "<section class=\"q\"><h4>");
		ESC(r->out, label);
		PUT(r->out, "</h4><p class=\"meta\">");
		put_answers(r->out, sq->answered, r->o->min_count);
		PUT(r->out, "</p>");
		if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE)
			q_choices(r, fm, q, sq, label);
		else
			q_numbers(r, q, sq, label);
		PUT(r->out, "</section>");
	}
}

static int
stats_form(struct rep *r, const struct form *fm)
{
	struct store_export_filter f = r->f;
	struct stats st;
	int rc = -1;

	f.form_id = fm->id;
	stats_init(&st);
	if (store_export_count_responses(r->s, &f, &st.responses) < 0)
		goto done;
	for (size_t i = 0; i < fm->n_questions; i++)
		if (charted(fm->questions[i].type))
			stats_watch(&st, fm->questions[i].name, 1);
	if (st.n > 0 && store_export_scan(r->s, &f, scan_answer, &st) < 0)
		goto done;
	PUT(r->out, "<h3>");
	ESC(r->out, fm->title);
	PUT(r->out, "</h3><p class=\"meta\">");
	put_answers(r->out, st.responses, 0);
	PUT(r->out, "</p>");
	stats_questions(r, fm, &st);
	rc = 0;
done:
	if (rc < 0)
		rep_store_err(r);
	stats_release(&st);
	return rc;
}

struct ids {
	char **v;
	size_t n;
};

static int
ids_add(const char *id, void *arg)
{
	struct ids *ids = arg;

	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof(*ids->v));
	ids->v[ids->n++] = xstrdup(id);
	return 0;
}

static int
rep_stats(struct rep *r)
{
	struct ids ids = { NULL, 0 };
	int rc = 0;

	if (store_export_forms(r->s, &r->f, ids_add, &ids) < 0)
		rc = rep_store_err(r);
	PUT(r->out, "<section><h2 class=\"part\">");
	put_tr(r->out, _("Statistiques"));
	PUT(r->out, "</h2>");
	for (size_t i = 0; i < ids.n && rc == 0; i++) {
		const struct form *fm = form_of(r, ids.v[i]);

		if (fm != NULL)
			rc = stats_form(r, fm);
	}
	PUT(r->out, "</section>");
	for (size_t i = 0; i < ids.n; i++)
		free(ids.v[i]);
	free(ids.v);
	return rc;
}

/* ---- the kept quotes -------------------------------------------------- */

struct quotes {
	struct rep *r;
	struct evbuffer *mb;       /* one meeting's quotes */
	const char *qlabel;
	int q_started;
	int64_t n;
	int rc;
};

static int
quote_kept(const char *text, void *arg)
{
	struct quotes *qq = arg;

	if (!qq->q_started) {
		PUT(qq->mb, "<h4>");
		ESC(qq->mb, qq->qlabel);
		PUT(qq->mb, "</h4>");
		qq->q_started = 1;
	}
	PUT(qq->mb, "<blockquote>");
	ESC(qq->mb, text);
	PUT(qq->mb, "</blockquote>");
	qq->n++;
	return 0;
}

static int
quotes_meeting(const struct meeting *m, void *arg)
{
	struct quotes *qq = arg;
	struct rep *r = qq->r;
	const struct form *fm = form_of(r, m->form_id);

	if (fm == NULL)
		return 0;
	qq->mb = evbuffer_new();
	for (size_t i = 0; i < fm->n_questions && qq->rc == 0; i++) {
		const struct question *q = &fm->questions[i];

		if (q->type != Q_TEXT)
			continue;
		qq->qlabel = form_text(fm, &q->label, 0);
		if (*qq->qlabel == '\0')
			qq->qlabel = q->name;
		qq->q_started = 0;
		if (store_quote_kept(r->s, m->id, r->f.max_response, q->name,
		    quote_kept, qq) < 0)
			qq->rc = rep_store_err(r);
	}
	if (qq->rc == 0 && evbuffer_get_length(qq->mb) > 0) {
		PUT(r->out, "<h3>");
		ESC(r->out, m->title);
		PUT(r->out, "</h3><p class=\"meta\">");
		html_date(r->out, m->date);
		if (m->centre != NULL && *m->centre != '\0') {
			PUT(r->out, " · ");
			ESC(r->out, m->centre);
		}
		PUT(r->out, "</p>");
		evbuffer_add_buffer(r->out, qq->mb);
	}
	evbuffer_free(qq->mb);
	qq->mb = NULL;
	return qq->rc != 0;
}

static int
rep_quotes(struct rep *r)
{
	struct quotes qq;

	memset(&qq, 0, sizeof(qq));
	qq.r = r;
	PUT(r->out, "<section id=\"paroles\"><h2 class=\"part\">");
	put_tr(r->out, _("Recueil des paroles de tous"));
	PUT(r->out, "</h2>");
	if (store_export_meetings(r->s, &r->f, quotes_meeting, &qq) < 0 &&
	    qq.rc == 0)
		qq.rc = rep_store_err(r);
	if (qq.rc != 0)
		return -1;
	if (qq.n == 0) {
		PUT(r->out, "<p>");
		put_tr(r->out, _("Aucune parole retenue pour ce bilan. Sur la page "
		    "d'une rencontre, « Choisir les paroles du bilan » permet à "
		    "un coordinateur de retenir des réponses écrites."));
		PUT(r->out, "</p>");
	}
	PUT(r->out, "</section>");
	return 0;
}

/* ---- the page --------------------------------------------------------- */

static int
rep_write(struct evbuffer *page, const struct export_sink *sink, char *err,
    size_t errlen)
{
	char buf[16384];
	int n;

	while ((n = evbuffer_remove(page, buf, sizeof(buf))) > 0)
		if (sink->write(sink->arg, buf, (size_t)n) < 0) {
			snprintf(err, errlen, _("impossible d'écrire le "
			    "bilan"));
			return -1;
		}
	return 0;
}

int
report_run(struct store *s, struct registry *forms,
    const struct report_options *o, const struct export_sink *sink,
    char *err, size_t errlen)
{
	struct rep r;
	struct meeting m;
	struct evbuffer *page = evbuffer_new(), *eval = evbuffer_new();
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&m, 0, sizeof(m));
	r.s = s;
	r.forms = forms;
	r.o = o;
	r.err = err;
	r.errlen = errlen;
	/* The evaluation table first: it checks the options (EXPORT_USAGE). */
	r.out = eval;
	if ((rc = rep_evaluation(&r)) != 0 || (rc = rep_setup(&r, &m)) != 0)
		goto done;
	r.out = page;
	if ((rc = rep_head(&r)) != 0)
		goto done;
	evbuffer_add_buffer(page, eval);
	if ((rc = rep_participation(&r)) != 0 || (rc = rep_stats(&r)) != 0 ||
	    (rc = rep_quotes(&r)) != 0)
		goto done;
	html_page_end(page);
	rc = rep_write(page, sink, err, errlen);
done:
	if (r.only != NULL)
		store_meeting_release(&m);
	evbuffer_free(page);
	evbuffer_free(eval);
	return rc;
}
