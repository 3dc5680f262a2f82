"""`recueil forms check FILE...` end to end: the real binary on the bundled
forms and on the corpus under tests/forms, with exit codes and the exact
messages a coordinator reads."""
import os
import pathlib
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("RECUEIL_BUILD", TOP / "build"))
RECUEIL = BUILD / "recueil"
CORPUS = TOP / "tests" / "forms"


def check(*args):
    """Run `recueil forms check ARGS` from the top of the repository."""
    return subprocess.run([str(RECUEIL), "forms", "check", *args], cwd=TOP,
                          capture_output=True, timeout=30)


def rel(path):
    return str(path.relative_to(TOP))


def test_bundled_forms_are_clean():
    forms = sorted(rel(p) for p in (TOP / "forms").glob("*.csv"))
    assert "forms/rencontre-reseau.csv" in forms
    assert "forms/visite-structure.csv" in forms
    r = check(*forms)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr == b""
    lines = r.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(forms)
    assert lines[0].startswith("forms/rencontre-reseau.csv : ok : "
                               "questionnaire « rencontre-reseau » version ")


@pytest.mark.parametrize("path", sorted(
    (CORPUS / "invalid").glob("*.csv")), ids=lambda p: p.stem)
def test_invalid_form_prints_exact_messages_and_exits_1(path):
    r = check(rel(path))
    assert r.returncode == 1
    assert r.stdout == b""
    want = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert r.stderr.decode("utf-8") == want


@pytest.mark.parametrize("path", sorted(
    (CORPUS / "valid").glob("*.csv")), ids=lambda p: p.stem)
def test_valid_form_exits_0_with_its_warnings(path):
    r = check(rel(path))
    assert r.returncode == 0, r.stderr.decode()
    expected = path.with_suffix(".expected")
    want = expected.read_text(encoding="utf-8") if expected.exists() else ""
    assert r.stderr.decode("utf-8") == want
    assert r.stdout.decode("utf-8").startswith(f"{rel(path)} : ok : questionnaire ")


def test_every_error_of_every_file_at_once():
    good = "forms/visite-structure.csv"
    bad = sorted(rel(p) for p in (CORPUS / "invalid").glob("*.csv"))[:3]
    r = check(good, *bad)
    assert r.returncode == 1
    assert r.stdout.decode().startswith(f"{good} : ok : ")
    want = "".join((TOP / b).with_suffix(".expected").read_text("utf-8")
                   for b in bad)
    assert r.stderr.decode("utf-8") == want


def test_error_names_file_line_column_and_fix(tmp_path):
    form = tmp_path / "essai.csv"
    form.write_text("survey;;;\n;type;name;label\n;text;a;A ?\n"
                    ";select_one couleurs;b;B ?\n", encoding="utf-8")
    r = check(str(form))
    assert r.returncode == 1
    assert r.stderr.decode() == (
        f"{form}:4:2: error: survey!B4: la liste de choix « couleurs » "
        "n'est pas définie : ajoutez ses choix à la feuille choices avec "
        "list_name « couleurs »\n")


def test_missing_file_fails():
    r = check("tests/forms/absent.csv")
    assert r.returncode == 1
    assert r.stderr.decode() == ("tests/forms/absent.csv: error: impossible "
                                 "d'ouvrir « tests/forms/absent.csv » : No "
                                 "such file or directory\n")


@pytest.mark.parametrize("args", [[], ["--bogus", "forms/x.csv"]])
def test_bad_usage_exits_2(args):
    r = check(*args)
    assert r.returncode == 2
    assert "usage : recueil forms check FICHIER...".encode() in r.stderr


def test_help_exits_0():
    r = check("--help")
    assert r.returncode == 0
    assert r.stdout.decode().startswith("usage : recueil forms check FICHIER...")
    r = subprocess.run([str(RECUEIL), "forms", "--help"], cwd=TOP,
                       capture_output=True, timeout=30)
    assert r.returncode == 0
    assert b"usage : recueil forms check" in r.stdout


# 2026-12-02, issue 17: ~24,000 nested '(' or ~44,000 unary '-' in a
# relevant or constraint cell (under the 64 KB cell limit) overflowed the
# parser's stack and `forms check` died with SIGSEGV.  The CSV cell is the
# 9th character of line 4 (after ";text;b;B ?;"), so the message names it.
DEEP = [
    ("parentheses", "(" * 24000 + "1" + ")" * 24000, "relevant",
     "expression trop imbriquée"),
    ("open_parentheses", "(" * 30000, "relevant",
     "expression trop imbriquée"),
    ("unary_minus", "-" * 44000 + "1 > 0", "constraint",
     "expression trop imbriquée"),
    ("not_calls", "not(" * 12000 + "true()" + ")" * 12000, "relevant",
     "expression trop imbriquée"),
    ("long_chain", "1" + "+1" * 30000 + " > 0", "constraint",
     "expression trop longue"),
]


@pytest.mark.parametrize("name,expr,column,msg", DEEP,
                         ids=[d[0] for d in DEEP])
def test_deep_expression_is_an_error_not_a_crash(tmp_path, name, expr,
                                                 column, msg):
    assert len(expr.encode()) < 64 * 1024
    form = tmp_path / f"{name}.csv"
    rel_cell = expr if column == "relevant" else ""
    con_cell = expr if column == "constraint" else ""
    form.write_text("survey;;;;;\n;type;name;label;relevant;constraint\n"
                    ";text;a;A ?;;\n"
                    f";text;b;B ?;{rel_cell};{con_cell}\n", encoding="utf-8")
    r = check(str(form))
    assert r.returncode == 1, (r.returncode, r.stderr[-300:])
    err = r.stderr.decode("utf-8")
    assert err.count("\n") == 1, err[:500]
    col = 13 if column == "relevant" else 14
    assert err.startswith(f"{form}:4:"), err[:300]
    line, column_no = err[len(str(form)) + 1:].split(":")[:2]
    assert int(line) == 4 and int(column_no) >= col, err[:300]
    assert f"expression {column} invalide au caractère " in err
    assert msg in err, err[:300]
