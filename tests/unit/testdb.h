/*
 * testdb.h - a fresh database in a temporary file for the unit tests of
 * the storage module (test_store*.c), linked into every unit test.
 */
#ifndef RECUEIL_TESTDB_H
#define RECUEIL_TESTDB_H

struct store;

/* The path of the database testdb_open made last (tests reopen it with
 * sqlite3_open or store_open to look behind the store's back). */
extern char testdb_path[64];

/* A new, empty database in /tmp, opened read-write; a failure fails the
 * test. */
struct store *testdb_open(void);

/* Close it and remove its file, its -wal and its -shm. */
void testdb_drop(struct store *s);

#endif
