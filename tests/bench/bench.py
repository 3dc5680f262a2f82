#!/usr/bin/env python3
"""make bench: Recueil against side-by-side baselines, in one run.

Starts a release recueild on a free loopback port with a temporary
database (under the build folder, on the same disk as a real one, not
tmpfs) and one meeting of the bundled form rencontre-reseau, then measures,
every step bounded in time:

  GET /r/CODE          wrk, and nginx (one worker, its own temporary
                       config) serving the very same page bytes as a file
  POST /r/CODE         wrk, one real token each (a pool fetched beforehand
                       with GETs), and baseline_insert: the same rows into
                       SQLite, WAL + synchronous=FULL, one transaction per
                       submission
  exports              recueil export stats|responses on 1,000,000
                       generated responses, and sqlite3 -csv dumping the
                       answer table (time and peak RSS, /usr/bin/time -v)
  daemon RSS           idle, and holding 1,000 keep-alive connections

and prints one table.  Environment: BUILD (default build), BENCH_SECONDS
(per wrk run, default 10), BENCH_RESPONSES (default 1000000),
BENCH_KEEP=1 keeps the temporary folder.
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
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
RESPONSES = int(os.environ.get("BENCH_RESPONSES", "1000000"))
CONNS = 64
THREADS = 2
HOLD = 1000
TIMEOUT = 60 + 2 * SECONDS  # any single step

rows = []     # (measure, recueil, baseline, ratio, target)
notes = []


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


def wrk(url, seconds, script=None, args=(), latency=True):
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNS}", f"-d{seconds}s",
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


def add(measure, ours, base, unit="", target="", ratio=True):
    r = ""
    if ratio and isinstance(ours, (int, float)) and \
            isinstance(base, (int, float)) and base:
        r = f"{ours / base:.2f}x"
    rows.append((measure, fmt(ours, unit), fmt(base, unit) if base is not None
                 else "-", r, target))


def print_table():
    head = ("measure", "Recueil", "baseline", "ratio", "target")
    w = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    line = "  ".join("-" * n for n in w)
    print()
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print(line)
    for r in rows:
        print("  ".join((c.ljust(w[i]) if i in (0, 4) else c.rjust(w[i]))
                        for i, c in enumerate(r)).rstrip())
    for n in notes:
        print("note: " + n)


# ---- steps -----------------------------------------------------------------

def start_daemon(tmp, db):
    port = free_port()
    proc = subprocess.Popen(
        [str(RECUEILD), "--listen", f"127.0.0.1:{port}", "--db", str(db),
         "--forms", str(ROOT / "forms")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, preexec_fn=raise_nofile)
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return proc, port


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

        log(f"GET {path}: recueild, {SECONDS} s")
        ours = wrk(base + path, SECONDS)
        log(f"GET {path}: nginx, {SECONDS} s")
        theirs = wrk(nginx.url, SECONDS)
        nginx.stop()
        nginx = None
        for name, r in (("recueild", ours), ("nginx", theirs)):
            if r["bad"] or r["errors"] or not r["rps"]:
                notes.append(f"GET {name}: {r['bad']} bad replies, "
                             f"socket errors: {r['errors'] or 'none'}")

        # A pool of real tokens, fetched with GETs before the clock starts.
        want = int(max(20000, ours["rps"]) * SECONDS * 1.2 / THREADS)
        pool = tmp / "tokens"
        pool.mkdir()
        log(f"fetching up to {want * THREADS} tokens with GETs")
        wrk(base + path, max(20, SECONDS * 3), BENCH / "tokens.lua",
            (pool, want), latency=False)
        n_tokens = sum(sum(1 for _ in open(f))
                       for f in glob.glob(str(pool / "tokens-*")))
        before = sqlite3.connect(db).execute(
            "SELECT count(*) FROM response").fetchone()[0]
        log(f"POST {path}: {n_tokens} tokens, {SECONDS} s")
        post = wrk(base + path, SECONDS, BENCH / "post.lua", (pool,))
        con = sqlite3.connect(db)
        stored = con.execute("SELECT count(*) FROM response").fetchone()[0] \
            - before
        con.close()
        if post["requests"] >= n_tokens - CONNS:
            notes.append(f"POST: the token pool ({n_tokens}) ran out")
        if post["bad"] or post["errors"]:
            notes.append(f"POST: {post['bad']} replies other than 2xx/3xx, "
                         f"socket errors: {post['errors'] or 'none'}")
        if stored < post["requests"]:
            notes.append(f"POST: {post['requests']} acknowledged, only "
                         f"{stored} stored")
        log(f"POST: {post['requests']} acknowledged, {stored} stored")
    finally:
        if nginx is not None:
            nginx.stop()
        stop(daemon)

    # The storage baseline, same disk, same row set, daemon stopped.
    bdb = tmp / "baseline.db"
    meeting(bdb)
    log(f"baseline_insert, {SECONDS} s")
    out = subprocess.run([str(BASELINE), str(bdb), "1", str(SECONDS)],
                         capture_output=True, text=True, timeout=TIMEOUT,
                         check=True).stdout.split()
    base_rate = float(out[2])

    add("GET /r/CODE, requests/s", ours["rps"], theirs["rps"],
        target=">= 1.0x nginx")
    add("GET p50 latency, 64 conns", ours["p50"], theirs["p50"], "ms")
    add("GET p99 latency, 64 conns", ours["p99"], theirs["p99"], "ms",
        target="<= 2 ms")
    add("POST durable submissions/s", post["rps"], base_rate,
        target=">= 3.0x baseline")
    add("POST p50 latency, 64 conns", post["p50"], None, "ms")
    add("POST p99 latency, 64 conns", post["p99"], None, "ms",
        target="<= 10 ms")
    add("RSS idle (nginx: worker)", idle / 1024 if idle else None,
        n_idle / 1024 if n_idle else None, "MiB", target="<= 8 MiB")
    add(f"RSS, {HOLD} open connections", held / 1024 if held else None,
        n_held / 1024 if n_held else None, "MiB", target="<= 32 MiB")


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


def bench_exports(tmp):
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
    log("sqlite3 -csv dump of the answer table")
    d_secs, d_rss, d_rc = timed(["sqlite3", "-csv", str(db),
                                 "SELECT * FROM answer"])
    for kind in ("stats", "responses"):
        log(f"recueil export {kind}")
        secs, rss, rc = timed([str(RECUEIL), "--db", str(db), "--forms",
                               forms, "export", kind, "--form",
                               "rencontre-reseau"])
        if rc != 0:
            notes.append(f"recueil export {kind} failed (exit {rc}): "
                         "not measured")
            secs = rss = None
        add(f"export {kind}, {RESPONSES:,} responses", secs, d_secs, "s",
            target="<= 1.0x sqlite3 -csv")
        add(f"export {kind}, peak RSS", rss / 1024 if rss else None,
            d_rss / 1024 if d_rss else None, "MiB", target="<= 64 MiB")


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
    t0 = time.monotonic()
    try:
        bench_http(tmp)
        bench_exports(tmp)
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
    print_table()
    print(f"\n{os.cpu_count()} CPUs, wrk -t{THREADS} -c{CONNS} "
          f"-d{SECONDS}s on 127.0.0.1; total {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
