/*
 * expr.h - the XLSForm expression subset used by `relevant` and `constraint`.
 *
 * Grammar (precedence from low to high):
 *   or_expr   := and_expr ("or" and_expr)*
 *   and_expr  := cmp ("and" cmp)*
 *   cmp       := sum (("=" | "!=" | "<" | "<=" | ">" | ">=") sum)?
 *   sum       := primary (("+" | "-") primary)*   (numbers only)
 *   primary   := NUMBER | STRING | "${" NAME "}" | "." | "(" or_expr ")"
 *              | "not(" or_expr ")" | "selected(" arg "," arg ")"
 *              | "string-length(" arg ")" | "count-selected(" arg ")"
 *              | "true()" | "false()"
 *
 * Evaluation is on the server and pure: values come from a lookup callback.
 * Comparisons follow XPath: numeric when both sides read as numbers, string
 * otherwise; an empty answer compares as the empty string.
 *
 * Limits: the parser and every walk over a tree (evaluation, freeing, the
 * loader's checks) recurse, and a 64 KB cell could hold 30,000 nested
 * parentheses.  expr_parse() refuses more than EXPR_MAX_NESTING
 * parentheses, unary minus signs and function calls inside one another,
 * and any tree higher than EXPR_MAX_HEIGHT (long chains such as
 * "a or b or c ..." build a tree as high as they are long), with a message
 * and the position where the limit was passed.  Every tree it returns can
 * therefore be walked recursively on any thread's stack.
 */
#ifndef RECUEIL_EXPR_H
#define RECUEIL_EXPR_H

#include <stddef.h>

struct expr;

#define EXPR_MAX_NESTING 100
#define EXPR_MAX_HEIGHT  500

/*
 * Parse `src`.  On success returns the tree, owned by the caller
 * (expr_free()).  On failure returns NULL and, when err is not NULL, writes
 * a message into err[0..errlen) and the 1-based character offset of the
 * problem in `src` into *errpos.
 */
struct expr *expr_parse(const char *src, char *err, size_t errlen,
    int *errpos);

/* Free a tree.  NULL is allowed. */
void expr_free(struct expr *e);

/*
 * Call fn(name, arg) for each ${name} referenced, in order of appearance.
 * Used by the loader to report unknown references.
 */
void expr_refs(const struct expr *e,
    void (*fn)(const char *name, void *arg), void *arg);

/*
 * Call fn(name, literal, arg) for each comparison of an answer with a
 * string literal: ${name} = 'v', 'v' != ${name}, selected(${name}, 'v'),
 * in order of appearance; name is NULL for `.`.  The loader uses it to
 * catch choice names mistyped in conditions.
 */
void expr_literals(const struct expr *e,
    void (*fn)(const char *name, const char *literal, void *arg), void *arg);

/*
 * Answer lookup for evaluation: returns the raw answer of question `name`
 * ("" when unanswered, space-separated choice names for select_multiple),
 * borrowed.  `.` is looked up with name NULL (the question being checked).
 */
typedef const char *(*expr_lookup_fn)(const char *name, void *arg);

/*
 * Evaluate as a boolean (XPath boolean() of the result).  A NULL tree is
 * true (no condition).
 */
int expr_eval_bool(const struct expr *e, expr_lookup_fn lookup, void *arg);

/*
 * Evaluate as text (XPath string() of the result: numbers in their
 * shortest form, booleans "true"/"false", NaN as ""), for a `calculate`
 * question's value.  A NULL tree gives "".  The caller frees the result.
 */
char *expr_eval_text(const struct expr *e, expr_lookup_fn lookup, void *arg);

/* Whether the expression reads `.` (the question being checked). */
int expr_uses_dot(const struct expr *e);

/*
 * The tree as the small data form that the public page's script
 * evaluates (html_script.c): JSON, one array per node, its operator first
 * and its operands after it:
 *   ["n",NUMBER] ["s","text"] ["r","name"] ["."] ["t"] ["f"]
 *   ["or",A,B] ["and",A,B] ["=",A,B] ["!=",A,B] ["<",A,B] ["<=",A,B]
 *   [">",A,B] [">=",A,B] ["+",A,B] ["-",A,B] ["neg",A] ["not",A]
 *   ["sel",A,B] ["len",A] ["cnt",A]
 * A NULL tree is written ["t"].  The caller owns the result and frees it
 * with free(3).  tests/expr_cases.txt holds the cases that both
 * evaluators must agree on.
 */
char *expr_to_data(const struct expr *e);

#endif
