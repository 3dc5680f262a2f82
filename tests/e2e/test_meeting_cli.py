"""The meetings CLI beyond the happy path: forms found by their form_id
whatever their file's name, and the default database's folder."""
import os
import subprocess

from harness import RECUEIL, ROOT


def test_meeting_create_finds_a_form_by_its_form_id(cli, forms_dir):
    (forms_dir / "rencontre-reseau.csv").rename(forms_dir / "reseau-2026.csv")
    code = cli.meeting("rencontre-reseau", "Réseau", "2026-11-20")
    assert len(code) == 7
    p = cli.run("meeting", "create", "--form", "inconnu", "--title", "T",
                "--date", "2026-11-20", check=False)
    assert p.returncode == 1
    assert "aucun questionnaire utilisable « inconnu »" in \
        p.stderr.decode()


def test_default_database_folder_is_created(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "RECUEIL_DB"}
    p = subprocess.run([str(RECUEIL), "--forms", str(ROOT / "forms"),
                        "meeting", "list"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "var" / "recueil.db").exists()


def test_meeting_link_uses_the_address_the_daemon_serves(cli, daemon):
    """`make run PORT=8081` then `recueil meeting create`: the printed link
    is the daemon's own address, not a default port nobody listens on."""
    p = cli.run("meeting", "create", "--form", "rencontre-reseau",
                "--title", "Réseau", "--date", "2026-11-20")
    code, link = p.stdout.decode().split()
    assert link == f"{daemon.url}/r/{code}"
    # --base-url still wins.
    p = cli.run("--base-url", "https://recueil.example.org", "meeting",
                "create", "--form", "rencontre-reseau", "--title", "R2",
                "--date", "2026-11-21")
    code, link = p.stdout.decode().split()
    assert link == f"https://recueil.example.org/r/{code}"


def test_meeting_link_default_without_a_daemon(cli):
    p = cli.run("meeting", "create", "--form", "rencontre-reseau",
                "--title", "Réseau", "--date", "2026-11-20")
    code, link = p.stdout.decode().split()
    assert link == f"http://127.0.0.1:8080/r/{code}"


def test_evaluation_counts_a_meeting_the_daemon_never_served(cli):
    """A meeting created with the CLI on a database no daemon has opened
    yet already counts in the evaluation table (its form's version, with
    its indicators, is recorded by `meeting create`)."""
    cli.meeting("rencontre-reseau", "Rencontre", "2026-11-20")
    rows = cli.run("export", "evaluation").stdout.decode().splitlines()
    assert len(rows) > 1, rows
    assert any(",1," in r for r in rows[1:]), rows
