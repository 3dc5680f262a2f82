"""Residents' privacy (issue 8, RGPD): nothing identifying is stored, times
are coarse, the access log has no addresses by default, purge and retention
delete answers for good, and every form page carries the notice."""
import datetime
import sqlite3
import time

from harness import Daemon, form_token

FIELDS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}
UA = "Canary-Agent/9.9 (privacy-test-UA-7f3a)"
COOKIE = "tracker=cookie-canary-91b2"


def db_bytes(db_path):
    data = b""
    for suffix in ("", "-wal"):
        p = db_path.parent / (db_path.name + suffix)
        if p.exists():
            data += p.read_bytes()
    return data


def submit(daemon, code, extra=None, headers=None):
    page = daemon.get(f"/r/{code}", headers=headers)
    fields = dict(FIELDS, _token=form_token(page.text), **(extra or {}))
    r = daemon.post(f"/r/{code}", fields, headers=headers)
    assert r.status == 303
    return r


def times(db_path):
    with sqlite3.connect(db_path) as c:
        return [r[0] for r in c.execute("SELECT submitted_at FROM response")]


def test_no_address_agent_or_cookie_is_stored(db_path, forms_dir, tmp_path,
                                            cli):
    # The daemon records its own public address for the CLI's links; in a
    # test it would be 127.0.0.1, the clients' address too, so it is given
    # here as a name and the loopback address must appear nowhere.
    daemon = Daemon(db_path, forms_dir, tmp_path,
                    ["--base-url", "https://recueil.example.org"]).start()
    try:
        code = cli.meeting()
        hdrs = {"User-Agent": UA, "Cookie": COOKIE,
                "X-Forwarded-For": "203.0.113.77"}
        submit(daemon, code, headers=hdrs)
        r = daemon.get(f"/r/{code}", headers=hdrs)
        assert r.header("Set-Cookie") is None
    finally:
        daemon.stop()
    data = db_bytes(db_path)
    for canary in (b"privacy-test-UA-7f3a", b"cookie-canary-91b2",
                   b"203.0.113.77", b"127.0.0.1"):
        assert canary not in data, canary
    assert b"https://recueil.example.org" in data
    with sqlite3.connect(db_path) as c:
        cols = [r[1] for r in c.execute("PRAGMA table_info(response)")]
    assert not {"ip", "address", "user_agent", "cookie"} & set(cols)


def test_submission_time_is_stored_by_day(daemon, cli, db_path):
    code = cli.meeting()
    submit(daemon, code)
    (t,) = times(db_path)
    d = datetime.datetime.fromtimestamp(t)
    assert (d.hour, d.minute, d.second) == (0, 0, 0)
    assert d.date() == datetime.date.today()


def test_time_resolution_is_configurable(db_path, forms_dir, tmp_path, cli):
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "time_resolution=hour"]).start()
    try:
        code = cli.meeting()
        submit(d, code)
    finally:
        d.stop()
    (t,) = times(db_path)
    assert t % 60 == 0 and datetime.datetime.fromtimestamp(t).minute == 0
    assert time.time() - 3600 <= t <= time.time()


def test_access_log_has_no_client_address_by_default(daemon, db_path,
                                                      forms_dir, tmp_path):
    daemon.get("/")
    daemon.get("/healthz")
    time.sleep(0.2)
    lines = [l for l in daemon.log_lines if "listening on" not in l]
    assert any("GET /healthz 200" in l for l in lines)
    assert not any("127.0.0.1" in l for l in lines)
    daemon.stop()
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "log_client_addresses=yes"]).start()
    try:
        d.get("/healthz")
        time.sleep(0.2)
        assert any("127.0.0.1" in l and "/healthz" in l
                   for l in d.log_lines if "listening" not in l)
    finally:
        d.stop()


def age(db_path, text, when):
    """Backdate the response whose answer contains `text`."""
    with sqlite3.connect(db_path) as c:
        c.execute("UPDATE response SET submitted_at = ? WHERE id IN "
                  "(SELECT response_id FROM answer WHERE value LIKE ?)",
                  (int(when.timestamp()), f"%{text}%"))


