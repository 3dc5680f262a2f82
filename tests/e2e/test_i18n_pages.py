"""The pages' language: French by default (whatever Accept-Language says),
English once chosen with the "English" link (/langue sets the lang cookie)
or with ?lang=en; error pages and the replies built after a worker's job
(a failed login) speak the language of their own request, even when
requests in both languages run at once."""
import concurrent.futures
import re
import urllib.parse

import pytest

from test_admin import PASSWORDS, login_form, session, staff  # noqa: F401

EN = {"Cookie": "lang=en"}


def test_home_is_french_by_default_even_for_an_english_browser(daemon):
    for headers in ({}, {"Accept-Language": "en-US,en;q=0.9"}):
        r = daemon.get("/", headers=headers)
        assert r.status == 200
        assert '<html lang="fr">' in r.text
        assert "Donner son avis après une rencontre" in r.text
        assert "Ouvrir le questionnaire" in r.text
        # The link to English, named in English, coming back here.
        assert ('href="/langue?choix=en&amp;suite=/" hreflang="en" '
                'lang="en">English</a>') in r.text


def test_choosing_english_sets_the_cookie_and_comes_back(daemon):
    r = daemon.get("/langue?choix=en&suite=/")
    assert r.status == 303
    assert r.header("Location") == "/"
    cookie = r.header("Set-Cookie")
    assert cookie.startswith("lang=en; Path=/; Max-Age=31536000")
    page = daemon.get("/", headers={"Cookie": cookie.split(";")[0]})
    assert '<html lang="en">' in page.text
    assert "Give your opinion after a meeting" in page.text
    assert "Open the questionnaire" in page.text
    assert "Donner son avis" not in page.text
    assert 'lang="fr">Français</a>' in page.text
    # Back to French the same way.
    r = daemon.get("/langue?choix=fr&suite=/", headers=EN)
    assert r.header("Set-Cookie").startswith("lang=fr;")


@pytest.mark.parametrize("suite,back", [
    ("/", "/"),
    ("/admin/?lang=en&form=x", "/admin/?form=x"),
    ("/admin/meetings/ABC?x=1&lang=fr", "/admin/meetings/ABC?x=1"),
    ("//evil.example/", "/"),
    ("https://evil.example/", "/"),
    ("/\\evil.example", "/"),
    (None, "/"),
])
def test_the_way_back_is_a_local_path_without_lang(daemon, suite, back):
    q = "choix=en" + ("&suite=" + urllib.parse.quote(suite, safe="")
                      if suite is not None else "")
    r = daemon.get("/langue?" + q)
    assert r.status == 303
    assert r.header("Location") == back


def test_an_unknown_choice_sets_nothing(daemon):
    r = daemon.get("/langue?choix=de&suite=/")
    assert r.status == 303
    assert r.header("Set-Cookie") is None


def test_query_overrides_the_cookie(daemon):
    assert "Give your opinion" in daemon.get("/?lang=en").text
    fr = daemon.get("/?lang=fr", headers=EN).text
    assert "Donner son avis" in fr and '<html lang="fr">' in fr
    # A cookie that says something else is French.
    assert "Donner son avis" in daemon.get(
        "/", headers={"Cookie": "lang=de"}).text


def test_error_pages_speak_the_chosen_language(daemon):
    r = daemon.get("/nulle-part", headers=EN)
    assert r.status == 404
    assert "Page not found" in r.text and '<html lang="en">' in r.text
    r = daemon.get("/nulle-part")
    assert "Page introuvable" in r.text


def test_staff_pages_in_english(daemon, staff):  # noqa: F811
    token, cookie = login_form(daemon)
    page = daemon.get("/admin/login", headers=EN)
    assert "Staff sign-in" in page.text and "Password" in page.text
    assert "Mot de passe" not in page.text
    s = session(daemon, "alice")
    fr = s.get("/admin/").text
    assert "Se déconnecter" in fr and ">Rencontres</a>" in fr
    assert "suite=/admin/" in fr and ">English</a>" in fr
    s.cookie += "; lang=en"
    en = s.get("/admin/").text
    assert '<html lang="en">' in en
    assert "Sign out" in en and ">Meetings</a>" in en
    assert ">New meeting</a>" in en and "Se déconnecter" not in en


def failed_login(daemon, lang):
    token, cookie = login_form(daemon)
    r = daemon.post("/admin/login", {"username": "alice", "csrf": token,
                                     "password": "wrong"},
                    headers={"Cookie": f"{cookie}; lang={lang}"})
    return lang, r


def test_replies_after_a_job_keep_their_request_language(daemon, staff):  # noqa: F811
    # The password check runs on a worker; the page is written on the loop
    # after it, while other requests (in the other language) are served.
    langs = ["en", "fr"] * 4
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        results = list(ex.map(lambda l: failed_login(daemon, l), langs))
    for lang, r in results:
        assert r.status in (200, 401, 403, 429), r.status
        if lang == "en":
            assert re.search(r"Wrong user name or password|Too many",
                             r.text), r.text
            assert "incorrect" not in r.text
        else:
            assert re.search(r"Identifiant ou mot de passe incorrect|Trop de",
                             r.text), r.text


