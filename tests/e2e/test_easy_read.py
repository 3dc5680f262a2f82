"""The easy-read form (issue 16): `style` = `facile` in a form's settings
sheet gives larger text, one question per screen (with or without
JavaScript) and a scale of faces, each with words for screen readers."""
import re

from harness import form_token

BUDGET = 14 * 1024


def easy_form(forms_dir):
    src = (forms_dir / "rencontre-reseau.csv").read_text("utf-8")
    src = src.replace(",form_id,form_title,version,default_language,,",
                      ",form_id,form_title,version,default_language,style,")
    src = src.replace(",rencontre-reseau,Après la rencontre du réseau,"
                      "2026-11-29,Français (fr),,",
                      ",facile,Après la rencontre (facile à lire),"
                      "2026-11-29,Français (fr),facile,")
    assert ",facile," in src
    (forms_dir / "facile.csv").write_text(src, "utf-8")


def visible(html):
    """The names of the question boxes the page shows."""
    return [m.group(1) for m in re.finditer(
        r'<(?:div|fieldset) class="q[^"]*" id="q-([a-z_]+)-box"'
        r'(?![^>]*hidden)[^>]*>', html)]


def test_one_question_per_screen_and_faces(daemon, cli, forms_dir):
    easy_form(forms_dir)
    daemon.stop()
    daemon.start()
    code = cli.meeting("facile", "Atelier facile")
    r = daemon.get(f"/r/{code}")
    assert r.status == 200
    assert 'class="facile" data-easy="1"' in r.text
    assert visible(r.text) == ["role"]
    token = form_token(r.text)
    answers = {"_token": token, "role": "habitant", "centre": "vierzon",
               "premiere_fois": "oui"}
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
        head = len(r.text.encode()) + 600
        assert head <= BUDGET
        at = int(re.search(r'name="_at" value="(\d+)"', r.text).group(1))
        if "satisfaction" in visible(r.text):
            # Five faces, each with its words for screen readers.
            assert r.text.count('class="face" aria-hidden="true"') == 5
            assert '<span class="vh">Très content, </span><span>5</span>' \
                in r.text
    assert r.status == 303
    # "Quel centre ?" never came: the centre is in the list.
    assert "centre_autre" not in seen
    assert seen[0] == "centre" and "commentaire" in seen
