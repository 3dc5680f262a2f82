"""Helpers to drive the real recueild and recueil binaries in tests."""
import http.client
import os
import pathlib
import re
import signal
import subprocess
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = pathlib.Path(os.environ.get("RECUEIL_BUILD", ROOT / "build"))
RECUEILD = BUILD / "recueild"
RECUEIL = BUILD / "recueil"

# The binaries speak the language of LANGUAGE/LC_ALL/LC_MESSAGES/LANG
# (src/i18n.h): the tests expect French, the default, whatever the
# machine's locale; a test that wants English says so (--lang en, or env).
for _var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"

START_TIMEOUT = 20  # seconds; ASan builds start slower


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        return self.headers.get(name.lower())


class Daemon:
    """A recueild process on an ephemeral loopback port."""

    def __init__(self, db, forms, workdir, extra_args=()):
        self.db = pathlib.Path(db)
        self.forms = pathlib.Path(forms)
        self.workdir = pathlib.Path(workdir)
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.log_lines = []
        self._log_thread = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, extra_args=None):
        args = [str(RECUEILD), "--listen", "127.0.0.1:0", "--db", str(self.db),
                "--forms", str(self.forms)]
        args += self.extra_args + list(extra_args or [])
        self.log_lines = []
        self.proc = subprocess.Popen(args, stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL,
                                     cwd=self.workdir)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            text = line.decode("utf-8", "replace").rstrip("\n")
            self.log_lines.append(text)
            m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/$", text)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError("recueild did not start:\n" +
                               "\n".join(self.log_lines))
        self._log_thread = threading.Thread(target=self._drain, daemon=True)
        self._log_thread.start()
        return self

    def _drain(self):
        for line in self.proc.stderr:
            self.log_lines.append(line.decode("utf-8", "replace").rstrip("\n"))

    def log(self):
        return "\n".join(self.log_lines)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=None, timeout=20):
        """Stop the daemon (SIGTERM by default); returns its exit status."""
        # The default is looked up here: in the class body, `signal` names
        # the method above, not the module.
        if sig is None:
            sig = signal.SIGTERM
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._log_thread is not None:
            self._log_thread.join(timeout=5)
        rc = self.proc.returncode
        self.proc = None
        return rc

    def kill(self):
        return self.stop(signal.SIGKILL)

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        try:
            hdrs = dict(headers or {})
            if isinstance(body, dict) or isinstance(body, list):
                body = urllib.parse.urlencode(body, doseq=True)
                hdrs.setdefault("Content-Type",
                                "application/x-www-form-urlencoded")
            if isinstance(body, str):
                body = body.encode("utf-8")
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()},
                            data)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, **kw):
        return self.request("POST", path, body=fields, **kw)


def form_token(html):
    """The one-time token carried by a rendered form."""
    m = re.search(r'name="_token" value="([A-Za-z0-9_-]+)"', html)
    assert m, "no token in the form page"
    return m.group(1)


class Cli:
    """The real recueil binary with a database and a forms directory."""

    def __init__(self, db, forms):
        self.db = pathlib.Path(db)
        self.forms = pathlib.Path(forms)

    def run(self, *args, check=True, input=None, env=None):
        cmd = [str(RECUEIL), "--db", str(self.db), "--forms", str(self.forms)]
        cmd += [str(a) for a in args]
        e = dict(os.environ)
        e.update(env or {})
        p = subprocess.run(cmd, capture_output=True, input=input, env=e,
                           timeout=600)
        if check and p.returncode != 0:
            raise AssertionError(f"{cmd} exited {p.returncode}:\n"
                                 f"{p.stderr.decode('utf-8', 'replace')}")
        return p

    def meeting(self, form="rencontre-reseau", title="Rencontre du réseau",
                date="2026-11-20", *extra):
        p = self.run("meeting", "create", "--form", form, "--title", title,
                     "--date", date, *extra)
        return p.stdout.decode().splitlines()[0]
