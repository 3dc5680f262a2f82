/*
 * sheet_ods.c - .ods workbooks (OpenDocument spreadsheets) as a book of
 * sheets.
 *
 * Everything is in content.xml, streamed through Expat (sheet_zip.h):
 * <table:table table:name="survey"> holds <table:table-row> elements of
 * <table:table-cell> (and <table:covered-table-cell> under merged cells).
 * A cell's text is its <text:p> paragraphs joined by line breaks, with
 * <text:span> runs, <text:s text:c="3"/> spaces, tabs and line breaks;
 * comments (<office:annotation>) are left out.  Typed cells give their
 * value attribute: office:value for numbers (written back as the shortest
 * text that reads the same), office:date-value, office:boolean-value.
 *
 * LibreOffice writes the empty end of a sheet as one row or cell repeated
 * a million times (table:number-rows-repeated, -columns-repeated): empty
 * repeats only move the position; repeats of a value are expanded, up to
 * the caps of sheet.h, and past them refused with the cell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sheet.h"
#include "sheet_zip.h"
#include "util.h"

/* One value of the row being read, repeated `rep` times from `col`. */
struct pend {
	int col, rep;
	char *s;
};

struct ods {
	struct sheet_zip *z;
	struct sheet_book *b;
	struct diag *d;
	XML_Parser parser;
	int failed;
	struct sheet *sh;       /* the table being read, NULL outside */
	int keep;               /* the model reads this table */
	int table_depth;        /* tables inside cells are skipped */
	int row, col;           /* rows and columns read so far */
	int row_rep, cell_rep;
	struct pend *pend;
	size_t n_pend, pend_alloc;
	int in_cell, in_p, n_p, skip;
	char vtype[16];
	char *value;            /* office:value, date-value, boolean-value */
	struct sheet_text text;  /* the cell's text so far */
	char **hidden_styles;   /* automatic styles with table:display false */
	size_t n_hidden;
	char *style;            /* the style:style being read */
};

static void
ods_fail(struct ods *o)
{
	o->failed = 1;
	if (o->parser != NULL)
		XML_StopParser(o->parser, XML_FALSE);
}

static void
ods_error(struct ods *o, int row, int col, const char *msg, int n)
{
	struct diag_where w;
	char buf[512];

	snprintf(buf, sizeof(buf), msg, n);
	memset(&w, 0, sizeof(w));
	w.sheet = o->sh->name;
	w.sheet_no = o->sh->no;
	w.row = row;
	w.col = col;
	diag_add_where(o->d, DIAG_ERROR, o->b->file, &w, "%s", buf);
	ods_fail(o);
}

/* A repeat count: at least 1, saturated so that sums cannot overflow. */
static int
repeat(const char **atts, const char *name)
{
	const char *v = sheet_xml_attr(atts, name);
	long n = v != NULL ? strtol(v, NULL, 10) : 1;

	if (n < 1)
		return 1;
	return n > 2 * SHEET_MAX_ROW_INDEX ? 2 * SHEET_MAX_ROW_INDEX : (int)n;
}

/* Forget the values of the row being read. */
static void
pend_clear(struct ods *o)
{
	size_t k;

	for (k = 0; k < o->n_pend; k++)
		free(o->pend[k].s);
	o->n_pend = 0;
}

static int
wanted(const char *name)
{
	static const char *const names[] = { "survey", "choices", "settings",
	    "indicators" };
	char norm[32];
	size_t i;

	sheet_norm_name(name, norm, sizeof(norm));
	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(norm, names[i]) == 0)
			return 1;
	return 0;
}

static int
style_hidden(const struct ods *o, const char *style)
{
	size_t i;

	for (i = 0; style != NULL && i < o->n_hidden; i++)
		if (strcmp(o->hidden_styles[i], style) == 0)
			return 1;
	return 0;
}

static void
start_table(struct ods *o, const char **atts)
{
	const char *name = sheet_xml_attr(atts, "name");

	if (o->b->n_sheets >= SHEET_MAX_SHEETS) {
		diag_add(o->d, DIAG_ERROR, o->b->file, 0, 0, _("classeur "
		    "refusé : plus de %d feuilles"), SHEET_MAX_SHEETS);
		ods_fail(o);
		return;
	}
	if (name == NULL)
		name = "";
	o->sh = sheet_add(o->b, name, strlen(name));
	o->sh->hidden = style_hidden(o, sheet_xml_attr(atts, "style-name"));
	o->sh->at.srow = 1;
	o->sh->at.scol = 1;
	o->keep = wanted(name);
	o->row = 0;
}