def test_downloads_in_the_chosen_language(daemon, staff):  # noqa: F811
    """The CSV is written on a stream worker: it keeps the request's
    language; ?header=names gives the fixed names whatever the language."""
    s = session(daemon, "alice")
    fr = s.get("/admin/export/stats.csv")
    assert fr.status == 200
    assert fr.text.splitlines()[0].startswith("Questionnaire,Question (nom)")
    s.cookie += "; lang=en"
    en = s.get("/admin/export/stats.csv")
    assert en.text.splitlines()[0].startswith("Form,Question (name),Question")
    names = s.get("/admin/export/stats.csv?header=names")
    assert names.text.splitlines()[0] == (
        "form,question,question_label,type,choice,choice_label,count,"
        "percent,n,mean,median,min,max")


def test_dates_read_as_people_say_them(daemon, staff):  # noqa: F811
    code = staff.meeting("rencontre-reseau", "Rencontre de décembre",
                         "2026-12-01")
    s = session(daemon, "alice")
    nb = "\u00a0"
    for path in ("/admin/", f"/admin/meetings/{code}"):
        fr = s.get(path).text
        assert (f'<time datetime="2026-12-01">1{nb}déc.{nb}2026</time>'
                in fr), path
        assert ">2026-12-01<" not in fr
    s.cookie += "; lang=en"
    en = s.get(f"/admin/meetings/{code}").text
    assert f'<time datetime="2026-12-01">1{nb}Dec{nb}2026</time>' in en


def test_decimals_with_a_comma_in_french(daemon, staff):  # noqa: F811
    from test_admin import answer
    code = staff.meeting("rencontre-reseau", "Rencontre", "2026-11-20")
    for sat in ("3", "4"):
        answer(daemon, code, {"role": "habitant", "centre": "vierzon",
                              "premiere_fois": "oui", "satisfaction": sat})
    s = session(daemon, "alice")
    fr = s.get(f"/admin/meetings/{code}").text
    assert "moyenne 3,50" in fr, fr
    s.cookie += "; lang=en"
    assert "mean 3.50" in s.get(f"/admin/meetings/{code}").text


# Staff page phrases once written outside gettext, and their English.
STAFF_PHRASES = {
    "/admin/forms": [
        ("Ajouter ou mettre à jour un questionnaire",
         "Add or update a questionnaire"),
        ("Messages du dernier chargement", "Messages from the last load"),
        ("Questionnaires chargés", "Loaded questionnaires"),
        ("Vérifier et voir l'aperçu", "Check and preview"),
        ("ou contenu du fichier", "or file content"),
    ],
    "/admin/export": [
        ("Format du fichier", "File format"),
        ("Classeur complet", "Full workbook"),
        ("Tableau d'évaluation", "Evaluation table"),
        ("Codes des choix au lieu de leurs libellés",
         "Choice codes instead of their labels"),
        ("(facultatif)", "(optional)"),
    ],
    "MEETING": [
        ("Recueil des paroles", "What people wrote"),
        ("Choisir les paroles du bilan", "Choose the quotes for the report"),
        ("2 réponses", "2 answers"),
        (">Nombre<", ">Count<"),
    ],
    "/admin/": [(">Nouvelle rencontre<", ">New meeting<")],
    "/admin/centres": [("Centres et niveaux du réseau",
                        "Centres and network levels"),
                       ("Retirer de la liste", "Retire from the list")],
    "/admin/accounts": [("Ajouter un compte", "Add an account"),
                        ("Nouveau mot de passe temporaire",
                         "New temporary password")],
    "/admin/report": [("Bilan à imprimer", "Printable report"),
                      ("Voir le bilan", "Show the report")],
}


def test_staff_page_bodies_in_english(daemon, staff):  # noqa: F811
    from test_admin import answer
    code = staff.meeting("rencontre-reseau", "Rencontre", "2026-11-20")
    for sat in ("3", "4"):
        answer(daemon, code, {"role": "habitant", "centre": "vierzon",
                              "premiere_fois": "oui", "satisfaction": sat})
    s = session(daemon, "alice")
    french = {}
    for path in STAFF_PHRASES:
        url = f"/admin/meetings/{code}" if path == "MEETING" else path
        r = s.get(url)
        assert r.status == 200, url
        french[path] = r.text
        for fr, _en in STAFF_PHRASES[path]:
            assert fr in r.text, (url, fr)
    s.cookie += "; lang=en"
    for path, pairs in STAFF_PHRASES.items():
        url = f"/admin/meetings/{code}" if path == "MEETING" else path
        en = s.get(url).text
        assert '<html lang="en">' in en, url
        for fr, eng in pairs:
            assert eng in en, (url, eng)
            if fr != eng:
                assert fr not in en, (url, fr)
