"""The public side end to end: the code box, the form in every question
type, validation with kept values, exactly-once durable answers, group
commit under concurrency, error pages and the page budget.

Runs the real recueild and recueil; reads the database with Python's
sqlite3 (WAL: a second reader sees exactly what was committed).
"""
import base64
import hashlib
import hmac
import html.parser
import re
import shutil
import signal
import sqlite3
import struct
import threading
import time
import urllib.parse

import pytest

from harness import ROOT, form_token

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
BUNDLED = sorted(p.stem for p in (ROOT / "forms").glob("*.csv"))
BUDGET = 14 * 1024


@pytest.fixture(autouse=True)
def test_forms(forms_dir):
    """The bundled forms plus the bilingual test form (every question type)."""
    shutil.copy(ROOT / "tests" / "forms" / "bilingue.csv", forms_dir)


# ---- helpers --------------------------------------------------------------

def db_rows(db_path, sql, *args):
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def token_nonce(token):
    """The nonce of a token of either version (86 characters: version 0)."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    return raw[16:32] if len(token) == 86 else raw[17:33]


M64 = (1 << 64) - 1


def siphash128(key, msg):
    """SipHash-2-4 with a 128-bit output (libsodium's
    crypto_shorthash_siphashx24), written from the paper."""
    def rotl(x, b):
        return ((x << b) | (x >> (64 - b))) & M64

    k0, k1 = struct.unpack("<QQ", key)
    v = [k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d ^ 0xee,
         k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573]

    def rounds(n):
        for _ in range(n):
            v[0] = (v[0] + v[1]) & M64
            v[1] = rotl(v[1], 13) ^ v[0]
            v[0] = rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & M64
            v[3] = rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & M64
            v[3] = rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & M64
            v[1] = rotl(v[1], 17) ^ v[2]
            v[2] = rotl(v[2], 32)

    tail = len(msg) % 8
    last = (len(msg) & 0xff) << 56 | int.from_bytes(msg[len(msg) - tail:],
                                                    "little")
    words = [int.from_bytes(msg[i:i + 8], "little")
             for i in range(0, len(msg) - tail, 8)] + [last]
    for m in words:
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    v[2] ^= 0xee
    rounds(4)
    out = (v[0] ^ v[1] ^ v[2] ^ v[3]).to_bytes(8, "little")
    v[1] ^= 0xdd
    rounds(4)
    return out + (v[0] ^ v[1] ^ v[2] ^ v[3]).to_bytes(8, "little")


def mint_token(db_path, meeting_id, issued, key=None, nonce=None, version=1):
    """A token as the server makes it, signed with the server's key from
    the database unless `key` is given.  Version 1 (today's): 1 | id | time
    | nonce | SipHash-2-4-128 under the key's subkey 1 of context
    "formtokn" (crypto_kdf_derive_from_key); version 0 (made until
    December 2026): id | time | nonce | HMAC-SHA-512-256 under the key."""
    if key is None:
        key = db_rows(db_path, "SELECT value FROM meta WHERE key = "
                      "'form-token'")[0][0]
    body = struct.pack(">qq", meeting_id, issued) + (nonce or bytes(range(16)))
    if version == 0:
        mac = hmac.new(key, body, hashlib.sha512).digest()[:32]
    else:
        sub = hashlib.blake2b(b"", digest_size=16, key=key,
                              salt=struct.pack("<Q", 1),
                              person=b"formtokn").digest()
        body = bytes([version]) + body
        mac = siphash128(sub, body)
    return base64.urlsafe_b64encode(body + mac).decode().rstrip("=")


def meeting_id(db_path, code):
    return db_rows(db_path, "SELECT id FROM meeting WHERE code = ?", code)[0][0]


def responses(db_path, code):
    return db_rows(db_path, "SELECT r.id FROM response r JOIN meeting m ON "
                   "m.id = r.meeting_id WHERE m.code = ?", code)


def answers_of(db_path, code):
    """{question: value} of the only response of a meeting."""
    rows = db_rows(db_path, "SELECT a.question, a.value FROM answer a JOIN "
                   "response r ON r.id = a.response_id JOIN meeting m ON "
                   "m.id = r.meeting_id WHERE m.code = ?", code)
    return dict(rows)


class Page(html.parser.HTMLParser):
    """The parts of a page the accessibility checks look at."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []          # (tag, attrs dict, stack of open tags)
        self.stack = []
        self.ids = set()
        self.text = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        self.tags.append((tag, a, list(self.stack)))
        if "id" in a:
            assert a["id"] not in self.ids, f"duplicate id {a['id']}"
            self.ids.add(a["id"])
        if tag not in ("input", "meta", "br", "img", "link"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **want):
        return [a for t, a, _ in self.tags if t == tag and
                all(a.get(k.rstrip("_")) == v for k, v in want.items())]

    def inputs(self):
        return [(t, a, st) for t, a, st in self.tags
                if t in ("input", "select", "textarea") and
                a.get("type") != "hidden"]


def get_form(daemon, code, lang=None):
    path = f"/r/{code}" + (f"?lang={lang}" if lang else "")
    r = daemon.get(path)
    assert r.status == 200, r.text
    return r, form_token(r.text)


def submit(daemon, code, fields, lang=None, token=None):
    if token is None:
        _, token = get_form(daemon, code, lang)
    path = f"/r/{code}" + (f"?lang={lang}" if lang else "")
    return daemon.post(path, dict(fields, _token=token)), token


GOOD = {"venu": "oui", "fois": "3", "distance": "12,5", "quand": "2025-09-01",
        "clair": "4", "note": "8", "ville": "vierzon",
        "activites": ["cuisine", "sorties"], "idee": "Un atelier pain",
        "nom_prenom": "Awa"}


# ---- home, code box, error pages -----------------------------------------

def test_home_offers_a_labelled_code_box(daemon):
    r = daemon.get("/")
    assert r.status == 200
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    p = Page(r.text)
    assert p.find("form", method="get", action="/r")
    assert p.find("label", for_="code")
    box = p.find("input", id="code")[0]
    assert box["name"] == "code"
    assert '<html lang="fr"' in r.text


def test_code_box_redirects_to_the_form_whatever_the_case(daemon, cli):
    code = cli.meeting()
    for typed in (code, code.lower(), f" {code[:3]}-{code[3:]} ".lower()):
        r = daemon.get("/r?" + urllib.parse.urlencode({"code": typed}))
        assert r.status == 303, typed
        assert r.header("Location") == f"/r/{code}"
    # A code typed in the path in lower case lands on the canonical URL.
    r = daemon.get(f"/r/{code.lower()}")
    assert r.status == 303 and r.header("Location") == f"/r/{code}"


def test_unknown_code_is_404_with_the_code_box_and_the_code_kept(daemon):
    r = daemon.get("/r?code=KKKKKKK")
    assert r.status == 404
    p = Page(r.text)
    box = p.find("input", id="code")[0]
    assert box["value"] == "KKKKKKK"
    assert "code-err" in box["aria-describedby"]
    assert "code-err" in p.ids
    for path in ("/r/KKKKKKK", "/r/0O1IL", "/r/KKKKKKK/merci", "/nowhere"):
        r = daemon.get(path)
        assert r.status == 404, path
        assert Page(r.text).find("input", id="code"), path
    # Nothing useful in the box: the home page again with a message.
    r = daemon.get("/r?code=")
    assert r.status == 404 and Page(r.text).find("input", id="code")


def test_closed_meeting_is_410_until_reopened(daemon, cli):
    code = cli.meeting()
    r, token = get_form(daemon, code)
    out = cli.run("meeting", "close", code.lower()).stdout.decode()
    assert out.strip() == f"{code} closed"
    r = daemon.get(f"/r/{code}")
    assert r.status == 410
    assert "close" in r.text
    r = daemon.post(f"/r/{code}", {"role": "habitant", "_token": token})
    assert r.status == 410
    assert responses(cli.db, code) == []
    cli.run("meeting", "reopen", code)
    assert daemon.get(f"/r/{code}").status == 200


def test_healthz_says_ok(daemon):
    r = daemon.get("/healthz")
    assert r.status == 200 and r.text == "ok\n"


def test_pages_are_self_contained_and_set_no_cookie(daemon, cli):
    code = cli.meeting("bilingue")
    for path in ("/", f"/r/{code}", f"/r/{code}/merci", "/r/KKKKKKK"):
        r = daemon.get(path)
        assert r.header("Set-Cookie") is None
        csp = r.header("Content-Security-Policy")
        assert "default-src 'none'" in csp
        assert "script-src" not in csp or "unsafe-inline" not in \
            csp.split("script-src")[1].split(";")[0]
        # One request: no external script, style sheet, font or image.
        assert not re.search(r'<(script|link|img)[^>]*(src|href)=', r.text)
        # At most the one inline script (issue 16), allowed by its hash.
        assert r.text.count("<script") <= 1


# ---- rendering ------------------------------------------------------------

def test_every_question_type_is_rendered_accessibly(daemon, cli):
    code = cli.meeting("bilingue", "Atelier cuisine")
    r, _ = get_form(daemon, code)
    p = Page(r.text)
    # Every visible control has a label: wrapping it, or for= its id.
    labels_for = {a.get("for") for t, a, _ in p.tags if t == "label"}
    for tag, a, stack in p.inputs():
        wrapped = any(t == "label" for t, _ in stack)
        assert wrapped or a.get("id") in labels_for, (tag, a)
        for ref in a.get("aria-describedby", "").split():
            assert ref in p.ids, ref
    # Choice groups are fieldsets with a legend, hints tied to them.
    for name in ("venu", "clair", "note", "activites"):
        fs = p.find("fieldset", id=f"q-{name}-box")
        assert fs, name
    note = p.find("fieldset", id="q-note-box")[0]
    assert note["aria-describedby"] == "q-note-hint"
    assert "legend" in r.text
    # Rating and likert scales: rows of radio buttons.
    assert [a["value"] for a in p.find("input", name="note")] == \
        [str(i) for i in range(11)]
    assert all(a["type"] == "radio" for a in p.find("input", name="note"))
    assert len(p.find("input", name="clair", type="radio")) == 4
    assert r.text.count('<div class="scale">') == 1          # rating
    assert r.text.count('<div class="scale lk">') == 1       # likert
    # Numbers get a numeric keyboard, dates the native picker.
    assert p.find("input", name="fois")[0]["inputmode"] == "numeric"
    assert p.find("input", name="distance")[0]["inputmode"] == "decimal"
    assert p.find("input", name="quand")[0]["type"] == "date"
    assert p.find("select", name="ville")
    assert p.find("textarea", name="idee")
    assert p.find("input", name="activites", type="checkbox")
    # The hint of a text field is tied to it.
    assert p.find("input", name="fois")[0]["aria-describedby"] == \
        "q-fois-hint"
    # Required questions say so in words, not only with a star.
    assert "(obligatoire)" in r.text
    # Touch targets and focus are in the style sheet.
    assert "min-height:44px" in r.text and ":focus{outline:3px" in r.text


def test_language_is_chosen_with_lang(daemon, cli):
    code = cli.meeting("bilingue", "Atelier cuisine")
    fr, _ = get_form(daemon, code)
    assert '<html lang="fr"' in fr.text
    assert "Êtes-vous déjà venu·e ?" in fr.text
    assert "Envoyer mes réponses" in fr.text
    assert 'href="/r/%s?lang=en"' % code in fr.text
    en, _ = get_form(daemon, code, "en")
    assert '<html lang="en"' in en.text
    assert "Have you been here before?" in en.text
    assert "Strongly agree" in en.text
    assert "Send my answers" in en.text and "(required)" in en.text
    assert 'action="/r/%s?lang=en"' % code in en.text
    # A language the form does not have: French.
    xx, _ = get_form(daemon, code, "xx")
    assert '<html lang="fr"' in xx.text and "Êtes-vous" in xx.text
    # Errors and the thank-you page follow the language.
    r, token = submit(daemon, code, {"venu": "oui"}, lang="en")
    assert r.status == 422
    assert "This question needs an answer." in r.text
    r, _ = submit(daemon, code, dict(GOOD), lang="en", token=token)
    assert r.status == 303
    assert r.header("Location") == f"/r/{code}/merci?lang=en"
    assert "Thank you" in daemon.get(r.header("Location")).text


# ---- validation -----------------------------------------------------------

def test_invalid_answers_get_422_with_everything_typed_kept(daemon, cli):
    code = cli.meeting("bilingue", "Atelier cuisine")
    typed = {"venu": "oui", "fois": "trois", "distance": "-2",
             "quand": "2025-02-30", "note": "7", "ville": "bourges",
             "activites": ["jardin", "sorties"],
             "idee": 'Des "ateliers" <b>pain</b> & confiture',
             "nom_prenom": "Zoé"}
    r, token = submit(daemon, code, typed)
    assert r.status == 422
    p = Page(r.text)
    assert r.text.index('id="erreurs"') < r.text.index("<form")
    assert "<title>Erreur : " in r.text
    # The summary links to each faulty field; each message sits beside it.
    links = [a["href"] for a in p.find("a") if a.get("href", "").startswith("#")]
    assert links == ["#q-fois", "#q-distance", "#q-quand", "#q-clair-0"]
    for href in links:
        assert href[1:] in p.ids
    for name in ("fois", "distance", "quand", "clair"):
        assert f"q-{name}-err" in p.ids
    assert p.find("input", name="fois")[0]["aria-describedby"] == \
        "q-fois-hint q-fois-err"
    assert p.find("fieldset", id="q-clair-box")[0]["aria-describedby"] == \
        "q-clair-err"
    assert "Indiquez un nombre entier" in r.text
    assert "Une distance positive." in r.text            # the form's message
    assert "Indiquez une date qui existe" in r.text
    assert "Cette question demande une réponse." in r.text
    # Everything typed is still there, escaped.
    assert p.find("input", name="fois")[0]["value"] == "trois"
    assert p.find("input", name="distance")[0]["value"] == "-2"
    assert p.find("input", name="quand")[0]["value"] == "2025-02-30"
    assert p.find("input", name="venu", value="oui")[0].get("checked") == ""
    assert p.find("input", name="note", value="7")[0].get("checked") == ""
    assert "checked" not in p.find("input", name="note", value="8")[0]
    assert p.find("option", value="bourges")[0].get("selected") == ""
    assert [a["value"] for a in p.find("input", name="activites")
            if "checked" in a] == ["jardin", "sorties"]
    assert 'Des &quot;ateliers&quot; &lt;b&gt;pain&lt;/b&gt; &amp; confiture' \
        in r.text
    assert p.find("input", name="nom_prenom")[0]["value"] == "Zoé"
    # The same form instance: the same token, and nothing stored.
    assert form_token(r.text) == token
    assert responses(cli.db, code) == []
    # Corrected, it goes through once.
    r, _ = submit(daemon, code, dict(typed, fois="3", distance="2,5",
                                     quand="2025-02-28", clair="3"),
                  token=token)
    assert r.status == 303
    got = answers_of(cli.db, code)
    assert got["distance"] == "2.5"
    assert got["activites"] == "jardin sorties"
    assert got["idee"] == typed["idee"]


@pytest.mark.parametrize("fields,field", [
    ({"venu": "peut-etre", "clair": "1"}, "venu"),   # not a choice
    ({"venu": "non", "clair": "5"}, "clair"),        # not a choice
    ({"venu": "non", "clair": "1", "note": "11"}, "note"),   # off the scale
    ({"venu": "non", "clair": "1", "note": "2.5"}, "note"),  # between steps
    ({"venu": "non", "clair": "1", "activites": ["jardin", "piscine"]},
     "activites"),
    ({"venu": "non", "clair": "1", "ville": "paris"}, "ville"),
    ({"venu": "oui", "clair": "1", "fois": "0"}, "fois"),    # constraint
    ({"venu": "oui", "clair": "1", "fois": "1e3"}, "fois"),  # not an integer
    ({"venu": "oui", "clair": "1", "fois": "2", "idee": "x" * 201}, "idee"),
])
def test_each_rule_of_the_form_is_checked_on_the_server(daemon, cli, fields,
                                                        field):
    code = cli.meeting("bilingue")
    r, _ = submit(daemon, code, fields)
    assert r.status == 422
    assert f'id="q-{field}-err"' in r.text
    assert r.text.count('class="err"') == 1
    assert responses(cli.db, code) == []


def test_answers_to_irrelevant_questions_are_dropped(daemon, cli):
    code = cli.meeting("bilingue")
    # "fois" and "quand" are relevant only when venu = oui, and so is the
    # group around "idee"; an invalid irrelevant answer is no error.
    r, _ = submit(daemon, code, {"venu": "non", "fois": "beaucoup",
                                 "quand": "2025-01-01", "clair": "2",
                                 "idee": "cachée", "note": "5"})
    assert r.status == 303
    assert answers_of(cli.db, code) == {"venu": "non", "clair": "2",
                                        "note": "5"}


def test_fields_that_name_no_question_are_ignored(daemon, cli):
    code = cli.meeting("bilingue")
    r, _ = submit(daemon, code, {"venu": "non", "clair": "2",
                                 "intro": "x", "admin": "1", "": "y"})
    assert r.status == 303
    assert answers_of(cli.db, code) == {"venu": "non", "clair": "2"}


@pytest.mark.parametrize("body,status", [
    ("_token=x&venu=%zz", 400),          # broken escape
    ("_token=x&venu=%4", 400),           # truncated escape
    ("_token=x&venu=a%00b", 400),        # NUL byte
    ("_token=x&venu=%C3%28", 400),       # invalid UTF-8
    ("_token=x&venu=oui", 400),          # not a token
])
def test_malformed_bodies_are_refused(daemon, cli, body, status):
    code = cli.meeting("bilingue")
    r = daemon.request("POST", f"/r/{code}", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == status
    assert responses(cli.db, code) == []


def test_only_urlencoded_bodies_are_accepted(daemon, cli):
    code = cli.meeting("bilingue")
    _, token = get_form(daemon, code)
    r = daemon.request("POST", f"/r/{code}",
                       body=f'{{"_token": "{token}"}}',
                       headers={"Content-Type": "application/json"})
    assert r.status == 415


# ---- tokens: exactly once, forged and stale -------------------------------

def test_resubmission_is_stored_once(daemon, cli):
    code = cli.meeting("bilingue")
    _, token = get_form(daemon, code)
    locations = set()
    for _ in range(3):      # a double tap, then a retry after a lost reply
        r, _ = submit(daemon, code, GOOD, token=token)
        assert r.status == 303
        locations.add(r.header("Location"))
    assert locations == {f"/r/{code}/merci"}
    assert len(responses(cli.db, code)) == 1
    # Even with other answers the second time, the first ones stay.
    r, _ = submit(daemon, code, dict(GOOD, note="1"), token=token)
    assert r.status == 303
    assert answers_of(cli.db, code)["note"] == "8"
    # A new form instance is a new response.
    r, _ = submit(daemon, code, GOOD)
    assert r.status == 303
    assert len(responses(cli.db, code)) == 2


def test_racing_resubmissions_are_stored_once(daemon, cli):
    code = cli.meeting("bilingue")
    _, token = get_form(daemon, code)
    statuses = []
    barrier = threading.Barrier(20)

    def go():
        barrier.wait()
        r, _ = submit(daemon, code, GOOD, token=token)
        statuses.append((r.status, r.header("Location")))

    threads = [threading.Thread(target=go) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [(303, f"/r/{code}/merci")] * 20
    assert len(responses(cli.db, code)) == 1


def test_forged_tokens_are_refused(daemon, cli):
    code = cli.meeting("bilingue")
    other = cli.meeting("bilingue", "Une autre")
    mid = meeting_id(cli.db, code)
    now = int(time.time())
    _, good = get_form(daemon, code)
    raw = bytearray(base64.urlsafe_b64decode(good + "=="))
    raw[20] ^= 1                                  # a nonce changed
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    _, for_other = get_form(daemon, other)
    forged = [
        None, "", "x" * 86, good[:-1], good + "A", tampered,
        mint_token(cli.db, mid, now, key=b"k" * 32),     # another key
        mint_token(cli.db, mid, now, key=b"k" * 32, version=0),
        mint_token(cli.db, mid, now, version=2),         # unknown version
        for_other,                                       # another meeting
        mint_token(cli.db, meeting_id(cli.db, other), now),
    ]
    for t in forged:
        fields = dict(GOOD)
        if t is not None:
            fields["_token"] = t
        r = daemon.post(f"/r/{code}", fields)
        assert r.status == 400, t
        assert "Rechargez la page" in r.text
        assert r.header("Set-Cookie") is None
    assert responses(cli.db, code) == []
    # The server's own key and meeting: accepted.
    r = daemon.post(f"/r/{code}", dict(GOOD, _token=mint_token(cli.db, mid,
                                                               now)))
    assert r.status == 303


@pytest.mark.parametrize("version", [1, 0])
def test_stale_tokens_are_refused(daemon, cli, version):
    code = cli.meeting("bilingue")
    mid = meeting_id(cli.db, code)
    now = int(time.time())
    for issued in (now - 86400 - 60, now - 400 * 86400, now + 3600):
        t = mint_token(cli.db, mid, issued, nonce=bytes([issued % 256]) * 16,
                       version=version)
        r = daemon.post(f"/r/{code}", dict(GOOD, _token=t))
        assert r.status == 410
        assert "Rechargez la page" in r.text
    assert responses(cli.db, code) == []
    # Within its lifetime (a day by default), a token is fine.
    t = mint_token(cli.db, mid, now - 86400 + 60, version=version)
    assert daemon.post(f"/r/{code}", dict(GOOD, _token=t)).status == 303


def test_minted_tokens_are_the_servers_own(daemon, cli):
    """mint_token makes what the daemon makes: same length, version byte,
    meeting and time; its forgeries (another key) are refused above."""
    code = cli.meeting("bilingue")
    _, served = get_form(daemon, code)
    raw = base64.urlsafe_b64decode(served + "==")
    mid, issued = struct.unpack(">qq", raw[1:17])
    mine = mint_token(cli.db, mid, issued, nonce=token_nonce(served))
    assert mid == meeting_id(cli.db, code) and raw[0] == 1
    assert mine == served


def test_tokens_issued_before_the_upgrade_are_accepted(daemon, cli):
    """2026-12-02: the form token moved from HMAC-SHA-512-256 (86
    characters) to SipHash with a version byte (66).  A form opened before
    the upgrade carries an old token: it is still accepted, stored once,
    and its resubmission recognised."""
    code = cli.meeting("bilingue")
    mid = meeting_id(cli.db, code)
    nonce = b"before-upgrade!!"
    t = mint_token(cli.db, mid, int(time.time()) - 600, nonce=nonce,
                   version=0)
    assert len(t) == 86
    for _ in range(2):
        r = daemon.post(f"/r/{code}", dict(GOOD, _token=t))
        assert r.status == 303 and r.header("Location") == f"/r/{code}/merci"
    assert db_rows(cli.db, "SELECT count(*) FROM response WHERE token = ?",
                   nonce) == [(1,)]
    # Tampered, or for another meeting, it is refused like a new one.
    other = cli.meeting("bilingue", "Une autre")
    for bad in (t[:20] + ("A" if t[20] != "A" else "B") + t[21:],
                mint_token(cli.db, meeting_id(cli.db, other), int(time.time()),
                           version=0)):
        assert daemon.post(f"/r/{code}", dict(GOOD, _token=bad)).status == 400


@pytest.mark.parametrize("version", [1, 0])
def test_late_retry_of_a_stored_answer_is_thanked(daemon, cli, version):
    code = cli.meeting("bilingue")
    mid = meeting_id(cli.db, code)
    old = int(time.time()) - 2 * 86400
    nonce = b"late-retry-nonce"
    # Stored while fresh (a server with a longer token lifetime)...
    daemon.stop()
    daemon.start(["--set", "token_lifetime=31536000"])
    r = daemon.post(f"/r/{code}", dict(GOOD, _token=mint_token(
        cli.db, mid, old, nonce=nonce, version=version)))
    assert r.status == 303
    daemon.stop()
    daemon.start()
    # ...and retried after it went stale: the same thank-you, stored once.
    r = daemon.post(f"/r/{code}", dict(GOOD, _token=mint_token(
        cli.db, mid, old, nonce=nonce, version=version)))
    assert r.status == 303 and r.header("Location") == f"/r/{code}/merci"
    assert len(responses(cli.db, code)) == 1


# ---- group commit ---------------------------------------------------------

def test_concurrent_submissions_are_all_stored_once_after_commit(daemon, cli):
    n = 300
    code = cli.meeting("rencontre-reseau")
    mid = meeting_id(cli.db, code)
    now = int(time.time())
    tokens = [mint_token(cli.db, mid, now, nonce=i.to_bytes(16, "big"))
              for i in range(n)]
    results = [None] * n
    barrier = threading.Barrier(n)

    def go(i):
        fields = {"_token": tokens[i], "role": "habitant", "centre": "vierzon",
                  "premiere_fois": "oui", "satisfaction": str(1 + i % 5),
                  "retiens": f"réponse {i}"}
        barrier.wait()
        try:
            r = daemon.post(f"/r/{code}", fields, timeout=60)
        except OSError as e:
            results[i] = ("error", repr(e))
            return
        # Acknowledged only once committed: another connection sees it.
        seen = db_rows(cli.db, "SELECT count(*) FROM response WHERE token = "
                       "?", i.to_bytes(16, "big"))[0][0]
        results[i] = (r.status, seen)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(303, 1)] * n
    rows = db_rows(cli.db, "SELECT count(*), count(DISTINCT token) FROM "
                   "response WHERE meeting_id = ?", mid)
    assert rows == [(n, n)]
    texts = {v for (v,) in db_rows(cli.db, "SELECT value FROM answer WHERE "
                                   "question = 'retiens'")}
    assert texts == {f"réponse {i}" for i in range(n)}
    # The writer shared commits: fewer batches than submissions.
    assert daemon.stop(signal.SIGTERM) == 0
    m = re.search(r"writer: (\d+) submissions? in (\d+) batch(?:es)? "
                  r"\(largest (\d+)\)", daemon.log())
    assert m, daemon.log()
    jobs, batches, largest = map(int, m.groups())
    assert jobs == n
    assert batches < n and largest > 1
    # The distribution of batch sizes (make bench quotes it) adds up, and
    # the largest batch is in its last bucket.
    m = re.search(r"writer: batch sizes (.*)", daemon.log())
    assert m, daemon.log()
    buckets = [re.fullmatch(r"(\d+)(?:-(\d+)|(\+))?: (\d+)", b).groups()
               for b in m.group(1).split(", ")]
    assert sum(int(b[3]) for b in buckets) == batches
    lo, hi, plus, _ = buckets[-1]
    assert int(lo) <= largest and (plus or largest <= int(hi or lo))


def test_acknowledged_answers_survive_a_kill(daemon, cli):
    """A 303 means committed: SIGKILL right after the replies loses none."""
    n = 60
    code = cli.meeting("rencontre-reseau")
    mid = meeting_id(cli.db, code)
    now = int(time.time())
    acked = []
    barrier = threading.Barrier(n)

    def go(i):
        t = mint_token(cli.db, mid, now, nonce=(1000 + i).to_bytes(16, "big"))
        barrier.wait()
        r = daemon.post(f"/r/{code}", {"_token": t, "role": "autre",
                                       "centre": "le_blanc",
                                       "premiere_fois": "non"})
        if r.status == 303:
            acked.append(i)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    daemon.kill()
    assert len(acked) == n
    assert db_rows(cli.db, "PRAGMA journal_mode") == [("wal",)]
    daemon.start()
    assert len(responses(cli.db, code)) == n


@pytest.fixture
def many_questions(forms_dir):
    """A form of 17 optional text questions q01..q17."""
    rows = ["survey,,,", ",type,name,label"]
    rows += [f",text,q{i:02d},Question {i}" for i in range(1, 18)]
    rows += ["settings,,,", ",form_id,form_title,version",
             ",dix-sept,Dix-sept questions,2026-12-02"]
    (forms_dir / "dix-sept.csv").write_text("\n".join(rows) + "\n")


def test_every_answer_is_stored_whatever_their_number(many_questions,
                                                      daemon, cli):
    """2026-12-02: a response's answers go in by multi-row INSERTs of at
    most 8 rows: 1, 7, 8, 9, 16 and 17 answers are all stored, each once,
    with its own value."""
    for n in (1, 7, 8, 9, 16, 17):
        code = cli.meeting("dix-sept", f"{n} réponses")
        want = {f"q{i:02d}": f"réponse {i} sur {n}" for i in range(1, n + 1)}
        r, _ = submit(daemon, code, want)
        assert r.status == 303, r.text
        assert answers_of(cli.db, code) == want
        assert db_rows(cli.db, "SELECT count(*) FROM answer a JOIN response "
                       "r ON r.id = a.response_id JOIN meeting m ON m.id = "
                       "r.meeting_id WHERE m.code = ?", code) == [(n,)]


def test_sigterm_answers_what_was_accepted(daemon, cli):
    code = cli.meeting("bilingue")
    r, _ = submit(daemon, code, GOOD)
    assert r.status == 303
    assert daemon.stop(signal.SIGTERM) == 0
    assert "writer: 1 submission in 1 batch (largest 1)" in daemon.log()
    assert len(responses(cli.db, code)) == 1


# ---- page budget ----------------------------------------------------------

def page_bytes(r):
    head = sum(len(k) + len(v) + 4 for k, v in r.headers.items())
    return len(r.body) + head + len("HTTP/1.1 200 OK\r\n\r\n")


@pytest.mark.parametrize("form", BUNDLED + ["bilingue"])
def test_form_page_fits_the_budget(daemon, cli, form):
    code = cli.meeting(form, "Rencontre du réseau départemental du Cher à "
                       "Saint-Amand-Montrond, avec les centres du Berry")
    r, token = get_form(daemon, code)
    assert page_bytes(r) <= BUDGET, page_bytes(r)
    if form == "bilingue":
        r, _ = get_form(daemon, code, "en")
        assert page_bytes(r) <= BUDGET, page_bytes(r)
    # Shown again with an error for every question, still within it.
    r = daemon.post(f"/r/{code}", {"_token": token, "role": "?",
                                   "centre": "?", "venu": "?", "clair": "?"})
    assert r.status == 422
    assert page_bytes(r) <= BUDGET, page_bytes(r)


# ---- meetings CLI ---------------------------------------------------------

def test_meeting_cli_create_list_close_reopen(cli):
    p = cli.run("meeting", "create", "--form", "visite-structure", "--title",
                "Visite du centre de Vierzon", "--date", "2026-10-02",
                "--level", "visite", "--centre", "Vierzon", "--place",
                "Salle polyvalente")
    code, url = p.stdout.decode().splitlines()[:2]
    assert re.fullmatch(f"[{ALPHABET}]{{7}}", code)
    assert url.endswith(f"/r/{code}")
    codes = {cli.meeting() for _ in range(20)}
    assert len(codes) == 20 and all(re.fullmatch(f"[{ALPHABET}]{{7}}", c)
                                    for c in codes)
    listing = cli.run("meeting", "list").stdout.decode()
    line = [ln for ln in listing.splitlines() if ln.startswith(code)][0]
    assert "Visite du centre de Vierzon" in line and "open" in line
    assert "visite" in line and "Vierzon" in line
    assert cli.run("meeting", "close", code.lower()).returncode == 0
    assert f"{code}\t2026-10-02\tclosed" in cli.run(
        "meeting", "list").stdout.decode()
    assert cli.run("meeting", "reopen", "-".join([code[:3], code[3:]])
                   ).returncode == 0
    assert f"{code}\t2026-10-02\topen" in cli.run(
        "meeting", "list").stdout.decode()


@pytest.mark.parametrize("args,rc", [
    (["meeting"], 2),
    (["meeting", "frobnicate"], 2),
    (["meeting", "create", "--form", "rencontre-reseau"], 2),
    (["meeting", "create", "--form", "rencontre-reseau", "--title", "T",
      "--date", "2026-02-30"], 2),
    (["meeting", "create", "--form", "rencontre-reseau", "--title", "T",
      "--date", "2026-02-03", "--level", "national"], 2),
    (["meeting", "create", "--form", "absent", "--title", "T", "--date",
      "2026-02-03"], 1),
    (["meeting", "close"], 2),
    (["meeting", "close", "not a code!"], 2),
    (["meeting", "close", "KKKKKKK"], 1),
])
def test_meeting_cli_refuses_bad_usage(cli, args, rc):
    p = cli.run(*args, check=False)
    assert p.returncode == rc, p.stderr
    assert p.stderr


def test_meeting_cli_level_ignores_case_and_accents(cli):
    code = cli.meeting("rencontre-reseau", "Réunion", "2026-11-02",
                       "--level", "REGIONAL")
    line = [ln for ln in cli.run("meeting", "list").stdout.decode()
            .splitlines() if ln.startswith(code)][0]
    assert "\trégional\t" in line


def test_meeting_cli_help(cli):
    for args in (["meeting", "--help"], ["meeting", "create", "--help"]):
        p = cli.run(*args)
        assert b"usage : recueil meeting create" in p.stdout


# ---- contrast (WCAG 2.1 AA) -----------------------------------------------

def luminance(hex_colour):
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
           for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rule(css, selector):
    m = re.search(r"(?:^|})" + re.escape(selector) + r"\{([^}]*)\}", css)
    assert m, selector
    return dict(d.split(":", 1) for d in m.group(1).split(";") if d)


def colour(value):
    m = re.search(r"#[0-9a-fA-F]{3,6}\b", value)
    assert m, value
    return m.group(0)


def test_colours_meet_wcag_aa_contrast(daemon, cli):
    code = cli.meeting("bilingue")
    css = re.search(r"<style>(.*?)</style>", daemon.get(f"/r/{code}").text,
                    re.S).group(1)
    body = rule(css, "body")
    page_bg, text = colour(body["background"]), colour(body["color"])
    white = "#fff"
    texts = {                      # text on the page or on white boxes
        "body": text,
        ".hint": colour(rule(css, ".hint")["color"]),
        ".err": colour(rule(css, ".err")["color"]),
        "a": colour(rule(css, "a")["color"]),
        ".notice": colour(rule(css, ".notice")["color"]),
        ".meta": colour(rule(css, ".meta")["color"]),
    }
    for name, c in texts.items():
        for bg in (page_bg, white):
            assert contrast(c, bg) >= 4.5, (name, c, bg, contrast(c, bg))
    button = rule(css, "button")
    assert contrast(colour(button["color"]), colour(button["background"])) \
        >= 4.5
    # Non-text contrast (1.4.11): field borders and the focus ring, 3:1.
    border = colour(rule(css, "input[type=text],input[type=date],textarea,"
                              "select")["border"])
    focus = colour(rule(css, ":focus")["outline"])
    for c in (border, focus):
        for bg in (page_bg, white):
            assert contrast(c, bg) >= 3, (c, bg)


def test_error_pages_follow_the_page_language(daemon):
    # 2026-12-02: the error kinds carry French and English texts.
    r = daemon.get("/r/ZZZZZZZ?lang=en")
    assert r.status == 404
    assert 'lang="en"' in r.text and "Meeting not found" in r.text
    r = daemon.get("/r/ZZZZZZZ")
    assert r.status == 404
    assert 'lang="fr"' in r.text and "Rencontre introuvable" in r.text


def test_a_known_path_with_another_method_is_405(daemon):
    assert daemon.request("POST", "/", body=b"").status == 405
    assert daemon.get("/r/ABCDEFG/merci").status in (200, 404)
    assert daemon.request("POST", "/r/ABCDEFG/merci", body=b"").status == 405
    assert daemon.request("POST", "/nowhere", body=b"").status == 404
