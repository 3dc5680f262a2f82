"""Crash safety (issue 8): a burst of submissions from several threads,
recueild killed with SIGKILL at a random moment once the burst has had a
first acknowledgement (a round with none would prove nothing, and fails
instead; issue 12), restarted; every
submission that got its 303 is stored exactly once, a retry of the others
with the same token stores them at most once, and the database passes
PRAGMA integrity_check.  RECUEIL_CRASH_ROUNDS rounds (default 5; `make
crash-test` runs 200).  SIGTERM in the middle of a burst drains every
accepted write and exits 0."""
import http.client
import os
import random
import signal
import sqlite3
import threading
import time
import urllib.parse

from harness import Daemon, form_token

ROUNDS = int(os.environ.get("RECUEIL_CRASH_ROUNDS", "5"))
THREADS = 4
FIELDS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}


def post_form(port, code, token, marker, timeout=5):
    body = urllib.parse.urlencode(dict(FIELDS, _token=token, retiens=marker))
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("POST", f"/r/{code}", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def get_token(port, code, timeout=5):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", f"/r/{code}")
        r = c.getresponse()
        return form_token(r.read().decode("utf-8"))
    finally:
        c.close()


class Burst:
    """Threads submitting until the daemon goes away or stop is set."""

    def __init__(self, port, code, prefix):
        self.port, self.code, self.prefix = port, code, prefix
        self.acked = []      # (marker, token) that received their 303
        self.pending = []    # (marker, token) sent without an answer
        self.other = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.first_ack = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,))
                        for i in range(THREADS)]

    def run(self, t):
        i = 0
        while not self.stop.is_set():
            try:
                token = get_token(self.port, self.code)
            except (OSError, http.client.HTTPException, AssertionError):
                return
            marker = f"{self.prefix}-t{t}-n{i}"
            i += 1
            try:
                st = post_form(self.port, self.code, token, marker)
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.pending.append((marker, token))
                return
            with self.lock:
                if st == 303:
                    self.acked.append((marker, token))
                    self.first_ack.set()
                elif st == 503:
                    self.pending.append((marker, token))
                else:
                    self.other.append((marker, st))

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)


def stored(db_path):
    with sqlite3.connect(db_path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = c.execute("SELECT value FROM answer WHERE question = "
                         "'retiens'").fetchall()
    counts = {}
    for (v,) in rows:
        counts[v] = counts.get(v, 0) + 1
    return counts


def test_sigkill_at_random_moments_loses_nothing(db_path, forms_dir,
                                                  tmp_path, cli):
    rng = random.Random(os.environ.get("RECUEIL_CRASH_SEED"))
    code = cli.meeting()
    d = Daemon(db_path, forms_dir, tmp_path)
    total_acked = 0
    all_acked = []
    for rnd in range(ROUNDS):
        d.start()
        b = Burst(d.port, code, f"crash-r{rnd}")
        b.start()
        # The kill falls at a random moment of a burst that is under way:
        # after a first acknowledgement (bounded wait, the machine may be
        # loaded), else the round would prove nothing.
        b.first_ack.wait(timeout=30)
        time.sleep(rng.uniform(0.0, 0.75))
        d.kill()
        b.join()
        assert not b.other, b.other
        assert b.acked, f"round {rnd}: nothing was acknowledged before " \
            "SIGKILL, so nothing can be compared"
        d.start()
        # Retry what got no answer, with the same token: at most once.
        retried = []
        for marker, token in b.pending:
            st = post_form(d.port, code, token, marker, timeout=10)
            assert st == 303, (marker, st)
            retried.append(marker)
        assert d.stop() == 0
        counts = stored(db_path)
        for marker, _ in b.acked + [(m, None) for m in retried]:
            assert counts.get(marker) == 1, (rnd, marker, counts.get(marker))
        assert all(n == 1 for n in counts.values()), \
            [m for m, n in counts.items() if n != 1]
        total_acked += len(b.acked)
        all_acked += [m for m, _ in b.acked]
    assert total_acked >= ROUNDS
    counts = stored(db_path)
    assert all(counts.get(m) == 1 for m in all_acked)
    print(f"crash test: {ROUNDS} rounds, {total_acked} acknowledged "
          f"submissions, 0 lost, 0 duplicated")


def test_sigterm_mid_burst_drains_and_exits_0(db_path, forms_dir, tmp_path,
                                              cli):
    code = cli.meeting()
    d = Daemon(db_path, forms_dir, tmp_path).start()
    b = Burst(d.port, code, "term")
    b.start()
    b.first_ack.wait(timeout=30)
    time.sleep(0.3)
    rc = d.stop(signal.SIGTERM)
    b.join()
    assert rc == 0
    assert b.acked, "no submission was acknowledged before SIGTERM"
    counts = stored(db_path)
    for marker, _ in b.acked:
        assert counts.get(marker) == 1, marker
