/*
 * formout.h - a loaded form written back as an XLSForm: the workbook a
 * coordinator edits (.xlsx, .ods: the sheets survey, choices, settings and
 * indicators) or the single-file CSV layout (each sheet's name alone in
 * the first column, its header row and rows below, first cell empty).
 *
 * What is written is the model (form.h), not the file it came from, so
 * that the result loads back to the same form whatever the source was:
 * the same questions with their types, labels, hints and messages in
 * every language, required, relevant, constraint, appearance, default and
 * range parameters; the same choice lists; settings (form_title, form_id,
 * version, default_language, retention_days); the same indicators.  What
 * the loader ignored (unknown columns, comments) is not in the model and
 * is not written.  Expressions are written as the coordinator wrote them.
 *
 * CSV cells are never neutralised here (the definition is the
 * coordinator's, and an apostrophe would change it); workbook cells are
 * text cells, never formulas.
 */
#ifndef RECUEIL_FORMOUT_H
#define RECUEIL_FORMOUT_H

struct form;
struct tabout;

/*
 * Write `f` through `t` (a workbook writer, or a CSV writer opened with
 * `raw`), then tabout_finish(t).  Returns 0, or -1 with the reason in
 * tabout_error(t).
 */
int formout_write(const struct form *f, struct tabout *t);

#endif