def test_purge_deletes_old_answers_for_good(daemon, cli, db_path):
    code = cli.meeting()
    submit(daemon, code, {"retiens": "parole-ancienne-4411"})
    submit(daemon, code, {"retiens": "parole-recente-8822"})
    daemon.stop()
    age(db_path, "parole-ancienne-4411", datetime.datetime(2025, 3, 1, 12))
    p = cli.run("purge", "--before", "2026-01-01")
    assert p.stdout.decode().startswith("1 réponse effacée")
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT count(*) FROM response").fetchone()[0] == 1
        assert c.execute("SELECT count(*) FROM answer WHERE response_id "
                         "NOT IN (SELECT id FROM response)").fetchone()[0] == 0
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    data = db_bytes(db_path)
    assert b"parole-ancienne-4411" not in data
    assert b"parole-recente-8822" in data
    assert cli.run("purge", "--before", "2026-13-01", check=False).returncode == 2
    assert cli.run("purge", check=False).returncode == 2
    assert cli.run("purge", "--help").returncode == 0


def test_retention_days_applies_at_start(db_path, forms_dir, tmp_path, cli):
    d = Daemon(db_path, forms_dir, tmp_path).start()
    code = cli.meeting()
    submit(d, code, {"retiens": "vieux-mot-5150"})
    submit(d, code, {"retiens": "mot-du-jour-6160"})
    d.stop()
    age(db_path, "vieux-mot-5150",
        datetime.datetime.now() - datetime.timedelta(days=40))
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "retention_days=30"]).start()
    try:
        page = d.get(f"/r/{code}")
        assert "conservées 30 jours" in page.text
    finally:
        d.stop()
    data = db_bytes(db_path)
    assert b"vieux-mot-5150" not in data
    assert b"mot-du-jour-6160" in data


def test_every_form_page_has_the_notice(db_path, forms_dir, tmp_path, cli):
    d = Daemon(db_path, forms_dir, tmp_path, [
        "--set", "privacy_controller=Centre social La Chancellerie",
        "--set", "privacy_contact=contact@centre.example"]).start()
    try:
        code = cli.meeting()
        page = d.get(f"/r/{code}").text
        for words in ("Centre social La Chancellerie",   # who
                      "pour évaluer",                     # why
                      "conservées",                       # how long
                      "effacer",                          # rights
                      "contact@centre.example"):          # contact
            assert words in page, words
        assert "notice" in page
        # Also on the form shown again with errors (422).
        r = d.post(f"/r/{code}", {"_token": form_token(page),
                                  "satisfaction": "99"})
        assert r.status == 422
        assert "contact@centre.example" in r.text
    finally:
        d.stop()


def test_form_retention_days_shortens_the_servers(db_path, forms_dir,
                                                  tmp_path, cli):
    """A form's settings may keep its answers for less time than the
    server's retention_days; other forms keep the server's period."""
    path = forms_dir / "rencontre-reseau.csv"
    text = path.read_text("utf-8")
    lines = text.splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith(",form_id,"))
    lines[i] = lines[i].replace(",form_id,", ",form_id,retention_days,", 1)
    lines[i + 1] = lines[i + 1].replace(",rencontre-reseau,",
                                        ",rencontre-reseau,7,", 1)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert cli.run("forms", "check", path).returncode == 0

    d = Daemon(db_path, forms_dir, tmp_path).start()
    short = cli.meeting("rencontre-reseau")
    other = cli.meeting("visite-structure", "Visite", "2026-11-21")
    submit(d, short, {"retiens": "mot-court-1010"})
    page = d.get(f"/r/{other}")
    r = d.post(f"/r/{other}", {"_token": form_token(page.text),
                               "centre": "vierzon", "role": "habitant",
                               "decouvert": "mot-visite-2020"})
    assert r.status == 303
    d.stop()
    ten_days = datetime.datetime.now() - datetime.timedelta(days=10)
    age(db_path, "mot-court-1010", ten_days)
    age(db_path, "mot-visite-2020", ten_days)

    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "retention_days=30"]).start()
    try:
        assert "conservées 7 jours" in d.get(f"/r/{short}").text
        assert "conservées 30 jours" in d.get(f"/r/{other}").text
    finally:
        d.stop()
    data = db_bytes(db_path)
    assert b"mot-court-1010" not in data
    assert b"mot-visite-2020" in data


def test_form_retention_days_must_be_a_number_of_days(forms_dir, cli):
    path = forms_dir / "visite-structure.csv"
    lines = path.read_text("utf-8").splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith(",form_id,"))
    lines[i] = lines[i].replace(",form_id,", ",form_id,retention_days,", 1)
    lines[i + 1] = lines[i + 1].replace(",visite-structure,",
                                        ",visite-structure,un an,", 1)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    p = cli.run("forms", "check", path, check=False)
    assert p.returncode == 1
    err = p.stderr.decode()
    assert f"{path}:{i + 2}:" in err
    assert "retention_days « un an » n'est pas un nombre de jours" in err
