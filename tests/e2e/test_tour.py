"""The first hour: the README's tour, pasted into `sh` on a fresh clone, and
what the daemon says when its port is taken.

The tour's code blocks are the ones the README marks with an HTML comment
`<!-- tour: KIND -->` on the line before the block: `build` blocks run
first, the `daemon` block runs in its own process group as in a second
terminal (and is stopped with SIGINT, as Ctrl-C would), the `commands`
blocks run in order while it listens.  The clone is made with `git clone`
of this repository's HEAD into a temporary directory and built there from
nothing (no binary of build/ is reused).  The daemon gets a free port
through PORT in the environment (the Makefile's `PORT ?= 8080`), never
8080, and its database is the clone's own var/recueil.db.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from harness import ROOT, RECUEILD

BUILD_TIMEOUT = 900   # seconds; a quiet machine builds in about a minute
START_TIMEOUT = 60
COMMAND_TIMEOUT = 120
STOP_TIMEOUT = 30

MARK = re.compile(r"^<!-- tour: (build|daemon|commands) -->\n```sh\n(.*?)^```$",
                  re.M | re.S)


def tour_blocks(text):
    """The README's marked blocks as (kind, code), in reading order."""
    return [(m.group(1), m.group(2)) for m in MARK.finditer(text)]


def free_port():
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def clean_env(**extra):
    """The environment of a new terminal: no make of ours around it."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
                        "BUILD", "SANITIZER", "RECUEIL_BUILD", "RECUEIL_DB",
                        "PORT")}
    env.update(extra)
    return env


def test_readme_marks_the_whole_tour():
    blocks = tour_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    kinds = [k for k, _ in blocks]
    assert kinds[0] == "build", kinds
    assert kinds.count("daemon") == 1, kinds
    assert kinds.index("daemon") < kinds.index("commands"), kinds
    code = "".join(c for _, c in blocks)
    assert "make run" in code and "meeting create" in code
    assert "export responses" in code


def test_readme_tour_works_when_pasted_into_sh(tmp_path):
    blocks = tour_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    clone = tmp_path / "recueil"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)],
                   check=True, timeout=120, capture_output=True)
    assert not (clone / "build").exists()
    port = free_port()
    # -j2 only makes the build quicker; the commands are the README's.
    env = clean_env(MAKEFLAGS="-j2", PORT=str(port))

    for kind, code in blocks:
        if kind != "build":
            continue
        r = subprocess.run(["sh", "-e", "-c", code], cwd=clone, env=env,
                           capture_output=True, text=True,
                           timeout=BUILD_TIMEOUT, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert (clone / "build" / "recueild").exists()
    assert (clone / "build" / "recueil").exists()

    daemon_code = next(c for k, c in blocks if k == "daemon")
    proc = subprocess.Popen(["sh", "-e", "-c", daemon_code], cwd=clone,
                            env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    log = []
    try:
        deadline = time.monotonic() + START_TIMEOUT
        listening = f"listening on http://127.0.0.1:{port}/"
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            log.append(line.decode("utf-8", "replace").rstrip("\n"))
            if log[-1] == listening:
                break
        assert log and log[-1] == listening, "\n".join(log)

        out = ""
        for kind, code in blocks:
            if kind != "commands":
                continue
            r = subprocess.run(["sh", "-e", "-c", code], cwd=clone, env=env,
                               capture_output=True, text=True,
                               timeout=COMMAND_TIMEOUT,
                               stdin=subprocess.DEVNULL)
            assert r.returncode == 0, code + r.stdout + r.stderr
            out += r.stdout
        code = re.search(r"^([A-Z0-9]{7})$", out, re.M)
        assert code, out
        # The meeting the tour created is served by the tour's daemon.
        with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/r/{code.group(1)}",
                timeout=20) as page:
            assert page.status == 200
            assert "Rencontre du réseau du Cher" in page.read().decode()
        header = (clone / "reponses.csv").read_text(encoding="utf-8")
        assert header.splitlines()[0], header
        assert (clone / "stats.csv").stat().st_size > 0

        # Ctrl-C in the daemon's terminal: SIGINT to its process group.
        os.killpg(proc.pid, signal.SIGINT)
        rest, _ = proc.communicate(timeout=STOP_TIMEOUT)
        log += rest.decode("utf-8", "replace").splitlines()
        assert "recueild: stopped" in log, "\n".join(log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_TIMEOUT)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_busy_port_says_so_and_how_to_choose_another(tmp_path):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        r = subprocess.run([str(RECUEILD), "--listen", f"127.0.0.1:{port}",
                            "--db", str(tmp_path / "recueil.db"),
                            "--forms", str(ROOT / "forms")],
                           capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
    finally:
        holder.close()
    assert r.returncode != 0
    err = r.stderr
    assert f"impossible d'écouter sur 127.0.0.1:{port}" in err, err
    assert os.strerror(98) in err or "in use" in err.lower(), err
    assert "déjà pris" in err and "make run PORT=" in err, err
    assert "--listen 127.0.0.1:" in err, err


def test_demo_does_not_send_a_loopback_address_to_phones(tmp_path):
    r = subprocess.Popen([str(RECUEILD), "--listen", "127.0.0.1:0",
                          "--db", str(tmp_path / "recueil.db"),
                          "--forms", str(ROOT / "forms"), "--demo"],
                         stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL)
    lines = []
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            line = r.stderr.readline()
            if not line:
                break
            lines.append(line.decode("utf-8", "replace").rstrip("\n"))
            if "Rencontre de démonstration" in lines[-1]:
                break
    finally:
        r.send_signal(signal.SIGTERM)
        r.communicate(timeout=STOP_TIMEOUT)
    text = "\n".join(lines)
    assert "réunion de démonstration créée" in text, text
    assert "on a phone" not in text, text
    assert "cet ordinateur" in text and "serveur" in text, text


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
