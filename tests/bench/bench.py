#!/usr/bin/env python3
"""make bench: Recueil against side-by-side baselines, in alternating rounds.

On a shared machine a single long run of each side, one after the other,
measures the neighbours as much as the code: the same commit gave GET 0.64x
nginx on one run and 1.29x on the next.  So every pair is measured in
ROUNDS short alternating rounds (A, B, A, B, ...), a ratio is computed per
round, and the table shows the median ratio with its range (min-max), plus
the load average before and after.

Starts a release recueild on a free loopback port with a temporary
database (under the build folder, on the same disk as a real one, not
tmpfs) and one meeting of the bundled form rencontre-reseau, then measures,
every step bounded in time:

  GET /r/CODE          wrk -t1 and wrk -t2 (64 connections), against nginx
                       (one worker, its own temporary config) serving the
                       very same page bytes as a file
  POST /r/CODE         wrk, one real token each (a pool fetched beforehand
                       with GETs, a fresh part of it per round), against
                       baseline_insert: the same rows into SQLite, WAL +
                       synchronous=FULL, one transaction per submission
  exports              each row of EXPORTS (recueil export ...) on
                       BENCH_RESPONSES generated responses, against
                       sqlite3 -csv dumping the answer table (time and peak
                       RSS, /usr/bin/time -v)
  daemon RSS           idle, and holding 1,000 keep-alive connections

and prints one table.  Environment: BUILD (default build), BENCH_ROUNDS
(default 5), BENCH_SECONDS (per side and round for wrk and the baseline,
default 2), BENCH_RESPONSES (default 300000), BENCH_ONLY (a comma list of
get, post, exports; default all), BENCH_KEEP=1 keeps the temporary folder.
"""
import glob
import os
import pathlib
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / os.environ.get("BUILD", "build")
BENCH = pathlib.Path(__file__).resolve().parent
RECUEILD = BUILD / "recueild"
RECUEIL = BUILD / "recueil"
BASELINE = BUILD / "bench" / "baseline_insert"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
RESPONSES = int(os.environ.get("BENCH_RESPONSES", "300000"))
ONLY = set(os.environ.get("BENCH_ONLY", "get,post,exports").split(","))
CONNS = 64
THREADS = 2           # wrk threads for POST and the token pool
HOLD = 1000
TIMEOUT = 60 + 2 * SECONDS  # any single step

rows = []     # Row
notes = []

# The exports measured against `sqlite3 -csv`: (label, arguments of
# recueil after --db and --forms[, time target]).  "{out}" in the
# arguments becomes a temporary file, removed after each run (for formats
# written with -o); otherwise the export goes to stdout, sent to
# /dev/null.  A new export format is one more line here.  The time target
# is CSV_TARGET unless the row gives its own: a workbook writes typed XML
# for every cell and deflates it, several times the bytes of a CSV.
CSV_TARGET = ("<= 1.0x sqlite3 -csv", "ratio<=", 1.0)
WORKBOOK_TARGET = ("<= 20x sqlite3 -csv", "ratio<=", 20.0)
EXPORTS = [
    ("export stats", ["export", "stats", "--form", "rencontre-reseau"]),
    ("export responses", ["export", "responses", "--form",
                          "rencontre-reseau"]),
    ("export responses .xlsx", ["export", "responses", "--form",
                                "rencontre-reseau", "--format", "xlsx"],
     WORKBOOK_TARGET),
    ("export responses .ods", ["export", "responses", "--form",
                               "rencontre-reseau", "--format", "ods"],
     WORKBOOK_TARGET),
]


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def wait_http(url, deadline=20):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {deadline} s")


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 8192) if hard != resource.RLIM_INFINITY else 8192
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


