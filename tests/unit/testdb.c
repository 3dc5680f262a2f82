/*
 * testdb.c - a fresh database in a temporary file (see testdb.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store.h"
#include "testdb.h"

char testdb_path[64];

struct store *
testdb_open(void)
{
	char err[256];
	struct store *s;
	int fd;

	snprintf(testdb_path, sizeof(testdb_path), "/tmp/recueil-test-XXXXXX");
	fd = mkstemp(testdb_path);
	cr_assert(fd >= 0);
	close(fd);
	unlink(testdb_path);
	s = store_open(testdb_path, 0, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	return s;
}

void
testdb_drop(struct store *s)
{
	char p[96];

	store_close(s);
	unlink(testdb_path);
	snprintf(p, sizeof(p), "%s-wal", testdb_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", testdb_path);
	unlink(p);
}
