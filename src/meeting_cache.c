/*
 * meeting_cache.c - the meetings of the public pages, kept in memory
 * (design in meeting_cache.h).
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "meeting_cache.h"

/* Direct-mapped by code: a colliding meeting replaces the older one. */
#define SLOTS 256
#define CHECK_NS 1000000   /* PRAGMA data_version at most once per ms */

struct slot {
	int used;
	struct meeting m;
};

static struct slot slots[SLOTS];
static struct store *owner;        /* the connection the rows came from */
static int64_t version = -1;       /* its PRAGMA data_version */
static int64_t own_changes = -1;   /* its total changes */
static int64_t checked_ns;         /* when data_version was last read */

void
meeting_cache_clear(void)
{
	for (size_t i = 0; i < SLOTS; i++)
		if (slots[i].used) {
			store_meeting_release(&slots[i].m);
			slots[i].used = 0;
		}
	owner = NULL;
	version = own_changes = -1;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Empty the cache if the database may have changed.  -1 on error. */
static int
validate(struct store *s)
{
	int64_t now, v, own = store_total_changes(s);

	if (s != owner || own != own_changes) {
		meeting_cache_clear();
		owner = s;
		own_changes = own;
		checked_ns = 0;
	}
	now = now_ns();
	if (version >= 0 && now - checked_ns < CHECK_NS)
		return 0;
	if (store_data_version(s, &v) < 0) {
		meeting_cache_clear();
		return -1;
	}
	if (v != version) {
		meeting_cache_clear();
		owner = s;
		own_changes = own;
		version = v;
	}
	checked_ns = now;
	return 0;
}

static size_t
slot_of(const char *code)
{
	uint32_t h = 2166136261u;   /* FNV-1a */

	for (; *code != '\0'; code++)
		h = (h ^ (unsigned char)*code) * 16777619u;
	return h % SLOTS;
}

int
meeting_cache_get(struct store *s, const char *code, struct meeting *m)
{
	struct slot *sl;
	int rc;

	if (validate(s) < 0)
		return -1;
	sl = &slots[slot_of(code)];
	if (sl->used && strcmp(sl->m.code, code) == 0) {
		*m = sl->m;
		return 0;
	}
	if (sl->used) {
		store_meeting_release(&sl->m);
		sl->used = 0;
	}
	if ((rc = store_meeting_get(s, code, &sl->m)) != 0)
		return rc;
	sl->used = 1;
	*m = sl->m;
	return 0;
}