# ---- wrk -------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds, script=None, args=(), latency=True, threads=THREADS):
    cmd = ["wrk", f"-t{threads}", f"-c{CONNS}", f"-d{seconds}s",
           "--timeout", "5s"]
    if latency:
        cmd.append("--latency")
    if script:
        cmd += ["-s", str(script)]
    cmd.append(url)
    if args:
        cmd += ["--"] + [str(a) for a in args]
    out = subprocess.run(cmd, capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    res = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    res["requests"] = int(m.group(1)) if m else 0
    for p in ("50", "99"):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        res["p" + p] = float(m.group(1)) * UNITS[m.group(2)] if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["bad"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    res["errors"] = m.group(1) if m else ""
    return res


# ---- nginx -----------------------------------------------------------------

NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
master_process on;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    # As the daemon logs each request to /dev/null, so does nginx.
    access_log /dev/null;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    # recueild closes a keep-alive connection after 1,000 requests (the
    # 1,000th reply says "Connection: close", connlimit.h); nginx's
    # default, 1,000, is kept alike.
    keepalive_requests 1000;
    types {{ }}
    default_type "text/html; charset=utf-8";
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/www;
        location / {{ }}
    }}
}}
"""


class Nginx:
    def __init__(self, tmp, page, path):
        self.tmp = tmp
        self.port = free_port()
        www = tmp / "www" / path.lstrip("/")
        www.parent.mkdir(parents=True, exist_ok=True)
        www.write_bytes(page)
        conf = tmp / "nginx.conf"
        # As root, nginx's worker would be "nobody", who cannot read the
        # private temporary folder: keep the worker as the current user.
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=self.port,
                                          user=user))
        self.proc = subprocess.Popen(
            ["nginx", "-e", str(tmp / "nginx-error.log"), "-p", f"{tmp}/",
             "-c", str(conf)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=raise_nofile)
        self.url = f"http://127.0.0.1:{self.port}{path}"
        got = wait_http(self.url)
        if got != page:
            raise RuntimeError("nginx does not serve the same bytes")

    def worker_pid(self):
        kids = pathlib.Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}"
                            "/children")
        try:
            pids = kids.read_text().split()
            return int(pids[0]) if pids else None
        except OSError:
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- connections held open -------------------------------------------------

def hold_connections(host, port, path, n, pid, deadline=30):
    """Open n keep-alive connections, one GET each, and read each reply
    fully; return the RSS of pid (KiB) while they are all open."""
    req = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").encode()
    socks = []
    end = time.monotonic() + deadline
    try:
        for _ in range(n):
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(req)
            socks.append(s)
        for s in socks:
            buf = b""
            while b"\r\n\r\n" not in buf:
                if time.monotonic() > end:
                    raise RuntimeError("replies too slow")
                chunk = s.recv(65536)
                if not chunk:
                    raise RuntimeError("connection closed")
                buf += chunk
            head, _, body = buf.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            need = int(m.group(1)) if m else 0
            while len(body) < need:
                if time.monotonic() > end:
                    raise RuntimeError("replies too slow")
                chunk = s.recv(65536)
                if not chunk:
                    raise RuntimeError("connection closed")
                body += chunk
        time.sleep(0.5)
        alive = sum(1 for s in socks if s.fileno() >= 0)
        return rss_kib(pid), alive
    finally:
        for s in socks:
            s.close()


# ---- /usr/bin/time -v ------------------------------------------------------

def timed(cmd, env=None):
    """Run cmd with stdout to /dev/null; return (seconds, peak RSS KiB, rc)."""
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    secs = time.monotonic() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    if p.returncode != 0:
        log(f"{' '.join(cmd)}: exit {p.returncode}: "
            f"{p.stderr.strip().splitlines()[0] if p.stderr.strip() else ''}")
    return secs, int(m.group(1)) if m else None, p.returncode


# ---- the table -------------------------------------------------------------

def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    if v >= 100:
        s = f"{v:,.0f}"
    elif v >= 10:
        s = f"{v:.1f}"
    else:
        s = f"{v:.2f}"
    return s + (" " + unit if unit else "")


def add(measure, ours, base=None, unit="", target=None):
    """One row of the table.  `ours` and `base` are the per-round values
    of each side (lists, in round order; base None when there is no
    baseline); the ratio is taken per round, then its median and range.
    `target` is (text, kind, limit) with kind "ratio>=", "ratio<=" or
    "value<=" (the median of our values), or None."""
    ours = [v for v in ours]
    ratios = []
    if base is not None:
        ratios = [a / b for a, b in zip(ours, base)
                  if a is not None and b]
    mo, mb, mr = median(ours), median(base or []), median(ratios)
    spread = ""
    if len(ratios) > 1:
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
    elif base is None and len([v for v in ours if v is not None]) > 1:
        vals = [v for v in ours if v is not None]
        spread = f"{fmt(min(vals))}-{fmt(max(vals))}"
    met = ""
    if target is not None:
        _, kind, limit = target
        got = mo if kind == "value<=" else mr
        if got is not None:
            met = "yes" if (got >= limit if kind == "ratio>=" else
                            got <= limit) else "no"
    rows.append((measure, fmt(mo, unit),
                 fmt(mb, unit) if base is not None else "-",
                 f"{mr:.2f}x" if mr is not None else "",
                 spread, target[0] if target else "", met))


def print_table():
    head = ("measure", "Recueil", "baseline", "ratio", "range", "target",
            "met")
    w = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join("-" * n for n in w)
    print()
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)).rstrip())
    print(line)
    for r in rows:
        print("  ".join((c.ljust(w[i]) if i in (0, 5, 6) else c.rjust(w[i]))
                        for i, c in enumerate(r)).rstrip())
    for n in notes:
        print("note: " + n)


def alternate(a, b, rounds=ROUNDS):
    """Run a(k) and b(k) for k in range(rounds), alternating a, b, a, b;
    return the two lists of results."""
    ra, rb = [], []
    for k in range(rounds):
        ra.append(a(k))
        rb.append(b(k))
    return ra, rb


# ---- steps -----------------------------------------------------------------

def start_daemon(tmp, db, log=None):
    """recueild on a free port; its log (a line per request) to /dev/null,
    as nginx's, or to the file `log`."""
    port = free_port()
    err = open(log, "wb") if log is not None else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [str(RECUEILD), "--listen", f"127.0.0.1:{port}", "--db", str(db),
             "--forms", str(ROOT / "forms")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=err, preexec_fn=raise_nofile)
    finally:
        if log is not None:
            err.close()
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return proc, port


