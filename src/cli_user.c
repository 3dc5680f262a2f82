/*
 * cli_user.c - `recueil user add|passwd|list|remove`: staff accounts.
 *
 * Passwords are read from the terminal without echo (asked twice), or as
 * one line from standard input when it is not a terminal, for scripts:
 *   printf '%s\n' "$PW" | recueil user add alice --role coordinator
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "auth.h"
#include "cli.h"
#include "store.h"
#include "util.h"
#include "i18n.h"

#define PW_BUF (AUTH_PASSWORD_MAX + 2)

static void
usage(FILE *fp)
{
	fputs(_("usage : recueil user add NOM --role "
	    "coordinator|professional\n"
	    "        recueil user passwd NOM\n"
	    "        recueil user list\n"
	    "        recueil user remove NOM\n"
	    "\n"
	    "Le mot de passe est lu au terminal sans écho, ou comme "
	    "une ligne de l'entrée\n"
	    "standard quand ce n'est pas un terminal.  Les "
	    "coordinateurs gèrent les\n"
	    "questionnaires et les rencontres ; les professionnels "
	    "voient les résultats\n"
	    "et téléchargent les exports.\n"), fp);
}

/* Read one line into buf without its newline; -1 at end of input. */
static int
read_line(FILE *fp, char *buf, size_t len)
{
	size_t n;

	if (fgets(buf, (int)len, fp) == NULL)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == len - 1) {
		int c;

		/* Too long: swallow the rest and refuse. */
		while ((c = fgetc(fp)) != EOF && c != '\n')
			;
		sodium_memzero(buf, len);
		return -2;
	}
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Prompt on the terminal with echo off. */
static int
ask(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) < 0)
		return -1;
	rc = read_line(stdin, buf, len);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

/* The new password, from the terminal or stdin; 0 or -1 (message said). */
static int
new_password(const char *cmd, char *pw, size_t len)
{
	char again[PW_BUF];
	int rc;

	if (!isatty(STDIN_FILENO)) {
		rc = read_line(stdin, pw, len);
	} else {
		rc = ask(_("Mot de passe : "), pw, len);
		if (rc == 0) {
			rc = ask(_("Encore une fois : "), again, sizeof(again));
			if (rc == 0 && strcmp(pw, again) != 0) {
				fprintf(stderr, _("recueil user %s : les mots de passe diffèrent\n"), cmd);
				sodium_memzero(again, sizeof(again));
				return -1;
			}
			sodium_memzero(again, sizeof(again));
		}
	}
	if (rc == -2) {
		fprintf(stderr, _("recueil user %s : le mot de passe est trop long (%d "
		    "octets au plus)\n"), cmd, AUTH_PASSWORD_MAX);
		return -1;
	}
	if (rc < 0) {
		fprintf(stderr, _("recueil user %s : aucun mot de passe donné\n"), cmd);
		return -1;
	}
	if (utf8_length(pw) < 8) {
		fprintf(stderr, _("recueil user %s : le mot de passe est trop court (8 "
		    "caractères au moins)\n"), cmd);
		return -1;
	}
	return 0;
}

