"""The request log cannot undo anonymity (issue 17, item 5, 2026-12-02).

Before: each answer wrote "POST /r/CODE 303" (then "GET /r/CODE/merci
200") to the journal, whose timestamps gave the n-th line the n-th
response's minute, undoing time_resolution = day.  Now residents' pages
(every path under /r/) get no line of their own: they are counted per
period of time_resolution, and one line gives the count once the period
is over or at exit."""
import datetime
import re

from harness import form_token

FIELDS = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui"}


def test_public_requests_are_counted_not_logged(daemon, cli):
    code = cli.meeting()
    for _ in range(3):
        page = daemon.get(f"/r/{code}")
        assert page.status == 200
        r = daemon.post(f"/r/{code}", dict(FIELDS,
                                           _token=form_token(page.text)))
        assert r.status == 303, r.text
        assert daemon.get(r.header("Location")).status == 200
    assert daemon.get("/healthz").status == 200
    assert daemon.stop() == 0
    log = daemon.log_lines
    # Staff and technical pages keep their lines...
    assert any(line.endswith("GET /healthz 200") for line in log), log
    # ...residents' pages have none: no code, no submission, no time.
    assert not any(code in line for line in log), log
    assert not any("/r/" in line for line in log), log
    assert not any(line.startswith("recueild: POST") for line in log), log
    counts = [re.match(r"recueild: public pages: (\d+) requests during "
                       r"(\d{4}-\d\d-\d\d)$", line) for line in log]
    counts = [m for m in counts if m]
    assert len(counts) == 1, log
    assert int(counts[0].group(1)) == 9
    today = datetime.date.today().isoformat()
    yesterday = (datetime.date.today() - datetime.timedelta(days=1))
    assert counts[0].group(2) in (today, yesterday.isoformat())


def test_the_code_box_is_counted_not_logged(daemon, cli):
    """2026-12-02: "/r?code=..." (the home page's code box, a resident's
    first step) still wrote "GET /r 303", timestamped, per resident."""
    code = cli.meeting()
    r = daemon.get(f"/r?code={code.lower()}")
    assert r.status in (302, 303) and r.header("Location").endswith(code)
    assert daemon.get("/r?code=ZZZZZZZ").status in (200, 404)
    assert daemon.stop() == 0
    log = daemon.log_lines
    assert not any(re.search(r" /r( |$)", line) for line in log), log
    counts = [re.match(r"recueild: public pages: (\d+) requests during ",
                       line) for line in log]
    assert [int(m.group(1)) for m in counts if m] == [2], log