def batch_sizes(log):
    """The writer's distribution of batch sizes, from its last words."""
    try:
        text = pathlib.Path(log).read_text(errors="replace")
    except OSError:
        return None
    m = re.search(r"writer: (\d+ submissions? in \d+ batch(?:es)? "
                  r"\(largest \d+\))", text)
    d = re.search(r"writer: batch sizes (.*)", text)
    if not m:
        return None
    return m.group(1) + (f"; batch sizes {d.group(1)}" if d else "")


def stop(proc):
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def meeting(db):
    out = subprocess.run(
        [str(RECUEIL), "--db", str(db), "--forms", str(ROOT / "forms"),
         "meeting", "create", "--form", "rencontre-reseau", "--title",
         "Rencontre du réseau (bench)", "--date", "2026-11-20"],
        capture_output=True, text=True, timeout=30, check=True).stdout
    return out.splitlines()[0].strip()


def check_wrk(name, results):
    for k, r in enumerate(results):
        if r["bad"] or r["errors"] or not r["rps"]:
            notes.append(f"{name}, round {k + 1}: {r['bad']} bad replies, "
                         f"socket errors: {r['errors'] or 'none'}")


def bench_get(base, path, nginx):
    """GET against nginx, wrk -t1 then -t2, ROUNDS alternating rounds
    each, after one unmeasured warm-up of each side."""
    url = base + path
    wrk(url, 1, latency=False)
    wrk(nginx.url, 1, latency=False)
    rates = []
    for threads in (1, 2):
        log(f"GET {path}: wrk -t{threads}, {ROUNDS} rounds of {SECONDS} s "
            "each side")
        ours, theirs = alternate(
            lambda k: wrk(url, SECONDS, threads=threads),
            lambda k: wrk(nginx.url, SECONDS, threads=threads))
        check_wrk(f"GET recueild -t{threads}", ours)
        check_wrk(f"GET nginx -t{threads}", theirs)
        add(f"GET /r/CODE req/s, wrk -t{threads}",
            [r["rps"] for r in ours], [r["rps"] for r in theirs],
            target=(">= 1.0x nginx", "ratio>=", 1.0))
        add(f"GET p50 latency, -t{threads}", [r["p50"] for r in ours],
            [r["p50"] for r in theirs], "ms")
        add(f"GET p99 latency, -t{threads}", [r["p99"] for r in ours],
            [r["p99"] for r in theirs], "ms",
            target=("<= 2 ms", "value<=", 2.0))
        rates += [r["rps"] for r in ours]
    return median(rates) or 0.0


