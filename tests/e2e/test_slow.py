"""Slow clients (issue 8): slowhttptest opens a few hundred connections
that send their headers (-H, slowloris) or their bodies (-B, R.U.D.Y.)
a few bytes at a time, for about 20 s; meanwhile a probe client opens the
form and submits answers, and every one of its requests must succeed
quickly.  The per-request deadline (idle_timeout, 5 s here) closes the
slow connections with 408."""
import csv
import http.client
import os
import shutil
import subprocess
import threading
import time
import urllib.parse

import pytest

from harness import Daemon, form_token

SECONDS = int(os.environ.get("RECUEIL_SLOW_SECONDS", "20"))
# Opened at RATE a second, each living at most the 5 s deadline: about
# 250 slow connections open at any time per slowhttptest, for ~20 s.
CONNS = int(os.environ.get("RECUEIL_SLOW_CONNECTIONS", "1000"))
RATE = CONNS // SECONDS
FIELDS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}


def probe(port, code, results, stop):
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", f"/r/{code}")
            r = c.getresponse()
            page = r.read().decode("utf-8")
            ok = r.status == 200
            if ok:
                body = urllib.parse.urlencode(dict(FIELDS,
                                                   _token=form_token(page)))
                c.request("POST", f"/r/{code}", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded"})
                r = c.getresponse()
                r.read()
                ok = r.status == 303
            c.close()
            results.append((ok, time.monotonic() - t0))
        except (OSError, http.client.HTTPException) as e:
            results.append((False, repr(e)))
        time.sleep(0.25)


def last_row(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[-1] if rows else {}


@pytest.mark.skipif(shutil.which("slowhttptest") is None,
                    reason="slowhttptest is not installed (make setup)")
def test_slow_clients_do_not_starve_others(db_path, forms_dir, tmp_path,
                                           cli):
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "idle_timeout=5"]).start()
    code = cli.meeting()
    url = f"http://127.0.0.1:{d.port}/r/{code}"
    common = ["-c", str(CONNS), "-r", str(RATE), "-i", "2", "-l", str(SECONDS),
              "-p", "3", "-g"]
    procs = [
        subprocess.Popen(["slowhttptest", "-H", "-u", url, "-o",
                          str(tmp_path / "headers")] + common,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen(["slowhttptest", "-B", "-t", "POST", "-s", "8192",
                          "-x", "10", "-u", url, "-o",
                          str(tmp_path / "body")] + common,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    results, stop = [], threading.Event()
    t = threading.Thread(target=probe, args=(d.port, code, results, stop))
    time.sleep(2)        # let the slow connections pile up first
    t.start()
    try:
        for p in procs:
            p.wait(timeout=SECONDS + 60)
    finally:
        stop.set()
        t.join(timeout=30)
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    try:
        assert d.proc.poll() is None, "recueild died"
        fails = [r for r in results if not r[0]]
        assert len(results) >= 20, results
        assert not fails, fails[:5]
        worst = max(r[1] for r in results)
        assert worst < 4.0, worst
        report = {name: last_row(tmp_path / f"{name}.csv")
                  for name in ("headers", "body")}
        for name, row in report.items():
            assert int(row.get("Seconds", 0)) >= SECONDS // 2, (name, row)
        print(f"slowhttptest ({CONNS} connections each, {SECONDS} s): "
              f"{report}; probe: {len(results)} form+submit rounds, "
              f"0 failed, slowest {worst:.3f} s")
    finally:
        assert d.stop() == 0
