"""The kiosk link (issue 16), over plain HTTP: only the meeting's own key
opens the tablet's form; its answers count as "kiosk", and an answer that
claims the kiosk without the key counts as a phone's."""
import csv
import io
import re

from harness import form_token
from test_admin import session, staff  # noqa: F401 - the fixture

ANSWERS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}


def channels(cli, code):
    data = cli.run("export", "responses", "--meeting", code, "--codes",
                   "--header", "names").stdout.decode("utf-8-sig")
    return [r["channel"] for r in csv.DictReader(io.StringIO(data,
                                                              newline=""))]


def test_kiosk_link_key_and_channel(daemon, staff):
    code = staff.meeting()
    other = staff.meeting(title="Une autre rencontre")
    s = session(daemon, "bob")
    page = s.get(f"/admin/meetings/{code}/tablette")
    assert page.status == 200 and "<svg" in page.text
    key = re.search(r"/r/%s/tablette\?cle=([A-Za-z0-9_-]+)" % code,
                    page.text).group(1)
    # Wrong or another meeting's key: no such page.
    assert daemon.get(f"/r/{code}/tablette").status == 404
    assert daemon.get(f"/r/{code}/tablette?cle=" + "A" * 22).status == 404
    assert daemon.get(f"/r/{other}/tablette?cle={key}").status == 404
    form = daemon.get(f"/r/{code}/tablette?cle={key}")
    assert form.status == 200
    assert 'data-kiosk="1"' in form.text
    assert f'name="_kiosk" value="{key}"' in form.text
    r = daemon.post(f"/r/{code}", dict(ANSWERS, _kiosk=key,
                                       _token=form_token(form.text)))
    assert r.status == 303
    merci = r.header("Location")
    assert merci == f"/r/{code}/merci?tablette={key}"
    thanks = daemon.get(merci)
    assert "Nouvelle réponse" in thanks.text
    assert f'data-next="/r/{code}/tablette?cle={key}"' in thanks.text
    # A phone claiming the kiosk without its key is a phone.
    form = daemon.get(f"/r/{code}")
    r = daemon.post(f"/r/{code}", dict(ANSWERS, _kiosk="A" * 22,
                                       _token=form_token(form.text)))
    assert r.status == 303 and "tablette" not in r.header("Location")
    assert "Nouvelle réponse" not in daemon.get(
        f"/r/{code}/merci?tablette=" + "A" * 22).text
    assert sorted(channels(staff, code)) == ["kiosk", "phone"]
