"""Skip logic that people see (issue 16), on a phone-sized screen
(360×740): "Quel centre ?" shows only once "Autre" is chosen, with
JavaScript as the resident answers, without it as the form's next step;
and the page's evaluator agrees with the server's on the shared table of
cases (tests/expr_cases.txt), run in the browser under the page's real
Content-Security-Policy.
"""
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import BUILD, ROOT
from phone_actions import displayed as visible, exported, radio, tap

W, H = 360, 740


def answer_first_part(drv, centre):
    tap(drv, radio(drv, "role", "habitant"))
    Select(drv.find_element(By.ID, "q-centre")).select_by_value(centre)
    tap(drv, radio(drv, "premiere_fois", "oui"))


def test_other_centre_box_follows_the_answer_with_javascript(browser,
                                                             daemon, cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    send = drv.find_element(By.ID, "send")
    assert send.text == "Envoyer mes réponses"     # no steps with the script
    assert not visible(drv, "q-centre_autre-box")
    # Keyboard only: the centre list is reached and chosen with keys.
    centre = drv.find_element(By.ID, "q-centre")
    centre.send_keys("Autre")
    assert Select(centre).first_selected_option.get_attribute("value") == \
        "autre"
    WebDriverWait(drv, 10).until(lambda d: visible(d, "q-centre_autre-box"))
    Select(centre).select_by_value("vierzon")
    WebDriverWait(drv, 10).until(
        lambda d: not visible(d, "q-centre_autre-box"))
    Select(centre).select_by_value("autre_region")
    WebDriverWait(drv, 10).until(lambda d: visible(d, "q-centre_autre-box"))
    box = drv.find_element(By.ID, "q-centre_autre")
    box.send_keys("Centre de Bourges")
    tap(drv, radio(drv, "role", "habitant"))
    tap(drv, radio(drv, "premiere_fois", "oui"))
    box.send_keys(Keys.ENTER)                      # sends, as the button does
    WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    rows = exported(cli, code, "--codes")
    assert len(rows) == 1 and rows[0]["centre_autre"] == "Centre de Bourges"


def test_other_centre_box_is_a_next_step_without_javascript(browser, daemon,
                                                            cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=False)
    drv.get(f"{daemon.url}/r/{code}")
    assert not visible(drv, "q-centre_autre-box")
    answer_first_part(drv, "autre")
    drv.find_element(By.ID, "q-retiens").send_keys("La convivialité")
    tap(drv, drv.find_element(By.ID, "send"))      # « Suivant »
    WebDriverWait(drv, 10).until(
        lambda d: d.find_elements(By.ID, "prev"))
    assert visible(drv, "q-centre_autre-box")
    assert not visible(drv, "q-role-box")
    assert drv.find_element(By.ID, "send").text == "Envoyer mes réponses"
    drv.find_element(By.ID, "q-centre_autre").send_keys("Centre de Bourges")
    # Back, then forward again: nothing typed is lost.
    tap(drv, drv.find_element(By.ID, "prev"))
    WebDriverWait(drv, 10).until(lambda d: visible(d, "q-role-box"))
    assert drv.find_element(By.ID, "q-retiens").get_attribute("value") == \
        "La convivialité"
    tap(drv, drv.find_element(By.ID, "send"))
    WebDriverWait(drv, 10).until(
        lambda d: visible(d, "q-centre_autre-box"))
    assert drv.find_element(By.ID, "q-centre_autre").get_attribute(
        "value") == "Centre de Bourges"
    tap(drv, drv.find_element(By.ID, "send"))
    WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    rows = exported(cli, code, "--codes")
    assert len(rows) == 1
    assert rows[0]["centre_autre"] == "Centre de Bourges"
    assert rows[0]["retiens"] == "La convivialité"


def test_a_list_centre_never_shows_the_other_centre_box(browser, daemon,
                                                        cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=False)
    drv.get(f"{daemon.url}/r/{code}")
    answer_first_part(drv, "vierzon")
    tap(drv, drv.find_element(By.ID, "send"))
    WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    rows = exported(cli, code, "--codes")
    assert len(rows) == 1 and rows[0]["centre_autre"] == ""


def shared_cases():
    """[(line, expression, answers, expected)] of tests/expr_cases.txt."""
    out = []
    text = (ROOT / "tests" / "expr_cases.txt").read_text("utf-8")
    for no, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        answers = dict(p.split("=", 1) for p in f[2:])
        out.append((no, f[0], answers, int(f[1])))
    return out


def test_the_page_evaluator_agrees_with_the_shared_table(browser, daemon,
                                                         cli):
    cases = shared_cases()
    assert len(cases) > 40
    p = subprocess.run([str(BUILD / "tools" / "exprdata")],
                       input="\n".join(c[1] for c in cases) + "\n",
                       capture_output=True, text=True, check=True,
                       timeout=60)
    data = p.stdout.split("\n")[:len(cases)]
    assert not [d for d in data if d.startswith("!")], data
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    got = drv.execute_script(
        "return arguments[0].map(c => window.recueilEval("
        "JSON.parse(c[0]), c[1]) ? 1 : 0)",
        [[d, c[2]] for d, c in zip(data, cases)])
    wrong = [(c[0], c[1], c[2], c[3], g)
             for c, g in zip(cases, got) if g != c[3]]
    assert wrong == [], wrong