static int
add(struct store *s, int argc, char **argv)
{
	const char *name = NULL, *role = NULL;
	char pw[PW_BUF], hash[AUTH_HASH_MAX];
	int rc = EXIT_FAIL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (argv[i][0] == '-') {
			fprintf(stderr, _("recueil user add : %s : option inconnue ou valeur "
			    "manquante\n"), argv[i]);
			return EXIT_USAGE;
		} else if (name == NULL)
			name = argv[i];
		else {
			fprintf(stderr, _("recueil user add : argument inattendu « %s »\n"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (name == NULL || role == NULL) {
		fprintf(stderr, _("recueil user add : NOM et --role sont obligatoires\n"));
		return EXIT_USAGE;
	}
	if (!auth_name_valid(name)) {
		fprintf(stderr, _("recueil user add : « %s » n'est pas un nom valable "
		    "(lettres, chiffres, '.', '_', '-', '@' ; 64 au plus)\n"), name);
		return EXIT_USAGE;
	}
	if (auth_role_parse(role) == AUTH_NONE) {
		fprintf(stderr, _("recueil user add : --role « %s » : coordinator ou "
		    "professional attendu\n"), role);
		return EXIT_USAGE;
	}
	if (new_password("add", pw, sizeof(pw)) < 0)
		goto done;
	if (auth_hash(pw, hash) < 0) {
		fprintf(stderr, _("recueil user add : impossible de chiffrer le mot de "
		    "passe\n"));
		goto done;
	}
	switch (store_user_add(s, name, role, hash)) {
	case 0:
		printf(_("%s ajouté (%s)\n"), name, role);
		rc = EXIT_OK;
		break;
	case 1:
		fprintf(stderr, _("recueil user add : « %s » existe déjà (utilisez « recueil "
		    "user passwd %s »)\n"), name, name);
		break;
	default:
		fprintf(stderr, _("recueil : %s\n"), store_error(s));
	}
done:
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

static int
passwd(struct store *s, int argc, char **argv)
{
	char pw[PW_BUF], hash[AUTH_HASH_MAX];
	struct user u;
	int rc = EXIT_FAIL;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, _("recueil user passwd : un NOM attendu\n"));
		return EXIT_USAGE;
	}
	switch (store_user_get(s, argv[1], &u)) {
	case 0:
		store_user_release(&u);
		break;
	case 1:
		fprintf(stderr, _("recueil user passwd : aucun compte « %s »\n"), argv[1]);
		return EXIT_FAIL;
	default:
		fprintf(stderr, _("recueil : %s\n"), store_error(s));
		return EXIT_FAIL;
	}
	if (new_password("passwd", pw, sizeof(pw)) < 0)
		goto done;
	if (auth_hash(pw, hash) < 0) {
		fprintf(stderr, _("recueil user passwd : impossible de chiffrer le mot de "
		    "passe\n"));
		goto done;
	}
	switch (store_user_set_hash(s, argv[1], hash)) {
	case 0:
		printf(_("%s : mot de passe changé\n"), argv[1]);
		rc = EXIT_OK;
		break;
	case 1:
		fprintf(stderr, _("recueil user passwd : aucun compte « %s »\n"), argv[1]);
		break;
	default:
		fprintf(stderr, _("recueil : %s\n"), store_error(s));
	}
done:
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

static int
list_one(const struct user *u, void *arg)
{
	char when[32];

	(void)arg;
	/* A fourth column only for an account that is not plainly active. */
	printf("%s\t%s\t%s%s\n", u->name, u->role,
	    time_iso(u->created_at, when, sizeof(when)), u->disabled ?
	    "\tdisabled" : u->must_change ? "\ttemporary-password" : "");
	return 0;
}

static int
remove_user(struct store *s, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, _("recueil user remove : un NOM attendu\n"));
		return EXIT_USAGE;
	}
	switch (store_user_remove(s, argv[1])) {
	case 0:
		printf(_("%s retiré\n"), argv[1]);
		return EXIT_OK;
	case 1:
		fprintf(stderr, _("recueil user remove : aucun compte « %s »\n"), argv[1]);
		return EXIT_FAIL;
	}
	fprintf(stderr, _("recueil : %s\n"), store_error(s));
	return EXIT_FAIL;
}

static int
user_add(const struct cli *c, int argc, char **argv)
{
	return add(c->store, argc, argv);
}

static int
user_passwd(const struct cli *c, int argc, char **argv)
{
	return passwd(c->store, argc, argv);
}

static int
user_list(const struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return store_user_each(c->store, list_one, NULL) < 0 ? EXIT_FAIL :
	    EXIT_OK;
}

static int
user_remove(const struct cli *c, int argc, char **argv)
{
	return remove_user(c->store, argc, argv);
}

static const struct cli_command user_commands[] = {
	{ "add", user_add, CLI_STORE, N_("ajouter un compte") },
	{ "passwd", user_passwd, CLI_STORE, N_("changer le mot de passe "
	    "d'un compte") },
	{ "list", user_list, CLI_STORE | CLI_NO_ARGS, N_("lister les "
	    "comptes") },
	{ "remove", user_remove, CLI_STORE, N_("supprimer un compte") },
};

static const struct cli_table user_table = {
	"recueil user", N_("commande de compte"), usage, CLI_HELP_ANY,
	user_commands, sizeof(user_commands) / sizeof(user_commands[0])
};

int
cli_user(const struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, &user_table, argc, argv);
}
