"""Failed-login limits and the client address (issue 17, items 3 and 4,
2026-12-02).

Before: any loopback peer's X-Forwarded-For was believed, so changing the
header escaped the per-address limit; the counters lived in a 1,024-slot
table in memory that forgot the oldest entry when full (a flood of
failures on other names unblocked a blocked account) and everything at a
restart.  Now X-Forwarded-For is read only from `trusted_proxies`, and the
counters live in the database, expire by time only, and a full table
refuses (429) rather than forgets."""
import re
import sqlite3

import pytest

from harness import Daemon

PASSWORDS = {"alice": "password", "bob": "motdepasse-bob"}


@pytest.fixture
def staff(cli):
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    cli.run("user", "add", "bob", "--role", "professional",
            input=b"motdepasse-bob\n")
    return cli


def login(daemon, name, password=None, xff=None):
    page = daemon.get("/admin/login")
    assert page.status == 200
    token = re.search(r'name="csrf" value="([A-Za-z0-9_-]+)"', page.text)
    cookie = re.match(r"(recueil_login=[A-Za-z0-9_-]+);",
                      page.header("Set-Cookie") or "")
    assert token and cookie
    headers = {"Cookie": cookie.group(1)}
    if xff is not None:
        headers["X-Forwarded-For"] = xff
    fields = {"username": name, "csrf": token.group(1),
              "password": password if password is not None
              else PASSWORDS[name]}
    return daemon.post("/admin/login", fields, headers=headers)


def test_forwarded_for_is_ignored_without_trusted_proxies(daemon, staff):
    # Thirty failures, each claiming another client address: with no
    # trusted proxy they all count against this peer.
    statuses = [login(daemon, f"ghost{i}", "wrong",
                      xff=f"198.51.100.{i + 1}").status for i in range(30)]
    assert statuses == [401] * 30
    r = login(daemon, "bob", xff="203.0.113.77")
    assert r.status == 429, r.text
    assert "Trop de tentatives" in r.text


def test_trusted_proxy_gives_the_rightmost_untrusted_address(
        db_path, forms_dir, tmp_path, staff):
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "trusted_proxies=127.0.0.1, ::1"]).start()
    try:
        # The client invents the left part; the proxy appended the right.
        for i in range(30):
            r = login(d, f"ghost{i}", "wrong",
                      xff=f"10.9.{i}.1, 198.51.100.7")
            assert r.status == 401
        assert login(d, "bob", xff="1.2.3.4, 198.51.100.7").status == 429
        # Another client behind the same proxy is not blocked.
        assert login(d, "bob", xff="203.0.113.5").status == 303
        # Nothing of it reaches the log.
        assert "198.51.100" not in d.log()
    finally:
        assert d.stop() == 0


def test_login_block_survives_a_restart(daemon, staff, db_path):
    for _ in range(5):
        assert login(daemon, "alice", "wrong").status == 401
    assert login(daemon, "alice").status == 429
    assert daemon.stop() == 0
    daemon.start()
    r = login(daemon, "alice")
    assert r.status == 429, r.text
    # Stored as keyed hashes, never the name or the address.
    with sqlite3.connect(db_path) as c:
        keys = [k for (k,) in c.execute("SELECT key FROM login_failure")]
    assert keys
    assert not any(b"alice" in k or b"127.0.0.1" in k for k in keys)
    # Others still log in.
    assert login(daemon, "bob").status == 303


def test_full_table_refuses_and_never_unblocks(db_path, forms_dir, tmp_path,
                                                staff):
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "trusted_proxies=127.0.0.1",
                "--set", "login_limit_entries=20"]).start()
    try:
        for _ in range(5):
            assert login(d, "alice", "wrong", xff="192.0.2.1").status == 401
        assert login(d, "alice", xff="192.0.2.1").status == 429
        # A flood of failures on other names, from other addresses (few
        # enough per address never to block one), fills the table.
        statuses = [login(d, f"ghost{i}", "wrong",
                          xff=f"198.51.100.{i // 10 + 1}").status
                    for i in range(40)]
        assert 401 in statuses
        assert statuses[-1] == 429, statuses
        full = login(d, "ghost-last", "wrong", xff="198.51.100.200")
        assert full.status == 429
        assert "Réessayez dans un quart d" in full.text
        # The blocked account stays blocked, from anywhere.
        assert login(d, "alice", xff="203.0.113.9").status == 429
    finally:
        assert d.stop() == 0
