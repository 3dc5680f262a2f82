"""`recueil export responses|stats|evaluation` end to end.

Golden files: a deterministic dataset from build/tools/gen (fixed seed) and
frozen copies of the bundled forms (tests/e2e/fixtures/export-forms, so
that editing forms/ never breaks them), exported with each option and
compared byte for byte with tests/e2e/golden/*.csv.  Regenerate them after
an intended change with UPDATE_GOLDEN=1 tests/run.sh e2e, and review the
diff.

Read-back tests submit answers through the real daemon over HTTP and check
that Python's csv module reads every stored value back.  The evaluation
fixture builds a known set of meetings and answers and checks every value
of the evaluation table.
"""
import csv
import io
import os
import pathlib
import shutil
import subprocess

import pytest

from harness import BUILD, Cli, form_token

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
FIXTURES = HERE / "fixtures"
GEN = BUILD / "tools" / "gen"
TZ = {"TZ": "Europe/Paris"}


def gen(db, forms, *args):
    subprocess.run([str(GEN), "--db", str(db), "--forms", str(forms),
                    *[str(a) for a in args]], check=True,
                   capture_output=True, timeout=300)


def parse(data, sep=","):
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def unneutralise(cell):
    """The stored value behind a cell: a leading ' was added to formulas."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


@pytest.fixture(scope="module")
def golden_cli(tmp_path_factory):
    """40 generated responses to the frozen forms, in 5 meetings."""
    d = tmp_path_factory.mktemp("golden")
    forms = d / "forms"
    shutil.copytree(FIXTURES / "export-forms", forms)
    gen(d / "g.db", forms, "--seed", 2, "--responses", 40, "--meetings", 5)
    return Cli(d / "g.db", forms)


GOLDEN_CASES = {
    "responses": ["responses", "--form", "rencontre-reseau"],
    "responses-codes": ["responses", "--form", "rencontre-reseau", "--codes"],
    "responses-visite": ["responses", "--form", "visite-structure"],
    "responses-excel-fr": ["responses", "--form", "rencontre-reseau",
                           "--excel-fr"],
    "responses-tab-bom": ["responses", "--form", "rencontre-reseau",
                          "--sep", "tab", "--bom"],
    "responses-semicolon-decimal": ["responses", "--form", "visite-structure",
                                    "--sep", ";", "--decimal", ","],
    "responses-period": ["responses", "--form", "rencontre-reseau",
                         "--from", "2026-04-01", "--to", "2026-12-31"],
    "stats": ["stats"],
    "stats-form": ["stats", "--form", "rencontre-reseau"],
    "stats-by-meeting": ["stats", "--by", "meeting"],
    "stats-min-count": ["stats", "--form", "rencontre-reseau",
                        "--min-count", "5"],
    "stats-excel-fr": ["stats", "--form", "rencontre-reseau", "--excel-fr"],
    "stats-period": ["stats", "--from", "2026-01-01", "--to", "2026-06-30"],
    "evaluation": ["evaluation"],
    "evaluation-period": ["evaluation", "--from", "2026-01-01",
                          "--to", "2026-06-30"],
    "evaluation-form": ["evaluation", "--form", "visite-structure"],
    "evaluation-periods": ["evaluation", "--period", "2026-S1,2026-S2"],
    "evaluation-excel-fr": ["evaluation", "--excel-fr"],
    # The columns' fixed names, for scripts: the headers of round 2,
    # byte for byte (these two files are its goldens, unchanged).
    "responses-names": ["responses", "--form", "rencontre-reseau",
                        "--header", "names"],
    "stats-by-meeting-names": ["stats", "--by", "meeting",
                               "--header", "names"],
    "responses-english": ["--lang", "en", "responses", "--form",
                          "rencontre-reseau"],
    "stats-english": ["--lang", "en", "stats", "--form", "rencontre-reseau"],
}


def check_golden(name, data):
    path = GOLDEN / f"{name}.csv"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"missing golden {path}: run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from {path}"


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_export_matches_golden(golden_cli, name):
    args = GOLDEN_CASES[name]
    # --lang is the command's option, before "export".
    lang = args[:2] if args[:1] == ["--lang"] else []
    p = golden_cli.run(*lang, "export", *args[len(lang):], env=TZ)
    check_golden(name, p.stdout)


def test_export_with_meeting_matches_golden(golden_cli):
    code = golden_cli.run("meeting", "list").stdout.decode().split("\t")[0]
    for kind in ("responses", "stats", "evaluation"):
        p = golden_cli.run("export", kind, "--meeting", code.lower(), env=TZ)
        check_golden(f"{kind}-meeting", p.stdout)


def test_every_output_is_rfc4180_with_crlf(golden_cli):
    for name, args in GOLDEN_CASES.items():
        lang = args[:2] if args[:1] == ["--lang"] else []
        data = golden_cli.run(*lang, "export", *args[len(lang):],
                              env=TZ).stdout
        sep = ";" if "--excel-fr" in args or ";" in args else \
            "\t" if "tab" in args else ","
        assert data.startswith(b"\xef\xbb\xbf") == ("--bom" in args or
                                                     "--excel-fr" in args)
        rows = parse(data, sep)
        assert len({len(r) for r in rows}) == 1, name
        # Every line ends with CRLF (bare LF only inside quoted cells).
        assert data.endswith(b"\r\n")


def test_responses_span_form_versions(tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(FIXTURES / "export-forms", forms)
    db = tmp_path / "v.db"
    gen(db, forms, "--seed", 1, "--responses", 6, "--meetings", 1,
        "--form", "rencontre-reseau")
    # The first version's answers are those of the first meeting (ids
    # say nothing of which came first).
    first = Cli(db, forms).run("meeting", "list").stdout.decode()
    first = first.split("\t")[0]
    shutil.copy(FIXTURES / "export-forms-v2" / "rencontre-reseau.csv", forms)
    gen(db, forms, "--seed", 2, "--responses", 6, "--meetings", 1,
        "--form", "rencontre-reseau")
    cli = Cli(db, forms)
    data = cli.run("export", "responses", "--form", "rencontre-reseau",
                   env=TZ).stdout
    check_golden("responses-versions", data)
    data = cli.run("export", "responses", "--form", "rencontre-reseau",
                   "--header", "names", env=TZ).stdout
    rows = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
    header = list(rows[0].keys())
    # The new question sits where v2 put it; the dropped one is kept.
    assert header.index("age") == header.index("role") + 1
    assert "commentaire" in header and "envies/former" in header
    assert sum(r["meeting_code"] == first for r in rows) == 6
    assert all(r["age"] == "" for r in rows if r["meeting_code"] == first)
    # Answers of the old version never have the new choice column set.
    assert all(r["envies/former"] == "" or r["meeting_code"] != first
               for r in rows)


# ---- read back through the daemon ---------------------------------------

TRICKY = [
    'On a parlé "participation", virgules, et\nretours à la ligne',
    "=SOMME(A1:A2)",
    "+33 2 48 00 00 00",
    "-moins",
    "@tous",
    "Çà et là ; point-virgule, tabulation\tdedans",
    "ligne\r\nWindows",
    "  espaces  ",
    "€ – « guillemets » — 日本語",
]


def answer(daemon, code, fields):
    page = daemon.get(f"/r/{code}")
    assert page.status == 200
    r = daemon.post(f"/r/{code}", dict(fields, _token=form_token(page.text)))
    assert r.status == 303, r.text
    return r


@pytest.fixture
def tricky(daemon, cli):
    code = cli.meeting("rencontre-reseau", "Réunion \"test\", =1+1",
                       "2026-11-20")
    sent = []
    for i, text in enumerate(TRICKY):
        fields = {"role": "habitant", "centre": "vierzon",
                  "premiere_fois": "oui", "satisfaction": str(1 + i % 5),
                  "retiens": text, "changer": text[::-1],
                  "envies": ["visiter", "preparer"] if i % 2 else ["non"]}
        answer(daemon, code, fields)
        sent.append(fields)
    return code, sent


@pytest.mark.parametrize("opts,sep", [
    ([], ","), (["--excel-fr"], ";"), (["--sep", "tab"], "\t"),
    (["--sep", ";", "--bom"], ";"),
])
def test_responses_read_back_to_stored_values(cli, tricky, opts, sep):
    code, sent = tricky
    data = cli.run("export", "responses", "--codes", "--header", "names",
                   *opts).stdout
    rows = parse(data, sep)
    header, body = rows[0], rows[1:]
    assert len(body) == len(sent)
    # Rows of one period come in no particular order (issue 17: ids do
    # not tell the order of submission): each is found by its text.
    by_text = {f["retiens"].strip(): f for f in sent}
    assert len(by_text) == len(sent)
    for row in body:
        cell = dict(zip(header, row))
        fields = by_text.pop(unneutralise(cell["retiens"]))
        assert cell["meeting_code"] == code
        assert unneutralise(cell["meeting_title"]) == "Réunion \"test\", =1+1"
        # The daemon trims answers, as it stores them.
        assert unneutralise(cell["retiens"]) == fields["retiens"].strip()
        assert unneutralise(cell["changer"]) == fields["changer"].strip()
        assert cell["envies"] == " ".join(fields["envies"])
        for choice in ("visiter", "accueillir", "preparer", "non"):
            assert cell[f"envies/{choice}"] == \
                ("1" if choice in fields["envies"] else "0")
        assert cell["satisfaction"] == fields["satisfaction"]
        assert cell["submitted_at"][:2] == "20" and \
            cell["submitted_at"][-6] in "+-"
        for v in row:
            assert v[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_labels_by_default_and_codes_on_request(cli, tricky):
    rows = list(csv.DictReader(io.StringIO(
        cli.run("export", "responses").stdout.decode(), newline="")))
    assert {r["role"] for r in rows} == {"Habitant·e / adhérent·e"}
    assert {r["envies"] for r in rows} == {
        "Pas pour l'instant",
        "Visiter un autre centre social; "
        "Aider à préparer la prochaine rencontre"}


def test_formula_cells_are_neutralised(cli, tricky):
    data = cli.run("export", "responses").stdout.decode()
    assert "\"'=SOMME(A1:A2)\"" in data
    assert "\"'+33 2 48 00 00 00\"" in data
    assert "\"'@tous\"" in data
    for line in data.split("\r\n"):
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@"))


def test_stats_read_back(cli, tricky):
    rows = list(csv.DictReader(io.StringIO(
        cli.run("export", "stats", "--header", "names").stdout.decode(),
        newline="")))
    n = len(TRICKY)
    by = {(r["question"], r["choice"]): r for r in rows}
    assert by[("", "")]["count"] == str(n)
    assert by[("role", "habitant")]["count"] == str(n)
    assert by[("role", "habitant")]["percent"] == "100"
    assert by[("envies", "non")]["count"] == "5"
    assert by[("envies", "visiter")]["count"] == "4"
    assert by[("envies", "visiter")]["percent"] == "44.4"
    sat = by[("satisfaction", "")]
    values = sorted(1 + i % 5 for i in range(n))
    assert sat["n"] == str(n)
    assert float(sat["mean"]) == pytest.approx(sum(values) / n, abs=0.005)
    assert sat["median"] == "3" and sat["min"] == "1" and sat["max"] == "5"
    assert by[("retiens", "")]["count"] == str(n)
    assert by[("commentaire", "")]["count"] == "0"


# ---- the evaluation fixture ----------------------------------------------

def test_evaluation_fixture_every_value(daemon, cli):
    m1 = cli.meeting("rencontre-reseau", "Réseau du Cher", "2026-03-10",
                     "--level", "départemental", "--centre", "Vierzon")
    m2 = cli.meeting("rencontre-reseau", "Réseau du Berry", "2026-05-12",
                     "--level", "Berry", "--centre", "Le Blanc")
    m3 = cli.meeting("rencontre-reseau", "Commission technique", "2026-06-02",
                     "--level", "commission technique", "--centre", "Vierzon")
    v1 = cli.meeting("visite-structure", "Visite du Rond-Point", "2026-04-01",
                     "--level", "visite", "--centre", "Rond-Point")
    v2 = cli.meeting("visite-structure", "Visite de Châteauroux",
                     "2026-09-15", "--level", "visite",
                     "--centre", "Châteauroux")
    # Outside the period: never counted.
    out = cli.meeting("rencontre-reseau", "L'an d'avant", "2025-12-01",
                      "--level", "régional", "--centre", "Orléans")
    answer(daemon, out, {"role": "habitant", "centre": "vierzon",
                         "premiere_fois": "oui", "satisfaction": "1"})

    reseau = [
        (m1, dict(role="habitant", centre="vierzon", premiere_fois="oui",
                  satisfaction="5", retiens="Beaucoup d'idées",
                  envies=["visiter", "preparer"])),
        (m1, dict(role="professionnel", centre="la_chancellerie",
                  premiere_fois="non", satisfaction="4",
                  changer="Associer les habitants", envies=["visiter"])),
        (m1, dict(role="benevole", centre="vierzon", premiere_fois="oui",
                  satisfaction="3", envies=["accueillir"])),
        (m2, dict(role="habitant", centre="chateauroux", premiere_fois="non",
                  satisfaction="5", retiens="Le Berry bouge",
                  changer="Plus de temps", envies=["non"])),
        (m2, dict(role="habitant", centre="autre", centre_autre="Issoudun",
                  premiere_fois="oui", satisfaction="2",
                  retiens="   ", envies=["visiter"])),
        (m3, dict(role="professionnel", centre="le_blanc",
                  premiere_fois="non", satisfaction="4",
                  retiens="Commission utile")),
    ]
    for code, fields in reseau:
        answer(daemon, code, fields)
    visites = [
        (v1, dict(centre="rond_point", role="habitant",
                  decouvert="Le jardin", satisfaction="5", revenir="oui")),
        (v1, dict(centre="saint_amand", role="professionnel",
                  satisfaction="4", revenir="peut_etre")),
        (v1, dict(centre="rond_point", role="benevole", decouvert="L'épicerie",
                  satisfaction="3", revenir="oui")),
    ]
    for code, fields in visites:
        answer(daemon, code, fields)

    data = cli.run("export", "evaluation", "--from", "2026-01-01",
                   "--to", "2026-12-31").stdout
    rows = parse(data)
    assert rows[0] == ["objet", "indicateur", "valeur", "période"]
    got = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert all(r[3] == "2026-01-01/2026-12-31" for r in rows[1:])
    P = "Promouvoir la démarche Centre social en valorisant les actions"
    T = "Tisser des relations entre les acteurs des structures"
    F = "Faire évoluer nos pratiques"
    D = ("Développer une culture Centre social commune aux professionnels "
         "et aux habitants")
    A = "Adhérer aux réseaux des centres sociaux"
    expected = {
        (P, "Nombre de réunions avec les professionnels des autres centres "
            "et leurs usagers"): "3",
        (P, "Participant·es ayant répondu"): "6",
        (P, "Part des participant·es venu·es pour la première fois (%)"): "50",
        (P, "Part des visiteurs qui aimeraient revenir (%)"): "66.7",
        (T, "Envies de visiter un autre centre"): "3",
        (T, "Envies d'accueillir un autre centre"): "1",
        (T, "Visites de notre structure"): "2",
        (T, "Visiteurs ayant répondu"): "3",
        (T, "Centres venus en visite"): "2",
        (F, "Paroles recueillies (réponses écrites) : ce que je retiens"): "3",
        (F, "Paroles recueillies (réponses écrites) : pratiques à changer"):
            "2",
        (F, "Satisfaction moyenne (1 à 5)"): "3.83",
        (F, "Paroles recueillies (réponses écrites) : ce que les visiteurs "
            "ont découvert"): "2",
        (F, "Satisfaction moyenne des visites (1 à 5)"): "4",
        (D, "Part d'habitant·es et d'adhérent·es parmi les participant·es "
            "(%)"): "50",
        (D, "Volontaires pour préparer la prochaine rencontre"): "1",
        # Declared in the indicators sheet (mesure participation).
        ("Participation (niveau visé : coproduction)",
         "Niveau de participation atteint"): "Coproduction",
        (A, "Rencontres par niveau de réseau : Berry"): "1",
        (A, "Rencontres par niveau de réseau : commission technique"): "1",
        (A, "Rencontres par niveau de réseau : départemental"): "1",
        (A, "Rencontres par niveau de réseau : visite"): "2",
        (A, "Rencontres (toutes)"): "5",
        # Hosts: Vierzon, Le Blanc, Rond-Point, Châteauroux; participants
        # add La Chancellerie and Saint-Amand-Montrond ("autre" names none).
        # Both forms declare this row (mesure centres): it is one row over
        # both.  The form's own "Centres représentés" (mesure distinct on
        # centre) said the same thing, counting "Autre" as a centre and
        # leaving out the hosts: it was removed from the sheet (2026-12-02).
        (A, "Centres sociaux représentés"): "6",
    }
    assert got == expected
    # Objets come grouped, in the order they first appear.
    objets = [r[0] for r in rows[1:]]
    assert objets == sorted(objets, key=objets.index)

    fr = cli.run("export", "evaluation", "--from", "2026-01-01",
                 "--to", "2026-12-31", "--excel-fr").stdout
    assert fr.startswith(b"\xef\xbb\xbf")
    got_fr = {(r[0], r[1]): r[2] for r in parse(fr, ";")[1:]}
    assert got_fr[(F, "Satisfaction moyenne (1 à 5)")] == "3,83"


# ---- usage and output files ----------------------------------------------

@pytest.mark.parametrize("args,msg", [
    ([], "usage"),
    (["everything"], "'everything' is not an export"),
    (["responses", "--sep", "|"], "--sep '|'"),
    (["responses", "--decimal", ";"], "--decimal ';'"),
    (["responses", "--from", "2026-02-30"], "--from '2026-02-30' is not a date"),
    (["responses", "--to", "demain"], "--to 'demain' is not a date"),
    (["responses", "--from", "2026-05-01", "--to", "2026-04-01"],
     "--from 2026-05-01 is after --to 2026-04-01"),
    (["responses", "--form"], "--form needs a value"),
    (["responses", "--form", "nope"], "unknown form 'nope'"),
    (["responses", "--meeting", "AAAAAAA"], "no meeting with code"),
    (["responses", "--meeting", "!!"], "not a meeting code"),
    (["responses", "--by", "meeting"], "--by applies to the stats export"),
    (["stats", "--by", "form"], "--by 'form'"),
    (["stats", "--min-count", "-1"], "--min-count '-1'"),
    (["stats", "--min-count", "x"], "--min-count 'x'"),
    (["stats", "--colour"], "unknown option --colour"),
    (["stats", "extra"], "unexpected argument 'extra'"),
    (["stats", "-o"], "-o needs a file name"),
    (["evaluation", "--bom=maybe"], "--bom takes no value"),
])
def test_bad_arguments_exit_2(golden_cli, args, msg):
    # In English (--lang en): the messages as round 2 wrote them.
    p = golden_cli.run("--lang", "en", "export", *args, check=False)
    assert p.returncode == 2, p.stderr
    assert msg in p.stderr.decode()
    assert p.stdout == b""


def test_responses_of_several_forms_need_form(golden_cli):
    p = golden_cli.run("export", "responses", check=False)
    assert p.returncode == 2
    assert ("plusieurs questionnaires (rencontre-reseau, visite-structure)"
            in p.stderr.decode())
    assert "--form" in p.stderr.decode()


def test_help_exits_0(golden_cli):
    p = golden_cli.run("export", "--help")
    assert b"--excel-fr" in p.stdout
    p = golden_cli.run("export", "stats", "--help")
    assert b"--min-count" in p.stdout


def test_output_file_is_complete_and_atomic(golden_cli, tmp_path):
    out = tmp_path / "out" / "stats.csv"
    out.parent.mkdir()
    golden_cli.run("export", "stats", "-o", out, env=TZ)
    assert out.read_bytes() == golden_cli.run("export", "stats",
                                              env=TZ).stdout
    # A failed export leaves the previous file as it was, and no litter.
    before = out.read_bytes()
    p = golden_cli.run("export", "stats", "--form", "nope", "-o", out,
                       check=False)
    assert p.returncode == 2
    p = Cli(tmp_path / "missing.db", golden_cli.forms).run(
        "export", "stats", "-o", out, check=False)
    assert p.returncode == 1
    assert out.read_bytes() == before
    assert sorted(x.name for x in out.parent.iterdir()) == ["stats.csv"]


def test_output_into_missing_directory_fails_cleanly(golden_cli, tmp_path):
    p = golden_cli.run("export", "stats", "-o", tmp_path / "no" / "x.csv",
                       check=False)
    assert p.returncode == 1
    assert "impossible de créer".encode() in p.stderr
    assert not (tmp_path / "no").exists()


def test_export_while_daemon_writes_is_consistent(daemon, cli):
    """The database is opened read-only beside a running daemon."""
    code = cli.meeting()
    answer(daemon, code, {"role": "habitant", "centre": "vierzon",
                          "premiere_fois": "oui"})
    rows = parse(cli.run("export", "responses").stdout)
    assert len(rows) == 2
