"""The easy-read form (issue 16): `style` = `facile` in a form's settings
sheet gives larger text, one question per screen (with or without
JavaScript) and scales of faces, each with words for screen readers: on a
`range` question, and on a satisfaction question (select_one with
appearance likert), its choices' labels beside the faces.  Every page
stays within the 14 KB budget, and `recueil forms export` keeps the
style."""
import re

from easy_read_forms import easy_form
from harness import Cli, form_token

BUDGET = 14 * 1024

# The faces, from the saddest to the happiest (src/html.c).
SAD, HAPPY = "\U0001F61E", "\U0001F600"


def visible(html):
    """The names of the question boxes the page shows."""
    return [m.group(1) for m in re.finditer(
        r'<(?:div|fieldset) class="q[^"]*" id="q-([a-z_]+)-box"'
        r'(?![^>]*hidden)[^>]*>', html)]


def page_bytes(r):
    """The response's size on the wire, headers included."""
    head = sum(len(k) + len(v) + 4 for k, v in r.headers.items())
    return len(r.body) + head + len("HTTP/1.1 200 OK\r\n\r\n")


def faces_of(html):
    """(face, its name for screen readers or None when hidden from them,
    the text beside it) of each smiley."""
    return [(m[1], m[0] or None, m[2]) for m in re.findall(
        r'<i (?:role="img" aria-label="([^"]+)"|aria-hidden="true")>'
        r'([^<]+)</i>([^<]+)</label>', html)]


def start(daemon, forms_dir, easy=True):
    easy_form(forms_dir, easy)
    daemon.stop()
    daemon.start()


def test_one_question_per_screen_and_faces(daemon, cli, forms_dir):
    start(daemon, forms_dir)
    code = cli.meeting("facile", "Atelier facile")
    r = daemon.get(f"/r/{code}")
    assert r.status == 200
    assert 'class="facile" data-easy="1"' in r.text
    assert visible(r.text) == ["role"]
    token = form_token(r.text)
    answers = {"_token": token, "role": "habitant", "centre": "vierzon",
               "premiere_fois": "oui", "utile": "tres"}
    seen = []
    at = 0
    for _ in range(12):
        r = daemon.post(f"/r/{code}", dict(answers, _at=str(at),
                                            _go=str(at + 1)))
        if r.status == 303:
            break
        assert r.status == 200, r.text
        assert len(visible(r.text)) == 1, visible(r.text)
        seen += visible(r.text)
        assert page_bytes(r) <= BUDGET, (visible(r.text), page_bytes(r))
        at = int(re.search(r'name="_at" value="(\d+)"', r.text).group(1))
        if "satisfaction" in visible(r.text):
            # Five faces, each an image named by its words, the value
            # beside it.
            box = re.search(r'id="q-satisfaction-box".*?</fieldset>',
                            r.text).group(0)
            assert faces_of(box) == [
                (SAD, "Pas du tout content", "1"),
                ("\U0001F641", "Pas content", "2"),
                ("\U0001F610", "Moyen", "3"),
                ("\U0001F642", "Content", "4"),
                (HAPPY, "Très content", "5")]
    assert r.status == 303
    # "Quel centre ?" never came: the centre is in the list.
    assert "centre_autre" not in seen
    assert seen[0] == "centre" and "commentaire" in seen
    assert seen.index("utile") == seen.index("retiens") + 1


def test_likert_question_gets_faces_beside_its_labels(daemon, cli,
                                                      forms_dir):
    start(daemon, forms_dir)
    code = cli.meeting("facile", "Atelier facile")
    r = daemon.get(f"/r/{code}")
    box = re.search(r'<fieldset class="q" id="q-utile-box".*?</fieldset>',
                    r.text).group(0)
    assert "<legend>Cette rencontre vous a été utile ?</legend>" in box
    # Four choices: the first the saddest face, the last the happiest,
    # every label kept visible, one per row (no scale of squares).  The
    # label names the radio; the face, hidden from screen readers, only
    # illustrates it.
    assert faces_of(box) == [
        (SAD, None, "Pas du tout utile"),
        ("\U0001F641", None, "Un peu utile"),
        ("\U0001F642", None, "Assez utile"),
        (HAPPY, None, "Très utile")]
    assert 'class="scale' not in box
    assert box.count('<label class="opt"><input type="radio" '
                     'name="utile"') == 4
    # The first radio has the id the error summary links to.
    assert 'name="utile" id="q-utile-0" value="pas_du_tout"' in box
    # Chosen, then sent back with an error elsewhere: still checked.
    token = form_token(r.text)
    r = daemon.post(f"/r/{code}", {"_token": token, "utile": "assez"})
    assert r.status == 422
    assert 'value="assez" checked><i aria-hidden="true">' in r.text
    assert page_bytes(r) <= BUDGET, page_bytes(r)


