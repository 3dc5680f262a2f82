"""Skip logic without JavaScript (issue 16): a form with conditional
questions is served in steps, one per dependency level (src/skip.c).  Each
step is checked on the server, "Précédent" and "Suivant" carry every
answer and the form's token, and the resident never sees a question whose
condition is false.  Plain HTTP, as a phone without JavaScript sends it.
"""
import re
import sqlite3

from harness import form_token

STEP0 = {"role": "benevole", "centre": "autre", "premiere_fois": "non",
         "satisfaction": "4", "retiens": "Les échanges",
         "envies": ["visiter"], "commentaire": "Très bien"}


def box(html, name):
    """The opening tag of a question's box."""
    m = re.search(r'<(?:div|fieldset) class="q[^"]*" id="q-%s-box"[^>]*>'
                  % re.escape(name), html)
    assert m, f"no box for {name}"
    return m.group(0)


def shown(html, name):
    return " hidden" not in box(html, name)


def stored(db, code):
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT r.id, a.question, a.value FROM answer a JOIN response r "
            "ON r.id = a.response_id JOIN meeting m ON m.id = r.meeting_id "
            "WHERE m.code = ? ORDER BY r.id", (code,)).fetchall()
    finally:
        con.close()
    out = {}
    for rid, q, v in rows:
        out.setdefault(rid, {})[q] = v
    return list(out.values())


def test_first_step_hides_conditional_questions(daemon, cli):
    code = cli.meeting()
    r = daemon.get(f"/r/{code}")
    assert r.status == 200
    assert shown(r.text, "centre") and shown(r.text, "role")
    assert not shown(r.text, "centre_autre")
    # One button, "Suivant", that asks for the next step.
    assert re.search(r'<button type="submit" id="send" name="_go" '
                     r'value="1"[^>]*>Suivant</button>', r.text)
    assert 'name="_at" value="0"' in r.text


def test_steps_carry_every_answer_and_the_token(daemon, cli):
    code = cli.meeting()
    token = form_token(daemon.get(f"/r/{code}").text)
    # Step 0 answered with "Autre": the next step asks which centre.
    r = daemon.post(f"/r/{code}", dict(STEP0, _token=token, _at="0",
                                        _go="1"))
    assert r.status == 200, r.text
    assert shown(r.text, "centre_autre")
    for name in ("role", "centre", "satisfaction", "commentaire"):
        assert not shown(r.text, name), name
    assert form_token(r.text) == token
    assert "Précédent" in r.text and "Envoyer mes réponses" in r.text
    assert 'class="err"' not in r.text       # nothing answered yet here
    # What was typed in step 0 travels, hidden, in step 1.
    assert 'value="benevole" checked' in r.text
    assert "Très bien</textarea>" in r.text
    assert stored(cli.db, code) == []

    # Back to step 0: everything is still there, with no error.
    back = dict(STEP0, _token=token, _at="1", _go="0",
                centre_autre="Centre de Bourges")
    r = daemon.post(f"/r/{code}", back)
    assert r.status == 200
    assert shown(r.text, "role") and not shown(r.text, "centre_autre")
    assert 'value="Centre de Bourges"' in r.text
    assert 'class="err"' not in r.text

    # Sent from the last step: stored once, with the conditional answer.
    final = dict(STEP0, _token=token, _at="1",
                 centre_autre="Centre de Bourges")
    r = daemon.post(f"/r/{code}", final)
    assert r.status == 303 and r.header("Location").endswith("/merci")
    r = daemon.post(f"/r/{code}", final)          # a double tap
    assert r.status == 303
    rows = stored(cli.db, code)
    assert len(rows) == 1
    assert rows[0]["centre_autre"] == "Centre de Bourges"
    assert rows[0]["role"] == "benevole"


def test_a_step_is_checked_before_the_next(daemon, cli):
    code = cli.meeting()
    token = form_token(daemon.get(f"/r/{code}").text)
    r = daemon.post(f"/r/{code}", dict(STEP0, role="", _token=token,
                                        _at="0", _go="1"))
    assert r.status == 422
    assert shown(r.text, "role") and not shown(r.text, "centre_autre")
    assert 'id="q-role-err"' in r.text
    assert 'name="_at" value="0"' in r.text
    assert stored(cli.db, code) == []


def test_suivant_sends_when_no_later_step_concerns_the_resident(daemon, cli):
    """Centre chosen from the list: "Quel centre ?" does not concern them,
    so "Suivant" has nothing more to show and the answers are stored,
    without the question they never saw."""
    code = cli.meeting()
    token = form_token(daemon.get(f"/r/{code}").text)
    r = daemon.post(f"/r/{code}", dict(STEP0, centre="vierzon",
                                        centre_autre="typed elsewhere",
                                        _token=token, _at="0", _go="1"))
    assert r.status == 303
    rows = stored(cli.db, code)
    assert len(rows) == 1 and "centre_autre" not in rows[0]
    assert rows[0]["centre"] == "vierzon"


def test_answers_sent_whole_and_wrong_show_every_relevant_question(daemon,
                                                                   cli):
    code = cli.meeting()
    token = form_token(daemon.get(f"/r/{code}").text)
    r = daemon.post(f"/r/{code}", dict(STEP0, role="", _token=token,
                                        centre_autre="x" * 101))
    assert r.status == 422
    # Both errors, the conditional question shown since "Autre" holds.
    assert shown(r.text, "centre_autre") and shown(r.text, "role")
    assert 'id="q-role-err"' in r.text and 'id="q-centre_autre-err"' in r.text
    assert "name=\"_go\"" not in r.text and "Précédent" not in r.text
