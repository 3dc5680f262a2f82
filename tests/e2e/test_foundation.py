"""The walking skeleton end to end: a meeting made with the real CLI, answers
submitted over HTTP to the real daemon, and the CSV export read back."""
import csv
import io
import signal

from harness import form_token


def answer(daemon, code, fields):
    page = daemon.get(f"/r/{code}")
    assert page.status == 200
    body = dict(fields, _token=form_token(page.text))
    return daemon.post(f"/r/{code}", body)


def test_meeting_answers_export_round_trip(daemon, cli):
    code = cli.meeting("rencontre-reseau", "Réseau du Cher — novembre",
                       "2026-11-20")
    assert len(code) == 7

    r = answer(daemon, code, {
        "role": "habitant", "centre": "vierzon", "premiere_fois": "oui",
        "satisfaction": "5",
        "retiens": 'On a parlé "participation", virgules, et\nretours à la ligne',
        "envies": ["visiter", "preparer"],
    })
    assert r.status == 303
    assert r.header("Location") == f"/r/{code}/merci"
    assert "Merci" in daemon.get(f"/r/{code}/merci").text

    r = answer(daemon, code, {
        "role": "professionnel", "centre": "le_blanc", "premiere_fois": "non",
        "changer": "=SOMME(A1:A2)",
    })
    assert r.status == 303

    out = cli.run("export", "responses", "--form", "rencontre-reseau",
                  "--codes").stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 2
    # Rows of one day come in no particular order (issue 17: response
    # ids do not tell the order of submission).
    first, second = sorted(rows, key=lambda r: r["role"] != "habitant")
    assert first["role"] == "habitant"
    assert first["centre"] == "vierzon"
    assert first["retiens"] == ('On a parlé "participation", virgules, et\n'
                                'retours à la ligne')
    assert first["satisfaction"] == "5"
    assert second["role"] == "professionnel"
    assert second["changer"].endswith("=SOMME(A1:A2)")
    assert not second["changer"].startswith("=")


def test_sigterm_stops_cleanly(daemon):
    assert daemon.get("/healthz").text == "ok\n"
    assert daemon.stop(signal.SIGTERM) == 0
