/*
 * exprdata.c - print each expression read on stdin (one a line) in the
 * data form that the public page's script evaluates (expr_to_data), one a
 * line, or "!message" when it does not parse.  The browser test of skip
 * logic (tests/browser/test_skip_logic.py) runs the script's evaluator
 * over tests/expr_cases.txt through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

int
main(void)
{
	char line[4096], err[200];
	int pos, n = 0;

	while (fgets(line, sizeof(line), stdin) != NULL && n++ < 100000) {
		struct expr *e;
		char *data;

		line[strcspn(line, "\r\n")] = '\0';
		if ((e = expr_parse(line, err, sizeof(err), &pos)) == NULL) {
			printf("!%s\n", err);
			continue;
		}
		data = expr_to_data(e);
		printf("%s\n", data);
		free(data);
		expr_free(e);
	}
	return 0;
}
