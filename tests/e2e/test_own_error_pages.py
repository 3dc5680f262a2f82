"""Refusals made before evhttp parses a request carry Recueil's own page
and security headers (issue 17, item 7, 2026-12-02).

Before: libevent 2.1 answered a method it does not allow (501), a header
block over max_header_size and a Content-Length over the body limit (413)
with its bare pages, without Content-Security-Policy.
Now the connection limits read each request's head as it arrives and
answer with our page first.  Left to libevent (recueild(8)): a chunked
body over the limit, and a pipelined request already buffered when the
previous reply left."""
import socket

import pytest

from harness import Daemon


def raw(port, data, timeout=10.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass    # answered and closed before the end
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


def parse(reply):
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body.decode("utf-8")


CASES = [
    ("unknown method", b"FOO / HTTP/1.1\r\nHost: x\r\n\r\n", 405,
     "Action impossible"),
    ("method not allowed", b"PUT /r/ABCDEFG HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 0\r\n\r\n", 405, "Action impossible"),
    ("DELETE", b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", 405,
     "Action impossible"),
    ("one huge header", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " +
     b"a" * 20000 + b"\r\n\r\n", 413, "Envoi trop long"),
    ("many headers", b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 2000 +
     b"\r\n", 413, "Envoi trop long"),
    ("huge request line", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n",
     413, "Envoi trop long"),
    ("declared body too big", b"POST /r/ABCDEFG HTTP/1.1\r\nHost: x\r\n"
     b"Content-Type: application/x-www-form-urlencoded\r\n"
     b"Content-Length: 5000000\r\n\r\n" + b"a" * 100, 413,
     "Envoi trop long"),
]


@pytest.mark.parametrize("name,request_bytes,status,title", CASES,
                         ids=[c[0] for c in CASES])
def test_refusal_before_parsing_is_our_page(daemon, name, request_bytes,
                                            status, title):
    got, headers, body = parse(raw(daemon.port, request_bytes))
    assert got == status, body[:200]
    assert "default-src 'none'" in headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("content-type") == "text/html; charset=utf-8"
    assert headers.get("connection") == "close"
    assert '<html lang="fr"' in body
    assert title in body
    if status == 405:
        assert headers.get("allow") == "GET, HEAD, POST"
    assert daemon.get("/healthz").status == 200


def test_header_limit_follows_the_setting(db_path, forms_dir, tmp_path):
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "max_header_size=2k"]).start()
    try:
        small = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 1500 + \
            b"\r\nConnection: close\r\n\r\n"
        assert parse(raw(d.port, small))[0] == 200
        big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 2100 + \
            b"\r\nConnection: close\r\n\r\n"
        status, headers, _ = parse(raw(d.port, big))
        assert status == 413
        assert "frame-ancestors 'none'" in headers.get(
            "content-security-policy", "")
        # Keep-alive requests after a normal one are read the same way.
        s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            first = s.recv(65536)
            assert first.startswith(b"HTTP/1.1 200")
            s.sendall(big)
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
            assert out.startswith(b"HTTP/1.1 413"), out[:100]
            assert b"frame-ancestors 'none'" in out
        finally:
            s.close()
    finally:
        assert d.stop() == 0


def test_pipelined_request_is_read_from_its_start(daemon):
    # The next request's first line arrives with the previous one, its
    # headers only after the reply: they must not be taken for a request
    # line (which would be refused as an unknown method).
    s = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /healthz HTTP/1.1\r\n")
        first = s.recv(65536)
        assert first.startswith(b"HTTP/1.1 200"), first[:100]
        s.sendall(b"Host: x\r\nConnection: close\r\n\r\n")
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        # The second reply (possibly after the rest of the first).
        assert b"HTTP/1.1 405" not in out, out[:300]
        assert out.count(b"ok\n") >= 1 or first.count(b"ok\n") == 1
        assert b"HTTP/1.1 200" in first + out
    finally:
        s.close()
