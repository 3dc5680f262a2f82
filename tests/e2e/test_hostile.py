"""Hostile input (issue 8): XSS payloads, SQL metacharacters, malformed
bodies and malformed requests over raw sockets.  The daemon keeps serving,
nothing malformed is stored, no payload comes back unescaped, and the
exports carry the payloads neutralised.

Deliberate choices proven here: a repeated single-valued field keeps its
last value; a repeated select_multiple field adds choices; unknown fields
are ignored and never stored; the first _token counts."""
import csv
import io
import re
import socket
import sqlite3
import urllib.parse

import pytest

from harness import form_token
from test_headers import staff_login

BASE = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}

XSS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
    "<iframe srcdoc='<script>alert(3)</script>'>",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "<style>@import'//evil'</style>",
]
SQL = [
    "'; DROP TABLE response; --",
    "\" OR 1=1 --",
    "1); DELETE FROM answer; --",
    "%' UNION SELECT * FROM user --",
    "\\'; PRAGMA writable_schema=1; --",
]
FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1", "\r=1"]


def raw(port, data, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    out = b""
    try:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        while True:
            try:
                chunk = s.recv(65536)
            except (OSError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
    finally:
        s.close()
    return out


def count(db_path, sql="SELECT count(*) FROM response"):
    with sqlite3.connect(db_path) as c:
        return c.execute(sql).fetchone()[0]


def token(daemon, code):
    return form_token(daemon.get(f"/r/{code}").text)


def post_raw_body(daemon, code, body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return raw(daemon.port, (
        f"POST /r/{code} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode() + body)


def assert_not_reflected(body, payload):
    """The payload's own markup (from its first '<', 20 characters) is not
    in the page, in any letter case: escaped, it is harmless text.  Callers
    also check that the payload itself, quotes included, is not there."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if "<" in payload:
        fragment = payload[payload.index("<"):][:20]
        assert fragment.lower() not in text.lower(), (payload, fragment)


def test_xss_payloads_come_back_escaped(daemon, cli):
    code = cli.meeting()
    for p in XSS:
        tok = token(daemon, code)
        # An invalid answer elsewhere: the 422 page shows the text again.
        r = daemon.post(f"/r/{code}", dict(BASE, _token=tok, retiens=p,
                                           changer=p, satisfaction="99"))
        assert r.status == 422
        if any(ch in p for ch in "<>\"'&"):
            assert p not in r.text
        else:
            assert p in r.text    # harmless text is kept as typed
        assert_not_reflected(r.body, p)
        for path in (f"/r/{urllib.parse.quote(p, safe='')}",
                     f"/r?code={urllib.parse.quote(p, safe='')}",
                     f"/r/{urllib.parse.quote(p, safe='')}/merci",
                     f"/{urllib.parse.quote(p, safe='')}"):
            r = daemon.get(path)
            assert r.status in (404, 414), path
            assert_not_reflected(r.body, p)
    assert daemon.get("/healthz").status == 200


def test_sql_metacharacters_are_stored_verbatim(daemon, cli, db_path):
    code = cli.meeting()
    for p in SQL:
        r = daemon.post(f"/r/{code}", dict(BASE, _token=token(daemon, code),
                                           retiens=p))
        assert r.status == 303, p
    with sqlite3.connect(db_path) as c:
        vals = {v for (v,) in c.execute(
            "SELECT value FROM answer WHERE question = 'retiens'")}
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert vals == set(SQL)
    assert count(db_path) == len(SQL)


MALFORMED_BODIES = [
    "role=habitant&retiens=a%00b",          # NUL escaped
    b"role=habitant&retiens=a\x00b",        # NUL raw
    "role=habitant&retiens=%FF%FE",         # invalid UTF-8
    b"role=habitant&retiens=\xff\xfe",      # invalid UTF-8 raw
    "role=habitant&retiens=%C0%AF",         # overlong
    "role=habitant&retiens=%ED%A0%80",      # surrogate
    "role=habitant&retiens=%F4%90%80%80",   # above U+10FFFF
    "role=habitant&retiens=%zz",            # broken escape
    "role=habitant&retiens=abc%4",          # truncated escape
    "role=habitant&retiens=abc%",           # lone percent
    "re%00tiens=x",                         # NUL in a key
    "%E9=x",                                # invalid UTF-8 in a key
]


@pytest.mark.parametrize("body", MALFORMED_BODIES)
def test_malformed_bodies_are_400_and_not_stored(daemon, cli, db_path, body):
    code = cli.meeting()
    tok = token(daemon, code)
    extra = f"&_token={tok}&centre=vierzon&premiere_fois=oui"
    body = body + (extra.encode() if isinstance(body, bytes) else extra)
    reply = post_raw_body(daemon, code, body)
    assert reply.startswith(b"HTTP/1.1 400"), reply[:100]
    assert b"<h1>" in reply          # a human page
    assert count(db_path) == 0
    assert daemon.get("/healthz").status == 200


MALFORMED_REQUESTS = [
    b"\x00\x01\x02\x03garbage\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /\x00admin HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /%61dmin HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nBad Header Line\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n folded: value\r\n\r\n",
    b"POST /r/ABCDEFG HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /r/ABCDEFG HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
    b"Content-Length: 50\r\n\r\nhello",
    b"POST /r/ABCDEFG HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"\r\nzz\r\nhello\r\n0\r\n\r\n",
    b"POST /r/ABCDEFG HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"\r\nffffffffffffffff\r\nhello\r\n0\r\n\r\n",
    b"POST /r/ABCDEFG HTTP/1.1\r\nHost: x\r\nContent-Length: "
    b"99999999999999999999999\r\n\r\n",
    b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n",
    b"A" * 9000 + b" / HTTP/1.1\r\n\r\n",
    b"GET /" + b"%" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 2000 + b"\r\n",
    b"GET /?" + b"a=1&" * 1000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /r?code=%ZZ%00%FF HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\nHost: x\n\n",
]


def test_malformed_requests_never_hurt_the_daemon(daemon, db_path):
    for req in MALFORMED_REQUESTS:
        reply = raw(daemon.port, req)
        if reply:
            assert reply.startswith(b"HTTP/1."), (req[:60], reply[:100])
            status = int(reply.split(b" ", 2)[1])
            assert status < 500 or status in (501, 503), (req[:60], status)
        assert daemon.get("/healthz").status == 200, req[:60]
        assert b"<script" not in reply.lower()
    assert daemon.proc.poll() is None
    assert count(db_path) == 0


def test_duplicate_and_unknown_fields(daemon, cli, db_path):
    code = cli.meeting()
    tok = token(daemon, code)
    fields = [("_token", tok), ("_token", "forged"), ("role", "habitant"),
              ("role", "professionnel"), ("centre", "vierzon"),
              ("premiere_fois", "oui"), ("envies", "visiter"),
              ("envies", "preparer"), ("envies", "visiter"),
              ("champ_inconnu", "donnee-inconnue-3377"),
              ("user_id", "1; DROP TABLE user")]
    r = daemon.post(f"/r/{code}", fields)
    assert r.status == 303
    with sqlite3.connect(db_path) as c:
        answers = dict(c.execute("SELECT question, value FROM answer"))
    assert answers["role"] == "professionnel"          # last wins
    assert sorted(answers["envies"].split()) == ["preparer", "visiter"]
    assert "champ_inconnu" not in answers and "user_id" not in answers
    assert b"donnee-inconnue-3377" not in db_path.read_bytes()
    wal = db_path.parent / (db_path.name + "-wal")
    if wal.exists():
        assert b"donnee-inconnue-3377" not in wal.read_bytes()


def test_exports_neutralise_payloads(daemon, cli):
    code = cli.meeting()
    payloads = FORMULAS + XSS[:3] + SQL[:2]
    for p in payloads:
        r = daemon.post(f"/r/{code}", dict(BASE, _token=token(daemon, code),
                                           retiens=p))
        assert r.status == 303, p
    out = cli.run("export", "responses", "--form", "rencontre-reseau",
                  "--codes").stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    got = [row["retiens"] for row in rows]
    assert len(got) == len(payloads)
    for cell in got:
        assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r"), repr(cell)
    for p in payloads:
        p = p.strip()    # answers are trimmed when read
        expect = "'" + p if p[:1] in ("=", "+", "-", "@", "\t", "\r") else p
        assert expect in got, (p, got)
    assert daemon.get("/healthz").status == 200


def test_staff_pages_show_payloads_escaped(daemon, cli):
    title = "<script>alert('titre')</script> Réunion \"test\""
    code = cli.meeting("rencontre-reseau", title, "2026-11-20")
    for p in XSS + SQL:
        r = daemon.post(f"/r/{code}", dict(BASE, _token=token(daemon, code),
                                           retiens=p, changer=p))
        assert r.status == 303, p
    page = daemon.get(f"/r/{code}").text
    # The page's own skip-logic script is the only script: no payload's.
    assert title not in page and "<script>alert" not in page.lower()
    assert page.lower().count("<script") <= 1
    cookie = staff_login(daemon, cli)
    for path in (f"/admin/meetings/{code}", f"/admin/meetings/{code}/print",
                 "/admin/", f"/admin/meetings/{code}/qr.svg"):
        r = daemon.get(path, headers={"Cookie": cookie})
        assert r.status == 200, path
        assert title not in r.text, path
        for p in XSS:
            if any(ch in p for ch in "<>\"'&"):
                assert p not in r.text, (path, p)
            assert_not_reflected(r.body, p)
