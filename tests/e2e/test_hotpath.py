"""The hot path of the form page (issue 18, 2 December 2026).

A plain keep-alive "GET /r/CODE" that arrives whole on an idle connection
is answered by the HTTP layer from the connection's input buffer, before
evhttp's parser; everything else goes to evhttp as before.  Proven here:
both paths send the same bytes (but the token and the Date), pipelined
requests of both kinds are answered in order, a request split anywhere
is answered, odd requests keep evhttp's rules, the 1,000-request cap and
the log's counting hold, and HEAD is unchanged.  The daemon says at exit
how many replies took the hot path."""
import re
import socket
import time

from harness import form_token

FIELDS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}


def get(code, extra=""):
    return f"GET /r/{code} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode()


def connect(daemon, timeout=10):
    s = socket.create_connection(("127.0.0.1", daemon.port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Reader:
    """Replies read one after the other from a socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _more(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def reply(self, head_only=False):
        """(status, {header: value}, raw head lines, body)."""
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        headers = {}
        for line in lines[1:]:
            k, _, v = line.decode().partition(":")
            headers[k.strip().lower()] = v.strip()
        n = 0 if head_only else int(headers.get("content-length", "0"))
        while len(self.buf) < n:
            self._more()
        body, self.buf = self.buf[:n], self.buf[n:]
        return int(lines[0].split()[1]), headers, lines, body

    def closed(self):
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buf += chunk
        except socket.timeout:
            return False


def hot_replies(log_lines):
    counts = [re.match(r"recueild: hot path: (\d+) replies$", line)
              for line in log_lines]
    counts = [int(m.group(1)) for m in counts if m]
    assert len(counts) == 1, log_lines
    return counts[0]


def without_token(body):
    return re.sub(rb'name="_token" value="[A-Za-z0-9_-]+"', b"TOKEN", body)


def test_both_paths_send_the_same_bytes(daemon, cli):
    code = cli.meeting()
    s = connect(daemon)
    r = Reader(s)
    s.sendall(get(code))
    hot = r.reply()
    # A cookie (not the language's) sends the same request the ordinary way.
    s.sendall(get(code, "Cookie: autre=1\r\n"))
    ordinary = r.reply()
    s.close()
    assert hot[0] == ordinary[0] == 200
    strip = [line for line in hot[2] if not line.startswith(b"Date: ")]
    assert strip == [line for line in ordinary[2]
                     if not line.startswith(b"Date: ")]
    assert [line for line in hot[2] if line.startswith(b"Date: ")]
    assert hot[2][0] == b"HTTP/1.1 200 OK"
    assert without_token(hot[3]) == without_token(ordinary[3])
    assert form_token(hot[3].decode()) != form_token(ordinary[3].decode())
    # Browsers send "Connection: keep-alive": the same reply either way.
    s = connect(daemon)
    r = Reader(s)
    s.sendall(get(code, "Connection: keep-alive\r\n"))
    hot_ka = r.reply()
    s.sendall(get(code, "Connection: keep-alive\r\nCookie: autre=1\r\n"))
    ordinary_ka = r.reply()
    s.sendall(get(code))
    assert r.reply()[0] == 200      # still open
    s.close()
    for reply in (hot_ka, ordinary_ka):
        assert [line for line in reply[2] if not line.startswith(b"Date: ")
                ] == strip
        assert without_token(reply[3]) == without_token(hot[3])
    assert daemon.stop() == 0
    assert hot_replies(daemon.log_lines) == 3


def test_the_hot_token_is_accepted(daemon, cli):
    code = cli.meeting()
    s = connect(daemon)
    r = Reader(s)
    s.sendall(get(code))
    _, _, _, body = r.reply()
    s.close()
    res = daemon.post(f"/r/{code}", dict(FIELDS,
                                         _token=form_token(body.decode())))
    assert res.status == 303, res.text


def test_pipelined_requests_are_answered_in_order(daemon, cli):
    code = cli.meeting()
    token = form_token(daemon.get(f"/r/{code}").text)
    body = (f"role=habitant&centre=vierzon&premiere_fois=oui&_token={token}")
    post = (f"POST /r/{code} HTTP/1.1\r\nHost: x\r\nContent-Type: "
            "application/x-www-form-urlencoded\r\nContent-Length: "
            f"{len(body)}\r\n\r\n{body}").encode()
    s = connect(daemon)
    r = Reader(s)
    s.sendall(get(code) + post + get(code) +
              f"HEAD /r/{code} HTTP/1.1\r\n\r\n".encode() +
              b"GET /healthz HTTP/1.1\r\n\r\n" +
              f"GET /r/{code}?lang=en HTTP/1.1\r\n\r\n".encode() +
              get(code) + get(code.lower()) + get(code))
    first = r.reply()
    assert first[0] == 200 and b'name="_token"' in first[3]
    stored = r.reply()
    assert stored[0] == 303 and stored[1]["location"].endswith("/merci")
    assert r.reply()[0] == 200
    head = r.reply(head_only=True)
    assert head[0] == 200 and "content-length" not in head[1]
    health = r.reply()
    assert health[0] == 200 and health[3] == b"ok\n"
    english = r.reply()
    assert english[0] == 200 and b'name="_token"' in english[3]
    assert r.reply()[0] == 200
    lower = r.reply()
    assert lower[0] == 303 and lower[1]["location"] == f"/r/{code}"
    last = r.reply()
    assert last[0] == 200 and b'name="_token"' in last[3]
    assert r.buf == b""
    s.close()
    assert daemon.stop() == 0
    assert hot_replies(daemon.log_lines) >= 1


def test_a_request_split_anywhere_is_answered(daemon, cli):
    code = cli.meeting()
    req = get(code, "Accept: text/html\r\n")
    s = connect(daemon)
    r = Reader(s)
    # On one keep-alive connection, each split point in turn.
    for i in range(1, len(req)):
        s.sendall(req[:i])
        time.sleep(0.005)
        s.sendall(req[i:])
        status, _, _, body = r.reply()
        assert status == 200 and b'name="_token"' in body, i
    # And one byte per segment.
    for b in req:
        s.sendall(bytes([b]))
        time.sleep(0.002)
    status, _, _, body = r.reply()
    assert status == 200 and b'name="_token"' in body
    # Two requests, the second split in the middle of its head.
    s.sendall(req + req[:10])
    time.sleep(0.05)
    s.sendall(req[10:])
    assert r.reply()[0] == 200 and r.reply()[0] == 200
    s.close()


def test_odd_requests_keep_evhttps_rules(daemon, cli):
    code = cli.meeting()

    def one(data, head_only=False):
        s = connect(daemon, timeout=5)
        r = Reader(s)
        s.sendall(data)
        out = r.reply(head_only)
        return out, r, s

    # HTTP/1.0: answered, then closed.
    (status, _, _, _), r, s = one(
        f"GET /r/{code} HTTP/1.0\r\n\r\n".encode())
    assert status == 200 and r.closed()
    # Connection: close: answered with it, then closed.
    (status, headers, _, _), r, s = one(get(code, "Connection: close\r\n"))
    assert status == 200 and headers.get("connection") == "close"
    assert r.closed()
    # Folded header, bare line feeds: evhttp accepts both, as before.
    (status, _, _, body), r, s = one(
        f"GET /r/{code} HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n".encode())
    assert status == 200 and b'name="_token"' in body
    (status, _, _, body), r, s = one(
        f"GET /r/{code} HTTP/1.1\nHost: x\n\n".encode())
    assert status == 200 and b'name="_token"' in body
    # A GET with a body: the body is not read as the next request.
    (status, _, _, _), r, s = one(
        get(code, "Content-Length: 5\r\n") + b"GET /" + get(code))
    assert status == 200 and r.reply()[0] == 200
    # Unknown meeting, a head over the limit.
    (status, _, _, _), r, s = one(get("ZZZZZZZ"))
    assert status == 404
    (status, _, _, _), r, s = one(get(code, "X-Big: " + "a" * 20000 +
                                      "\r\n"))
    assert status == 413
    # A closed meeting.
    cli.run("meeting", "close", code)
    time.sleep(0.01)
    (status, _, _, _), r, s = one(get(code))
    assert status == 410


def test_head_is_unchanged(daemon, cli):
    code = cli.meeting()
    s = connect(daemon)
    r = Reader(s)
    s.sendall(f"HEAD /r/{code} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    status, headers, lines, body = r.reply(head_only=True)
    assert status == 200 and body == b""
    assert "content-length" not in headers
    assert headers["content-type"] == "text/html; charset=utf-8"
    s.sendall(get(code))
    status, full, _, body = r.reply()
    assert status == 200 and int(full["content-length"]) == len(body)
    assert {k: v for k, v in full.items() if k not in ("date",
            "content-length")} == {k: v for k, v in headers.items()
                                   if k != "date"}
    time.sleep(0.2)
    s.settimeout(0.2)
    assert not r.closed() and r.buf == b""
    s.close()


def test_a_slow_reader_gets_every_reply_in_order(daemon, cli):
    """Replies pile up while the client does not read: the socket takes
    part of a reply and the rest leaves later, still before the next."""
    code = cli.meeting()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(10)
    s.connect(("127.0.0.1", daemon.port))
    n = 60
    for i in range(n):
        s.sendall(get(code) if i % 10 else b"GET /healthz HTTP/1.1\r\n\r\n")
        time.sleep(0.005)
    r = Reader(s)
    for i in range(n):
        status, _, _, body = r.reply()
        assert status == 200
        assert (b'name="_token"' in body) if i % 10 else body == b"ok\n"
    s.close()


def test_the_1000th_request_closes_the_connection(daemon, cli):
    code = cli.meeting()
    s = connect(daemon)
    r = Reader(s)
    closes = []
    for _ in range(1000):
        s.sendall(get(code))
        status, headers, _, _ = r.reply()
        assert status == 200
        closes.append(headers.get("connection"))
    assert closes[:999] == [None] * 999 and closes[999] == "close"
    assert r.closed() and r.buf == b""
    s.close()
    assert daemon.stop() == 0
    assert hot_replies(daemon.log_lines) == 999


def test_hot_replies_are_counted_not_logged(daemon, cli):
    code = cli.meeting()
    s = connect(daemon)
    r = Reader(s)
    for _ in range(5):
        s.sendall(get(code))
        assert r.reply()[0] == 200
    s.close()
    assert daemon.stop() == 0
    log = daemon.log_lines
    assert not any("/r/" in line or code in line for line in log), log
    counts = [re.match(r"recueild: public pages: (\d+) requests during ",
                       line) for line in log]
    assert sum(int(m.group(1)) for m in counts if m) == 5, log
    assert hot_replies(log) == 5