static void
start_cell(struct ods *o, const char **atts)
{
	const char *v = sheet_xml_attr(atts, "value-type");
	const char *val = NULL;

	o->in_cell = 1;
	o->n_p = 0;
	sheet_text_clear(&o->text);
	o->cell_rep = repeat(atts, "number-columns-repeated");
	snprintf(o->vtype, sizeof(o->vtype), "%s", v != NULL ? v : "");
	if (strcmp(o->vtype, "float") == 0 ||
	    strcmp(o->vtype, "percentage") == 0 ||
	    strcmp(o->vtype, "currency") == 0)
		val = sheet_xml_attr(atts, "value");
	else if (strcmp(o->vtype, "date") == 0)
		val = sheet_xml_attr(atts, "date-value");
	else if (strcmp(o->vtype, "boolean") == 0)
		val = sheet_xml_attr(atts, "boolean-value");
	free(o->value);
	o->value = val != NULL ? xstrdup(val) : NULL;
}

static void XMLCALL
ods_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct ods *o = arg;
	const char *l = sheet_xml_local(name), *v;
	int n;

	if (o->failed)
		return;
	if (o->skip > 0) {
		o->skip++;
		return;
	}
	if (strcmp(l, "style") == 0 && o->sh == NULL) {
		free(o->style);
		v = sheet_xml_attr(atts, "name");
		o->style = v != NULL ? xstrdup(v) : NULL;
	} else if (strcmp(l, "table-properties") == 0 && o->style != NULL) {
		v = sheet_xml_attr(atts, "display");
		if (v != NULL && strcmp(v, "false") == 0 &&
		    o->n_hidden < SHEET_MAX_SHEETS) {
			o->hidden_styles = xrealloc(o->hidden_styles,
			    (o->n_hidden + 1) * sizeof(*o->hidden_styles));
			o->hidden_styles[o->n_hidden++] = xstrdup(o->style);
		}
	} else if (strcmp(l, "table") == 0) {
		if (o->table_depth++ == 0)
			start_table(o, atts);
		else
			o->skip = 1;       /* a table inside a cell */
	} else if (o->sh == NULL) {
		return;
	} else if (strcmp(l, "table-row") == 0) {
		o->row_rep = repeat(atts, "number-rows-repeated");
		o->col = 0;
		/* A row inside a row is malformed: drop what the outer one
		 * had, without leaking it. */
		pend_clear(o);
	} else if (strcmp(l, "table-cell") == 0 ||
	    strcmp(l, "covered-table-cell") == 0) {
		start_cell(o, atts);
	} else if (!o->in_cell) {
		return;
	} else if (strcmp(l, "annotation") == 0 || strcmp(l, "note") == 0) {
		o->skip = 1;
	} else if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
		if (o->n_p++ > 0)
			sheet_text_add(&o->text, "\n", 1);
		o->in_p = 1;
	} else if (strcmp(l, "s") == 0 && o->in_p) {
		v = sheet_xml_attr(atts, "c");
		n = v != NULL ? atoi(v) : 1;
		while (n-- > 0 && !o->text.over)
			sheet_text_add(&o->text, " ", 1);
	} else if (strcmp(l, "tab") == 0 && o->in_p) {
		sheet_text_add(&o->text, "\t", 1);
	} else if (strcmp(l, "line-break") == 0 && o->in_p) {
		sheet_text_add(&o->text, "\n", 1);
	}
}

/* The value of the cell that just ended, NULL when it is too long. */
static const char *
ods_value(struct ods *o, char *tmp, size_t len)
{
	if (o->text.over)
		return NULL;
	if (o->value == NULL)
		return sheet_text_get(&o->text);
	if (strcmp(o->vtype, "boolean") == 0)
		return strcmp(o->value, "true") == 0 ? "TRUE" : "FALSE";
	if (strcmp(o->vtype, "date") == 0) {
		snprintf(tmp, len, "%s", o->value);
		if (strlen(tmp) == 19 && strcmp(tmp + 10, "T00:00:00") == 0)
			tmp[10] = '\0';
		return tmp;
	}
	sheet_number_text(o->value, tmp, len);
	return tmp;
}