def token_pool(tmp, url, want):
    """Fetch about `want` real tokens with GETs (tokens.lua) and split them
    into ROUNDS pools tmp/tokens/rK/tokens-N, one file per wrk thread, so
    that no round sends a token another round sent.  Return the number of
    tokens in each round's pool."""
    pool = tmp / "tokens"
    pool.mkdir()
    per_thread = want // THREADS + 1
    log(f"fetching up to {per_thread * THREADS} tokens with GETs")
    # wrk sleeps for its whole -d even when every thread has stopped:
    # interrupt it (SIGINT, its own way to end a run early) once the
    # pools are full, or after 60 s.
    proc = subprocess.Popen(
        ["wrk", f"-t{THREADS}", f"-c{CONNS}", "-d60s", "-s",
         str(BENCH / "tokens.lua"), url, "--", str(pool), str(per_thread)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < end:
        time.sleep(0.5)
        got = 0
        for f in glob.glob(str(pool / "tokens-*")):
            got += os.path.getsize(f) // 67
        if got >= per_thread * THREADS:
            break
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    tokens = []
    for f in sorted(glob.glob(str(pool / "tokens-*"))):
        with open(f) as fh:
            tokens += [t for t in fh.read().split() if len(t) == 66]
    per = len(tokens) // ROUNDS
    for k in range(ROUNDS):
        d = pool / f"r{k}"
        d.mkdir()
        part = tokens[k * per:(k + 1) * per]
        for t in range(THREADS):
            (d / f"tokens-{t + 1}").write_text(
                "".join(x + "\n" for x in part[t::THREADS]))
    return per


def bench_post(tmp, db, base, path, get_rate):
    """POST against baseline_insert, ROUNDS alternating rounds."""
    # A submission costs about twice a page: half the GET rate, with
    # room, for each second of POST.
    est = max(20000, get_rate / 2)
    per = token_pool(tmp, base + path, int(est * SECONDS * ROUNDS * 1.3))
    bdb = tmp / "baseline.db"
    meeting(bdb)
    before = sqlite3.connect(db).execute(
        "SELECT count(*) FROM response").fetchone()[0]

    def ours(k):
        r = wrk(base + path, SECONDS, BENCH / "post.lua",
                (tmp / "tokens" / f"r{k}",))
        if r["requests"] >= per - CONNS:
            notes.append(f"POST round {k + 1}: the token pool ({per}) ran "
                         "out")
        return r

    def baseline(k):
        out = subprocess.run([str(BASELINE), str(bdb), "1", str(SECONDS)],
                             capture_output=True, text=True,
                             timeout=TIMEOUT, check=True).stdout.split()
        return float(out[2])

    log(f"POST {path}: {ROUNDS} rounds of {SECONDS} s each side, {per} "
        "tokens a round")
    posts, base_rates = alternate(ours, baseline)
    con = sqlite3.connect(db)
    stored = con.execute("SELECT count(*) FROM response").fetchone()[0] \
        - before
    con.close()
    acked = sum(r["requests"] for r in posts)
    for k, r in enumerate(posts):
        if r["bad"] or r["errors"]:
            notes.append(f"POST round {k + 1}: {r['bad']} replies other "
                         "than 2xx/3xx, socket errors: "
                         f"{r['errors'] or 'none'}")
    if stored < acked:
        notes.append(f"POST: {acked} acknowledged, only {stored} stored")
    log(f"POST: {acked} acknowledged, {stored} stored")
    add("POST durable submissions/s", [r["rps"] for r in posts], base_rates,
        target=(">= 3.0x baseline", "ratio>=", 3.0))
    add("POST p50 latency, 64 conns", [r["p50"] for r in posts], None, "ms")
    add("POST p99 latency, 64 conns", [r["p99"] for r in posts], None, "ms",
        target=("<= 10 ms", "value<=", 10.0))


def bench_http(tmp):
    db = tmp / "recueil.db"
    code = meeting(db)
    daemon, port = start_daemon(tmp, db)
    nginx = None
    try:
        base = f"http://127.0.0.1:{port}"
        path = f"/r/{code}"
        page = wait_http(base + path)
        log(f"recueild pid {daemon.pid} on {base}, page {path} "
            f"{len(page)} bytes")

        idle = rss_kib(daemon.pid)
        held, alive = hold_connections("127.0.0.1", port, path, HOLD,
                                       daemon.pid)
        log(f"RSS idle {idle} KiB, with {alive} connections {held} KiB")

        nginx = Nginx(tmp, page, path)
        n_idle = rss_kib(nginx.worker_pid())
        n_held, _ = hold_connections("127.0.0.1", nginx.port, path, HOLD,
                                     nginx.worker_pid())
        get_rate = 0.0
        if "get" in ONLY:
            get_rate = bench_get(base, path, nginx)
        nginx.stop()
        nginx = None
        if "post" in ONLY:
            # A fresh daemon on the same database, its log kept this time
            # for the writer's batch sizes (written at exit).
            stop(daemon)
            log_file = tmp / "recueild-post.log"
            daemon, port = start_daemon(tmp, db, log_file)
            base = f"http://127.0.0.1:{port}"
            bench_post(tmp, db, base, path, get_rate)
            stop(daemon)
            sizes = batch_sizes(log_file)
            notes.append("POST: writer: " + (sizes or "no summary in its log"))
    finally:
        if nginx is not None:
            nginx.stop()
        stop(daemon)

    mib = (lambda v: v / 1024 if v else None)
    add("RSS idle (nginx: worker)", [mib(idle)], [mib(n_idle)], "MiB",
        target=("<= 8 MiB", "value<=", 8.0))
    add(f"RSS, {HOLD} open connections", [mib(held)], [mib(n_held)], "MiB",
        target=("<= 32 MiB", "value<=", 32.0))


def generator():
    """The exports engineer's generator when it is built, else None."""
    for name in ("gen", "gen_responses", "generate"):
        p = BUILD / "tools" / name
        if p.exists():
            return p
    return None


def generate_sql(db, n):
    """Generate n responses to rencontre-reseau with SQL alone."""
    con = sqlite3.connect(db)
    con.executescript(f"""
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO response (id, meeting_id, form_version_id, token, submitted_at)
  WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
                          WHERE i < {n})
  SELECT i, 1 + i % 50, (SELECT max(id) FROM form_version
                         WHERE form_id = 'rencontre-reseau'),
         randomblob(16), 1795000000 + i * 30 FROM c;
INSERT INTO answer (response_id, question, value)
  SELECT id, 'role', CASE id % 4 WHEN 0 THEN 'habitant'
    WHEN 1 THEN 'benevole' WHEN 2 THEN 'professionnel' ELSE 'autre' END
  FROM response;
INSERT INTO answer SELECT id, 'centre', CASE id % 5 WHEN 0 THEN 'vierzon'
    WHEN 1 THEN 'la_chancellerie' WHEN 2 THEN 'rond_point'
    WHEN 3 THEN 'le_blanc' ELSE 'saint_amand' END FROM response;
INSERT INTO answer SELECT id, 'premiere_fois',
    CASE id % 3 WHEN 0 THEN 'oui' ELSE 'non' END FROM response;
INSERT INTO answer SELECT id, 'satisfaction', 1 + id % 5 FROM response;
INSERT INTO answer SELECT id, 'retiens',
    'Une belle rencontre, des idées pour notre centre n°' || id
  FROM response WHERE id % 3 <> 0;
INSERT INTO answer SELECT id, 'envies', CASE id % 4 WHEN 0 THEN 'visiter'
    WHEN 1 THEN 'visiter preparer' WHEN 2 THEN 'accueillir' ELSE 'non' END
  FROM response;
COMMIT;
""")
    con.close()


def export_round(db, exports, tmp):
    """One round: the sqlite3 -csv dump, then each export.  Return
    [(seconds, peak RSS KiB, rc)] with the dump first."""
    forms = str(ROOT / "forms")
    out = [timed(["sqlite3", "-csv", str(db), "SELECT * FROM answer"])]
    for _, args, *_ in exports:
        target = tmp / "export.out"
        argv = [a.replace("{out}", str(target)) for a in args]
        out.append(timed([str(RECUEIL), "--db", str(db), "--forms", forms]
                         + argv))
        if target.exists():
            target.unlink()
    return out


def bench_exports(tmp, exports=EXPORTS):
    db = tmp / "exports.db"
    forms = str(ROOT / "forms")
    gen = generator()
    t0 = time.monotonic()
    if gen is not None:
        log(f"generating {RESPONSES} responses with {gen}")
        subprocess.run([str(gen), "--db", str(db), "--forms", forms,
                        "--responses", str(RESPONSES), "--meetings", "50",
                        "--form", "rencontre-reseau"], check=True,
                       timeout=300, stdout=subprocess.DEVNULL)
    else:
        # 50 meetings; the daemon stores the form version, then stops.
        for _ in range(50):
            meeting(db)
        daemon, _ = start_daemon(tmp, db)
        stop(daemon)
        log(f"generating {RESPONSES} responses with SQL "
            "(no generator under tests/tools)")
        generate_sql(db, RESPONSES)
    log(f"generated in {time.monotonic() - t0:.1f} s")
    # Each round runs the dump and every export in turn (dump, A, B, dump,
    # A, B, ...): each export's ratio is to the dump of its own round.
    # One unmeasured round first warms the page cache for all of them.
    log(f"exports: 1 + {ROUNDS} rounds of sqlite3 -csv and "
        f"{len(exports)} exports")
    export_round(db, exports, tmp)
    results = [export_round(db, exports, tmp) for _ in range(ROUNDS)]
    dump = [r[0] for r in results]
    for i, (label, _, *target) in enumerate(exports):
        mine = [r[i + 1] for r in results]
        if any(rc != 0 for _, _, rc in mine):
            notes.append(f"recueil {label} failed in some rounds: not "
                         "measured")
            mine = [(None, None, 1)] * len(mine)
        add(f"{label}, {RESPONSES:,} responses", [m[0] for m in mine],
            [d[0] for d in dump], "s",
            target=target[0] if target else CSV_TARGET)
        kib = (lambda v: v / 1024 if v else None)
        add(f"{label}, peak RSS", [kib(m[1]) for m in mine],
            [kib(d[1]) for d in dump], "MiB",
            target=("<= 64 MiB", "value<=", 64.0))


def loadavg():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    for p in (RECUEILD, RECUEIL, BASELINE):
        if not p.exists():
            sys.exit(f"bench: {p} missing: run make bench")
    for tool in ("wrk", "nginx", "sqlite3", "/usr/bin/time"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} missing: run make setup")
    raise_nofile()
    # On the build folder's disk: a tmpfs would make fsync free.
    (BUILD / "bench").mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="run-", dir=BUILD / "bench"))
    load_before = loadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    log(f"load average before (1, 5, 15 min): {load_before}")
    t0 = time.monotonic()
    try:
        if ONLY & {"get", "post"}:
            bench_http(tmp)
        if "exports" in ONLY:
            bench_exports(tmp)
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
    print_table()
    print(f"\n{os.cpu_count()} CPUs; {ROUNDS} alternating rounds of "
          f"{SECONDS} s a side (wrk -c{CONNS}: GET -t1 and -t2, POST "
          f"-t{THREADS}) on 127.0.0.1; started {started}, took "
          f"{time.monotonic() - t0:.0f} s")
    print(f"load average (1, 5, 15 min): before {load_before}, after "
          f"{loadavg()}")
    print("Recueil and baseline: medians of the rounds; ratio: median of "
          "the per-round ratios; range: their min-max")


if __name__ == "__main__":
    main()
