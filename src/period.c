/*
 * period.c - periods as people write them, and the evaluation table over
 * several periods (see period.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "i18n.h"
#include "util.h"

/* ---- one period ------------------------------------------------------- */

static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Months first..last of year y as from/to. */
static void
months(int y, int first, int last, char from[11], char to[11])
{
	/* y has four digits and months two: the modulos only tell the
	 * compiler so. */
	snprintf(from, 11, "%04u-%02u-01", (unsigned)y % 10000u,
	    (unsigned)first % 100u);
	snprintf(to, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)last % 100u, (unsigned)month_days(y, last) % 100u);
}

/*
 * One point of a period (`len` bytes of `s`): its first and last days.
 * Returns 0, or -1 when it is none of the accepted shapes.
 */
static int
point(const char *s, size_t len, char from[11], char to[11])
{
	int y, k;

	if (len < 4 || !digits(s, 4))
		return -1;
	y = atoi(s);
	if (y < 1000)
		return -1;
	if (len == 4) {
		months(y, 1, 12, from, to);
		return 0;
	}
	if (s[4] != '-')
		return -1;
	if (len == 7 && (s[5] == 'S' || s[5] == 's') && (s[6] == '1' ||
	    s[6] == '2')) {
		k = s[6] - '0';
		months(y, 6 * k - 5, 6 * k, from, to);
		return 0;
	}
	if (len == 7 && strchr("TtQq", s[5]) != NULL && s[6] >= '1' &&
	    s[6] <= '4') {
		k = s[6] - '0';
		months(y, 3 * k - 2, 3 * k, from, to);
		return 0;
	}
	if (len == 7 && digits(s + 5, 2)) {
		k = atoi(s + 5);
		if (k < 1 || k > 12)
			return -1;
		months(y, k, k, from, to);
		return 0;
	}
	if (len == 10) {
		char d[11];

		memcpy(d, s, 10);
		d[10] = '\0';
		if (!date_valid(d))
			return -1;
		memcpy(from, d, 11);
		memcpy(to, d, 11);
		return 0;
	}
	return -1;
}

int
period_parse(const char *text, struct period *p, char *err, size_t errlen)
{
	const char *dots = strstr(text, "..");
	size_t len = strlen(text);
	char f2[11], t1[11];

	memset(p, 0, sizeof(*p));
	if (len == 0 || len > PERIOD_TEXT_MAX)
		goto bad;
	if (dots == NULL) {
		if (point(text, len, p->from, p->to) < 0)
			goto bad;
	} else if (point(text, (size_t)(dots - text), p->from, t1) < 0 ||
	    point(dots + 2, len - (size_t)(dots - text) - 2, f2, p->to) < 0) {
		goto bad;
	}
	if (strcmp(p->from, p->to) > 0) {
		snprintf(err, errlen, _("la période « %s » finit avant de "
		    "commencer"), text);
		return -1;
	}
	memcpy(p->label, text, len + 1);
	return 0;
bad:
	snprintf(err, errlen, _("« %.40s » n'est pas une période : écrivez "
	    "une année (2026), un semestre (2026-S1), un trimestre "
	    "(2026-T1), un mois (2026-03), un jour (2026-03-14) ou un "
	    "intervalle (2026-01..2026-06)"), text);
	return -1;
}

int
period_list_parse(const char *text, struct period *v, size_t max,
    size_t *n, char *err, size_t errlen)
{
	const char *s = text;
	size_t added = 0;

	while (*s != '\0') {
		char one[PERIOD_TEXT_MAX + 2];
		size_t len;

		s += strspn(s, ", \t");
		len = strcspn(s, ", \t");
		if (len == 0)
			break;
		if (*n >= max) {
			snprintf(err, errlen, _("on compare au plus %zu "
			    "périodes"),
			    max);
			return -1;
		}
		if (len > PERIOD_TEXT_MAX)
			len = PERIOD_TEXT_MAX + 1;   /* refused by period_parse */
		memcpy(one, s, len);
		one[len] = '\0';
		if (period_parse(one, &v[*n], err, errlen) < 0)
			return -1;
		(*n)++;
		added++;
		s += strcspn(s, ", \t");
	}
	if (added == 0) {
		snprintf(err, errlen, _("aucune période : écrivez une année "
		    "(2026), ou plusieurs (2025,2026)"));
		return -1;
	}
	return 0;
}

/* ---- the table -------------------------------------------------------- */

void
period_table_init(struct period_table *t, size_t n_cols)
{
	memset(t, 0, sizeof(*t));
	t->n_cols = n_cols;
}

int
period_table_put(struct period_table *t, size_t col, const char *objet,
    const char *indicateur, const struct stats_figure *fig)
{
	struct period_row *row = NULL;
	size_t at = t->n, first_of_objet = t->n;

	if (col >= t->n_cols)
		return 0;
	for (size_t i = 0; i < t->n && row == NULL; i++) {
		if (strcmp(t->v[i].objet, objet) != 0)
			continue;
		if (first_of_objet == t->n)
			first_of_objet = i;
		if (strcmp(t->v[i].indicateur, indicateur) == 0)
			row = &t->v[i];
	}
	if (row == NULL) {
		/* After the row this column gave just before it, when that
		 * row is of the same objet; else it is the first of its objet
		 * in this column: at the head of the objet's rows. */
		if (t->last_at > 0 && t->last_col == col &&
		    strcmp(t->v[t->last_at - 1].objet, objet) == 0)
			at = t->last_at;
		else if (first_of_objet < t->n)
			at = first_of_objet;
		t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
		memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof(*t->v));
		t->n++;
		row = &t->v[at];
		row->objet = xstrdup(objet);
		row->indicateur = xstrdup(indicateur);
		row->cells = xcalloc(t->n_cols, sizeof(*row->cells));
	}
	t->last_col = col;
	t->last_at = (size_t)(row - t->v) + 1;
	free((char *)row->cells[col].fig.text);
	row->cells[col].set = 1;
	row->cells[col].fig = *fig;
	if (fig->text != NULL)
		row->cells[col].fig.text = xstrdup(fig->text);
	return 0;
}

int
period_table_fill(const char *objet, const char *indicateur,
    const struct stats_figure *fig, void *arg)
{
	struct period_fill *pf = arg;

	return period_table_put(pf->t, pf->col, objet, indicateur, fig);
}

void
period_table_release(struct period_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->n_cols; k++)
			free((char *)t->v[i].cells[k].fig.text);
		free(t->v[i].cells);
		free(t->v[i].objet);
		free(t->v[i].indicateur);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}