static void
end_cell(struct ods *o)
{
	char tmp[128];
	const char *v = ods_value(o, tmp, sizeof(tmp));
	struct pend *p;
	size_t k;

	o->in_cell = 0;
	if (v == NULL) {
		ods_error(o, o->row + 1, o->col + 1, _("cellule trop longue : "
		    "plus de %d octets"), SHEET_MAX_CELL);
		return;
	}
	for (k = 0; v[k] == ' ' || v[k] == '\t' || v[k] == '\n' ||
	    v[k] == '\r'; k++)
		;
	if (v[k] != '\0' && o->keep) {
		if ((long)o->col + o->cell_rep > SHEET_MAX_COLS) {
			ods_error(o, o->row + 1, o->col + 1, _("cellule répétée "
			    "au-delà de la colonne %d : retirez les colonnes "
			    "en trop"), SHEET_MAX_COLS);
			return;
		}
		if (o->n_pend == o->pend_alloc) {
			o->pend_alloc = o->pend_alloc ? 2 * o->pend_alloc : 16;
			o->pend = xrealloc(o->pend, o->pend_alloc *
			    sizeof(*o->pend));
		}
		p = &o->pend[o->n_pend++];
		p->col = o->col + 1;
		p->rep = o->cell_rep;
		p->s = xstrdup(v);
	}
	o->col += o->cell_rep;
	if (o->col > 2 * SHEET_MAX_COLS)
		o->col = 2 * SHEET_MAX_COLS;
}

static void
end_row(struct ods *o)
{
	size_t k;
	int i, c, rep = o->row_rep;

	if (o->n_pend > 0 && rep > 1 && (long)o->row + rep > SHEET_MAX_ROWS) {
		ods_error(o, o->row + 1, o->pend[0].col, _("ligne répétée "
		    "%d fois : retirez les lignes en trop"), rep);
		goto done;
	}
	for (i = 0; o->n_pend > 0 && i < rep && !o->failed; i++)
		for (k = 0; k < o->n_pend && !o->failed; k++)
			for (c = 0; c < o->pend[k].rep && !o->failed; c++)
				if (sheet_put(o->b, o->sh, o->row + i + 1,
				    o->pend[k].col + c, o->pend[k].s,
				    strlen(o->pend[k].s), o->d) != 0)
					ods_fail(o);
done:
	o->row += rep;
	if (o->row > 2 * SHEET_MAX_ROW_INDEX)
		o->row = 2 * SHEET_MAX_ROW_INDEX;
	pend_clear(o);
}

static void XMLCALL
ods_end(void *arg, const XML_Char *name)
{
	struct ods *o = arg;
	const char *l = sheet_xml_local(name);

	if (o->skip > 0) {
		if (--o->skip == 0 && strcmp(l, "table") == 0)
			o->table_depth--;
		return;
	}
	if (o->failed)
		return;
	if (strcmp(l, "table") == 0) {
		if (--o->table_depth == 0)
			o->sh = NULL;
	} else if (o->sh == NULL) {
		return;
	} else if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
		o->in_p = 0;
	} else if (strcmp(l, "table-cell") == 0 ||
	    strcmp(l, "covered-table-cell") == 0) {
		end_cell(o);
	} else if (strcmp(l, "table-row") == 0) {
		end_row(o);
	}
}

static void XMLCALL
ods_text(void *arg, const XML_Char *s, int len)
{
	struct ods *o = arg;

	if (o->in_cell && o->in_p && o->skip == 0 && !o->failed)
		sheet_text_add(&o->text, s, (size_t)len);
}

int
sheet_ods_read(struct sheet_book *b, struct sheet_zip *z, struct diag *d)
{
	struct ods o;
	struct sheet_xml sx;
	size_t k;
	int rc;

	memset(&o, 0, sizeof(o));
	o.z = z;
	o.b = b;
	o.d = d;
	b->source = SHEET_ODS;
	sx.start = ods_start;
	sx.end = ods_end;
	sx.text = ods_text;
	sx.arg = &o;
	sx.parser = &o.parser;
	sx.failed = &o.failed;
	rc = sheet_zip_parse(z, "content.xml", _("le contenu"), &sx);
	pend_clear(&o);
	free(o.pend);
	for (k = 0; k < o.n_hidden; k++)
		free(o.hidden_styles[k]);
	free(o.hidden_styles);
	free(o.style);
	free(o.value);
	sheet_text_release(&o.text);
	return rc;
}
