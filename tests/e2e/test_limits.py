"""Limits and timeouts (issue 8): every refusal is a proper status with a
small human page, nothing is stored, and the daemon keeps serving."""
import resource
import socket
import sqlite3
import time

import pytest

from harness import Daemon, form_token


def responses(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM response").fetchone()[0]


def raw(port, data, timeout=5.0, shut=True):
    """Send bytes on a fresh connection and read the whole reply."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass    # the server answered and closed before the end
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def status_of(reply):
    assert reply.startswith(b"HTTP/1."), reply[:200]
    return int(reply.split(b" ", 2)[1])


@pytest.fixture
def limited(db_path, forms_dir, tmp_path):
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "idle_timeout=2", "--set", "max_uri_length=1024"])
    d.start()
    yield d
    d.stop()


def submit_page(daemon, code):
    page = daemon.get(f"/r/{code}")
    assert page.status == 200
    return form_token(page.text)


def test_long_uri_is_414_with_a_page(limited):
    r = limited.get("/r/" + "A" * 2000)
    assert r.status == 414
    assert "Adresse trop longue" in r.text
    assert r.header("Content-Security-Policy")
    assert limited.get("/healthz").status == 200


def test_huge_headers_are_refused(limited):
    reply = raw(limited.port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " +
                b"a" * 20000 + b"\r\n\r\n")
    assert status_of(reply) in (400, 413, 431)
    assert limited.get("/healthz").status == 200


def test_big_body_is_413_and_not_stored(limited, cli, db_path):
    code = cli.meeting()
    token = submit_page(limited, code)
    r = limited.post(f"/r/{code}", {"_token": token, "role": "habitant",
                                    "retiens": "x" * 70000})
    assert r.status == 413
    assert "trop longue" in r.text
    # Over the server-wide body limit: refused before the handler.
    reply = raw(limited.port, (
        f"POST /r/{code} HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 5000000\r\n\r\n").encode() + b"a" * 100)
    assert status_of(reply) == 413
    assert responses(db_path) == 0
    assert limited.get("/healthz").status == 200


def test_long_answer_is_413_too_many_fields_400(limited, cli, db_path):
    code = cli.meeting()
    token = submit_page(limited, code)
    r = limited.post(f"/r/{code}", {"_token": token, "role": "habitant",
                                    "retiens": "é" * 2500})
    assert r.status == 413
    fields = [("_token", token)] + [(f"f{i}", "1") for i in range(300)]
    r = limited.post(f"/r/{code}", fields)
    assert r.status == 400
    assert responses(db_path) == 0


def test_slow_request_gets_408(limited):
    s = socket.create_connection(("127.0.0.1", limited.port), timeout=10)
    start = time.monotonic()
    got = b""
    try:
        # One byte every 0.3 s: evhttp's idle timeout alone never fires.
        for b in b"GET / HTTP/1.1\r\nHost: example\r\nX-Slow: aaaaaaaaaaaaaaaaa":
            s.sendall(bytes([b]))
            time.sleep(0.3)
            if time.monotonic() - start > 6:
                break
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    assert time.monotonic() - start < 8
    assert status_of(got) == 408
    assert "Délai dépassé".encode() in got
    assert limited.get("/healthz").status == 200


def test_idle_connection_is_closed(limited):
    s = socket.create_connection(("127.0.0.1", limited.port), timeout=10)
    start = time.monotonic()
    data = s.recv(65536)
    while data:
        more = s.recv(65536)
        if not more:
            break
        data += more
    s.close()
    assert time.monotonic() - start < 5


def test_connection_cap_pauses_then_resumes(db_path, forms_dir, tmp_path):
    # 2026-12-02 (issue 17): idle connections at the cap are now closed to
    # make room; the listener only pauses when every connection is in the
    # middle of a request, as these five are.
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "max_connections=5", "--set", "idle_timeout=30"])
    d.start()
    try:
        busy = [socket.create_connection(("127.0.0.1", d.port))
                for _ in range(5)]
        for b in busy:
            b.sendall(b"GET /healthz HTTP/1.1\r\n")
        time.sleep(0.3)
        s = socket.create_connection(("127.0.0.1", d.port), timeout=1.0)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                  b"Connection: close\r\n\r\n")
        with pytest.raises(socket.timeout):
            s.recv(100)          # waiting in the backlog: not accepted
        busy[0].close()
        s.settimeout(5)
        reply = s.recv(65536)
        assert status_of(reply) == 200
        s.close()
        for b in busy[1:]:
            b.close()
        time.sleep(0.3)
        # Every slot came back.
        conns = [socket.create_connection(("127.0.0.1", d.port))
                 for _ in range(4)]
        for c in conns:
            c.sendall(b"GET /healthz HTTP/1.1\r\n")
        assert d.get("/healthz", timeout=5).status == 200
        for c in conns:
            c.close()
    finally:
        assert d.stop() == 0


def test_keepalive_connection_closes_gracefully_after_1000_requests(limited):
    # 2026-11-29: the 1,001st request used to get a 429; now the 1,000th
    # reply carries "Connection: close" and the server closes, as nginx's
    # keepalive_requests does: no request is refused.
    import http.client
    s = socket.create_connection(("127.0.0.1", limited.port), timeout=10)
    statuses, closes = set(), []
    for _ in range(1000):
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        r = http.client.HTTPResponse(s)
        r.begin()
        r.read()
        statuses.add(r.status)
        closes.append(r.getheader("Connection"))
    assert statuses == {200}
    assert closes[:999] == [None] * 999
    assert closes[999] == "close"
    assert s.recv(1) == b""
    s.close()
    assert limited.get("/healthz", timeout=5).status == 200


def test_descriptor_exhaustion_does_not_storm_the_log(db_path, forms_dir,
                                                      tmp_path):
    def low_limit():
        # So few that accept(2) fails with EMFILE before the (lowered)
        # connection cap is reached: the error path itself is exercised.
        resource.setrlimit(resource.RLIMIT_NOFILE, (28, 28))

    d = Daemon(db_path, forms_dir, tmp_path, ["--set", "idle_timeout=3"])
    import subprocess
    real_popen = subprocess.Popen

    def popen(*a, **kw):
        kw["preexec_fn"] = low_limit
        return real_popen(*a, **kw)

    subprocess.Popen = popen
    try:
        d.start()
    finally:
        subprocess.Popen = real_popen
    try:
        socks = []
        for _ in range(200):
            try:
                socks.append(socket.create_connection(("127.0.0.1", d.port),
                                                      timeout=2))
            except OSError:
                break
        time.sleep(1.5)
        for s in socks:
            s.close()
        time.sleep(0.5)
        assert d.get("/healthz", timeout=10).status == 200
        accept_errors = [l for l in d.log_lines if "impossible d'accepter" in l]
        assert accept_errors, d.log()             # EMFILE did happen
        assert len(accept_errors) <= 12, d.log()  # about one a second
        assert len(d.log_lines) < 40, d.log()
    finally:
        assert d.stop() == 0