def test_easy_read_pages_fit_the_budget(daemon, cli, forms_dir):
    start(daemon, forms_dir)
    code = cli.meeting("facile", "Rencontre du réseau départemental du Cher "
                       "à Saint-Amand-Montrond, avec les centres du Berry")
    r = daemon.get(f"/r/{code}")
    assert page_bytes(r) <= BUDGET, page_bytes(r)
    token = form_token(r.text)
    # Shown again with errors (as test_public does for the bundled forms),
    # then every step's page.
    r = daemon.post(f"/r/{code}", {"_token": token, "role": "?",
                                   "centre": "?"})
    assert r.status == 422
    assert page_bytes(r) <= BUDGET, page_bytes(r)
    answers = {"_token": token, "role": "habitant", "centre": "vierzon",
               "premiere_fois": "oui"}
    for at in range(12):
        r = daemon.post(f"/r/{code}", dict(answers, _at=str(at),
                                            _go=str(at + 1)))
        if r.status == 303:
            break
        assert page_bytes(r) <= BUDGET, (at, page_bytes(r))


def test_likert_without_easy_read_is_a_row_of_radios(daemon, cli,
                                                     forms_dir):
    start(daemon, forms_dir, easy=False)
    code = cli.meeting("likert", "Atelier")
    r = daemon.get(f"/r/{code}")
    assert r.status == 200
    box = re.search(r'<fieldset class="q" id="q-utile-box".*?</fieldset>',
                    r.text).group(0)
    assert '<div class="scale lk">' in box
    assert "<i " not in r.text
    assert box.count('<input type="radio" name="utile"') == 4
    assert 'value="tres">Très utile</label>' in box
    assert page_bytes(r) <= BUDGET, page_bytes(r)
    r = daemon.post(f"/r/{code}", {"_token": form_token(r.text),
                                   "role": "?", "centre": "?"})
    assert r.status == 422
    assert page_bytes(r) <= BUDGET, page_bytes(r)


def test_forms_export_keeps_the_style(cli, forms_dir, tmp_path):
    easy_form(forms_dir)
    out = tmp_path / "out" / "facile.csv"
    out.parent.mkdir()
    cli.run("forms", "export", "facile", "-o", out)
    text = out.read_text("utf-8")
    assert re.search(r"\n,form_title,form_id,version,default_language,"
                     r"style[,\r]", text), text
    assert ",facile\r\n" in text or ",facile," in text
    assert ",likert" in text
    # Served as it is, the export gives the same file again.
    forms2 = tmp_path / "forms2"
    forms2.mkdir()
    (forms2 / "facile.csv").write_bytes(out.read_bytes())
    again = tmp_path / "again.csv"
    Cli(tmp_path / "x.db", forms2).run("forms", "export", "facile", "-o",
                                       again)
    assert again.read_bytes() == out.read_bytes()
    for fmt in ("xlsx", "ods"):
        wb = tmp_path / f"facile.{fmt}"
        cli.run("forms", "export", "facile", "-o", wb)
        (forms2 / "facile.csv").unlink(missing_ok=True)
        for old in forms2.glob("facile.*"):
            old.unlink()
        (forms2 / f"facile.{fmt}").write_bytes(wb.read_bytes())
        p = Cli(tmp_path / "x.db", forms2).run("forms", "export", "facile",
                                               "--format", "csv")
        assert p.stdout == out.read_bytes(), fmt
