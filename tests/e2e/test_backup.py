"""`recueil backup FILE` while the daemon takes a burst of submissions: every
copy passes PRAGMA integrity_check and holds a consistent set of rows."""
import os
import sqlite3
import threading

from harness import form_token

ANSWER = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui",
          "satisfaction": "4", "retiens": "Une belle rencontre"}


def submit(daemon, code):
    page = daemon.get(f"/r/{code}")
    assert page.status == 200
    r = daemon.post(f"/r/{code}", dict(ANSWER, _token=form_token(page.text)))
    assert r.status == 303, r.text
    return r


def counts(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        responses = con.execute("SELECT count(*) FROM response").fetchone()[0]
        answers = con.execute("SELECT count(*) FROM answer").fetchone()[0]
        orphans = con.execute("SELECT count(*) FROM answer WHERE response_id "
                              "NOT IN (SELECT id FROM response)").fetchone()[0]
        return responses, answers, orphans
    finally:
        con.close()


def test_backup_during_a_burst_of_submissions(daemon, cli, tmp_path):
    code = cli.meeting()
    submit(daemon, code)
    stop = threading.Event()
    errors = []

    def burst():
        try:
            while not stop.is_set():
                submit(daemon, code)
        except Exception as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=burst) for _ in range(4)]
    for t in threads:
        t.start()
    seen = []
    try:
        for i in range(5):
            dest = tmp_path / f"backup-{i}.db"
            p = cli.run("backup", dest)
            assert p.stdout == b"" and p.stderr == b""
            assert oct(dest.stat().st_mode & 0o777) == "0o600"
            seen.append(counts(dest))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    for responses, answers, orphans in seen:
        assert responses >= 1
        assert orphans == 0
        # Every response of the form has the same number of answers.
        assert answers % responses == 0
    # The copies follow the burst, and a last one has every response.
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)
    final = tmp_path / "final.db"
    cli.run("backup", final)
    live = sqlite3.connect(cli.db)
    n = live.execute("SELECT count(*) FROM response").fetchone()[0]
    live.close()
    assert counts(final)[0] == n
    # Nothing but the backups is left beside them.
    assert sorted(os.listdir(tmp_path)) == sorted(
        [f"backup-{i}.db" for i in range(5)] + ["final.db", "forms",
                                                 "recueil.db",
                                                 "recueil.db-shm",
                                                 "recueil.db-wal"])


def test_backup_replaces_an_older_backup(cli, tmp_path):
    cli.meeting()
    dest = tmp_path / "b.db"
    dest.write_bytes(b"old")
    cli.run("backup", dest)
    assert counts(dest)[0] == 0


def test_backup_usage_and_failures(cli, tmp_path):
    cli.meeting()
    p = cli.run("backup", "--help")
    assert p.stdout.startswith(b"usage : recueil")
    for args in [[], ["a.db", "b.db"], ["--fast", "a.db"]]:
        p = cli.run("backup", *args, check=False)
        assert p.returncode == 2, args
        assert b"usage :" in p.stderr
    # The database itself is refused, and left whole.
    p = cli.run("backup", cli.db, check=False)
    assert p.returncode == 1
    assert "est la base elle-même".encode() in p.stderr
    assert counts(cli.db)[0] == 0
    # A missing database is not created.
    missing = tmp_path / "none.db"
    p = cli.run("--db", missing, "backup", tmp_path / "x.db", check=False)
    assert p.returncode == 1
    assert not missing.exists() and not (tmp_path / "x.db").exists()
