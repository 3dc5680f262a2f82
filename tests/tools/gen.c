/*
 * gen - fill a database with N realistic responses to the bundled forms,
 * for export tests and benchmarks.
 *
 *   build/tools/gen --db FILE [--forms DIR] [--responses N]
 *       [--meetings M] [--seed S] [--year YYYY] [--form ID]
 *
 * Deterministic for a given seed: the same options give the same meetings
 * (codes included), answers and submission times, so golden files can be
 * made from its output.  Every form of DIR is recorded as a version (as
 * recueild does); meetings use rencontre-reseau about four times out of
 * five and visite-structure otherwise (or whatever forms DIR holds), or
 * only form ID with --form.
 * Answers follow each question's type; optional questions are left empty
 * now and then, and the free texts include accents, quotes, commas, line
 * breaks and formula-like openings ("=", "+", "-", "@").
 *
 * Everything is written in one transaction with the store's prepared
 * statements: 1,000,000 responses take a few seconds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "form.h"
#include "meeting.h"
#include "registry.h"
#include "store.h"
#include "util.h"

static uint64_t rng_state;

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The random bits of response ids, from a stream of their own (so that
 * the answers stay those of the same seed): the same ids at every run,
 * for the golden exports.  recueild draws them from libsodium.
 */
static uint32_t
id_bits(void *arg)
{
	uint64_t *state = arg;
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static unsigned
pick(unsigned n)
{
	return n ? (unsigned)(rng() % n) : 0;
}

static const char *const texts[] = {
	"Des échanges très riches entre habitant·es et professionnel·les.",
	"On a parlé \"participation\", virgules, et\nretours à la ligne",
	"=SOMME(A1:A2)",
	"+33 2 48 00 00 00",
	"-- rien à ajouter --",
	"@tous : merci pour l'accueil !",
	"Découvrir comment le Val d'Auron anime son comité d'usagers.",
	"Créer un café des parents, comme à Vierzon.",
	"Mieux associer les bénévoles à la préparation ; plus de temps pour "
	    "se connaître.",
	"La visite du jardin partagé, l'épicerie solidaire.",
	"Trop court…\r\nMais bien.",
	"\tindenté",
	"  espaces autour  ",
	"Ça m'a donné envie d'écrire le contrat de projet avec les habitants.",
};

static const char *const titles[] = {
	"Rencontre du réseau départemental",
	"Journée du réseau du Berry",
	"Commission technique « animation collective famille »",
	"Visite de notre centre",
	"Rencontre régionale, \"Faire ensemble\"",
};

static const char *const centres[] = {
	"La Chancellerie", "Val d'Auron", "Rond-Point", "Saint-Amand-Montrond",
	"Vierzon", "Châteauroux", "Le Blanc",
};

static void
usage(void)
{
	fprintf(stderr, "usage: gen --db FILE [--forms DIR] [--responses N] "
	    "[--meetings M] [--seed S] [--year YYYY] [--form ID]\n");
	exit(2);
}

/* An answer for question q, or NULL to leave it empty. */
static char *
answer_for(const struct question *q)
{
	char buf[64];

	if (q->relevant != NULL && pick(4) != 0)
		return NULL;
	if (!q->required && pick(5) == 0)
		return NULL;
	switch (q->type) {
	case Q_SELECT_ONE:
		if (q->list == NULL || q->list->n_choices == 0)
			return NULL;
		return xstrdup(q->list->choices[pick((unsigned)
		    q->list->n_choices)].name);
	case Q_SELECT_MULTIPLE: {
		size_t n = q->list != NULL ? q->list->n_choices : 0;
		char *v = xstrdup("");

		for (size_t k = 0; k < n; k++) {
			if (pick(3) == 0) {
				char *nv = xasprintf("%s%s%s", v, *v ? " " : "",
				    q->list->choices[k].name);

				free(v);
				v = nv;
			}
		}
		if (*v == '\0') {
			free(v);
			v = n ? xstrdup(q->list->choices[pick((unsigned)n)].name) :
			    NULL;
		}
		return v;
	}
	case Q_RANGE: {
		double steps = q->range_step > 0 ?
		    (q->range_end - q->range_start) / q->range_step : 0;
		/* Skewed towards the top, as satisfaction answers are. */
		unsigned k = (unsigned)steps - pick((unsigned)steps + 1) *
		    pick((unsigned)steps + 1) / ((unsigned)steps + 1);

		snprintf(buf, sizeof(buf), "%g", q->range_start + k *
		    q->range_step);
		return xstrdup(buf);
	}
	case Q_INTEGER:
		snprintf(buf, sizeof(buf), "%u", pick(90));
		return xstrdup(buf);
	case Q_DECIMAL:
		snprintf(buf, sizeof(buf), "%u.%u", pick(100), pick(10));
		return xstrdup(buf);
	case Q_DATE:
		snprintf(buf, sizeof(buf), "2026-%02u-%02u", 1 + pick(12),
		    1 + pick(28));
		return xstrdup(buf);
	case Q_TEXT:
		if (pick(5) >= 2)
			return NULL;
		return xstrdup(texts[pick(sizeof(texts) / sizeof(texts[0]))]);
	default:
		return NULL;
	}
}

int
main(int argc, char **argv)
{
	const char *db = NULL, *forms_dir = "forms", *only_form = NULL;
	long long n_responses = 100, n_meetings = -1, seed = 1, year = 2026;
	uint64_t id_state;
	struct store *s = NULL;
	struct registry *reg = NULL;
	struct diag d;
	struct meeting *meetings = NULL;
	const struct form **mforms = NULL;
	char err[512];
	int rc = 1;

	util_progname = "gen";
	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--db") == 0)
			db = argv[++i];
		else if (strcmp(argv[i], "--forms") == 0)
			forms_dir = argv[++i];
		else if (strcmp(argv[i], "--responses") == 0)
			n_responses = atoll(argv[++i]);
		else if (strcmp(argv[i], "--meetings") == 0)
			n_meetings = atoll(argv[++i]);
		else if (strcmp(argv[i], "--form") == 0)
			only_form = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0)
			seed = atoll(argv[++i]);
		else if (strcmp(argv[i], "--year") == 0)
			year = atoll(argv[++i]);
		else
			usage();
	}
	if (db == NULL || n_responses < 0)
		usage();
	if (n_meetings < 0)
		n_meetings = n_responses / 25 + 1;
	if (n_meetings < 1)
		n_meetings = 1;
	rng_state = (uint64_t)seed;

	if ((s = store_open(db, 0, err, sizeof(err))) == NULL)
		fatal("%s", err);
	id_state = (uint64_t)seed ^ 0x6964736964736964ULL;
	store_set_id_random(s, id_bits, &id_state);
	diag_init(&d);
	reg = registry_new(forms_dir);
	if (registry_load(reg, s, &d) <= 0)
		fatal("no usable form in %s", forms_dir);
	diag_release(&d);
	if (store_begin(s) < 0)
		fatal("%s", store_error(s));

	meetings = xcalloc((size_t)n_meetings, sizeof(*meetings));
	mforms = xcalloc((size_t)n_meetings, sizeof(*mforms));
	for (long long i = 0; i < n_meetings; i++) {
		struct meeting *m = &meetings[i];
		const struct form *f = registry_get(reg, "visite-structure");
		const struct form *main_form = registry_get(reg, "rencontre-reseau");
		static const char alphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";
		unsigned day = (unsigned)(i * 365 / n_meetings);
		struct tm tm = { 0 };
		time_t t;
		char date[16];
		int add;

		if (main_form == NULL || f == NULL || pick(5) != 0)
			f = main_form != NULL ? main_form : registry_at(reg,
			    pick((unsigned)registry_count(reg)));
		if (f == NULL)
			f = registry_at(reg, 0);
		if (only_form != NULL && (f = registry_get(reg, only_form)) == NULL)
			fatal("no form '%s' in %s", only_form, forms_dir);
		mforms[i] = f;
		tm.tm_year = (int)year - 1900;
		tm.tm_mday = 1 + (int)day;
		tm.tm_hour = 12;
		t = timegm(&tm);
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		do {
			for (int k = 0; k < 7; k++)
				m->code[k] = alphabet[pick(sizeof(alphabet) - 1)];
			m->code[7] = '\0';
			m->form_id = f->id;
			m->title = (char *)titles[strcmp(f->id, "visite-structure") ==
			    0 ? 3 : pick(sizeof(titles) / sizeof(titles[0]))];
			m->date = date;
			m->level = (char *)(strcmp(f->id, "visite-structure") == 0 ?
			    "visite" : meeting_levels[pick(4)]);
			m->centre = (char *)centres[pick(sizeof(centres) /
			    sizeof(centres[0]))];
			m->place = (char *)(uintptr_t)"Salle polyvalente";
			m->created_at = (int64_t)t;
		} while ((add = store_meeting_add(s, m)) == 1);
		if (add < 0)
			fatal("%s", store_error(s));
		/* Keep only the id and the date: the strings were borrowed. */
		m->date = xstrdup(date);
		m->form_id = NULL;
		m->title = m->level = m->centre = m->place = NULL;
	}

	for (long long r = 0; r < n_responses; r++) {
		long long mi = r * n_meetings / (n_responses ? n_responses : 1);
		const struct form *f = mforms[mi];
		struct answer *ans = xcalloc(f->n_questions + 1, sizeof(*ans));
		char **vals = xcalloc(f->n_questions + 1, sizeof(*vals));
		struct submission sub;
		struct tm tm = { 0 };
		size_t n = 0;

		memset(&sub, 0, sizeof(sub));
		for (size_t k = 0; k < f->n_questions; k++) {
			const struct question *q = &f->questions[k];

			if (q->name == NULL || q->type == Q_NOTE ||
			    q->type == Q_BEGIN_GROUP || q->type == Q_END_GROUP)
				continue;
			if ((vals[n] = answer_for(q)) == NULL)
				continue;
			ans[n].question = q->name;
			ans[n].value = vals[n];
			n++;
		}
		sub.meeting_id = meetings[mi].id;
		sub.form_version_id = f->version_id;
		for (int k = 0; k < 8; k++)
			sub.token[k] = (unsigned char)((uint64_t)r >> (8 * k));
		for (int k = 0; k < 8; k++)
			sub.token[8 + k] = (unsigned char)((uint64_t)seed >> (8 * k));
		sscanf(meetings[mi].date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
		    &tm.tm_mday);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 17;
		sub.submitted_at = (int64_t)timegm(&tm) + (int64_t)(r % 97) * 60;
		sub.answers = ans;
		sub.n_answers = n;
		if (store_response_add(s, &sub) < 0)
			fatal("%s", store_error(s));
		for (size_t k = 0; k < n; k++)
			free(vals[k]);
		free(vals);
		free(ans);
	}
	if (store_commit(s) < 0)
		fatal("%s", store_error(s));
	printf("%lld meetings, %lld responses\n", n_meetings, n_responses);
	rc = 0;
	for (long long i = 0; i < n_meetings; i++)
		free(meetings[i].date);
	free(meetings);
	free(mforms);
	registry_free(reg);
	store_close(s);
	return rc;
}
