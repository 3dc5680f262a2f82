"""`make install` into a temporary DESTDIR: the installed binaries run from
there (help, check-config, forms check), every man page renders without a
warning, the unit and paths follow PREFIX, an admin's /etc file is kept, and
`make uninstall` removes what install put."""
import os
import pathlib
import shutil
import subprocess

import pytest

from harness import BUILD, ROOT

MAN_PAGES = ["man1/recueil.1", "man5/recueil.conf.5", "man5/recueil-forms.5",
             "man8/recueild.8"]


def make(*args):
    p = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT),
                        f"BUILD={BUILD}", *args],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    return p


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file())


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    dest = tmp_path_factory.mktemp("destdir")
    make("install", f"DESTDIR={dest}", "PREFIX=/usr")
    return dest


def run(*cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True,
                          text=True, timeout=60, **kw)


def test_install_puts_every_file_in_place(staged):
    for rel in ["usr/sbin/recueild", "usr/bin/recueil",
                "usr/lib/systemd/system/recueild.service",
                "usr/share/recueil/recueil.conf.example",
                "etc/recueil/recueil.conf"]:
        assert (staged / rel).is_file(), rel
    for page in MAN_PAGES:
        assert (staged / "usr/share/man" / page).is_file(), page
    assert os.access(staged / "usr/sbin/recueild", os.X_OK)
    assert os.access(staged / "usr/bin/recueil", os.X_OK)
    bundled = sorted(p.name for p in (ROOT / "forms").glob("*.csv"))
    installed = sorted(p.name for p in
                       (staged / "usr/share/recueil/forms").glob("*.csv"))
    assert bundled and installed == bundled


def test_installed_cli_reads_its_installed_catalogue(staged):
    """PREFIX/bin/recueil finds PREFIX/share/locale, DESTDIR or not."""
    for lang in ("fr", "en"):
        assert (staged / "usr/share/locale" / lang / "LC_MESSAGES" /
                "recueil.mo").is_file(), lang
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    p = run(staged / "usr/bin/recueil", "--lang", "en", "forms", "export",
            env=env)
    assert p.stderr.startswith("recueil forms export: which form?"), p.stderr


def test_installed_binaries_print_their_help(staged):
    for binary in [staged / "usr/sbin/recueild", staged / "usr/bin/recueil"]:
        p = run(binary, "--help")
        assert p.returncode == 0, p.stderr
        assert "usage :" in p.stdout


def test_installed_daemon_checks_the_installed_configuration(staged, tmp_path):
    for conf in [staged / "etc/recueil/recueil.conf",
                 staged / "usr/share/recueil/recueil.conf.example"]:
        p = run(staged / "usr/sbin/recueild", "--check-config", "-c", conf,
                cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        assert p.stderr == ""
        out = p.stdout.splitlines()
        assert "listen = 127.0.0.1:8080" in out
        assert 'database = "/var/lib/recueil/recueil.db"' in out
        assert 'forms = "/var/lib/recueil/forms"' in out
        assert "cookie_secure = yes" in out
    # Checking creates nothing (no var/, no database).
    assert list(tmp_path.iterdir()) == []


def test_every_documented_key_of_the_example_is_valid(staged, tmp_path):
    # Uncomment every "#key = value" line: the defaults shown must parse.
    example = (staged / "usr/share/recueil/recueil.conf.example").read_text()
    lines = [ln[1:] if ln.startswith("#") and " = " in ln and
             not ln.startswith("# ") else ln for ln in example.splitlines()]
    conf = tmp_path / "all.conf"
    conf.write_text("\n".join(lines) + "\n")
    p = run(staged / "usr/sbin/recueild", "--check-config", "-c", conf,
            cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    # Every key of the printed settings is documented in the example.
    keys = [ln.split(" = ")[0] for ln in p.stdout.splitlines()
            if " = " in ln and not ln.startswith("#")]
    assert len(keys) >= 20
    for key in keys:
        assert f"{key} = " in "\n".join(lines), key


def test_installed_forms_pass_the_check(staged):
    forms = sorted((staged / "usr/share/recueil/forms").glob("*.csv"))
    assert forms
    p = run(staged / "usr/bin/recueil", "forms", "check", *forms)
    assert p.returncode == 0, p.stdout + p.stderr


@pytest.mark.skipif(shutil.which("man") is None, reason="man-db is missing")
@pytest.mark.parametrize("page", MAN_PAGES)
def test_man_page_renders_without_warnings(staged, page):
    env = dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")
    p = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l",
                        str(staged / "usr/share/man" / page)],
                       capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0
    assert p.stderr == ""
    assert "NAME" in p.stdout and "SEE ALSO" in p.stdout


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is missing (Debian package systemd)")
def test_installed_unit_passes_systemd_analyze_verify(staged, tmp_path):
    unit = (staged / "usr/lib/systemd/system/recueild.service").read_text()
    assert "ExecStart=/usr/sbin/recueild -c /etc/recueil/recueil.conf\n" in unit
    assert "ExecReload=/bin/kill -HUP $MAINPID\n" in unit
    # Point ExecStart at the staged binary (verify checks it is executable)
    # and man at the staged pages (verify runs man for Documentation=).
    copy = tmp_path / "recueild.service"
    copy.write_text(unit.replace("/usr/sbin/recueild",
                                 str(staged / "usr/sbin/recueild")))
    env = dict(os.environ, MANPATH=str(staged / "usr/share/man"))
    p = subprocess.run(["systemd-analyze", "verify", str(copy)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0 and p.stderr == "", p.stderr


def test_prefix_is_followed_by_paths_and_unit(tmp_path):
    make("install", f"DESTDIR={tmp_path}", "PREFIX=/usr/local")
    assert (tmp_path / "usr/local/sbin/recueild").is_file()
    assert (tmp_path / "usr/local/share/man/man8/recueild.8").is_file()
    unit = (tmp_path /
            "usr/local/lib/systemd/system/recueild.service").read_text()
    assert "ExecStart=/usr/local/sbin/recueild -c /etc/recueil/recueil.conf" \
        in unit
    assert "cp -R /usr/local/share/recueil/forms /var/lib/recueil/forms" \
        in unit


def test_reinstall_keeps_the_admins_configuration(tmp_path):
    make("install", f"DESTDIR={tmp_path}", "PREFIX=/usr")
    conf = tmp_path / "etc/recueil/recueil.conf"
    conf.write_text("listen = 127.0.0.1:9999\n")
    p = make("install", f"DESTDIR={tmp_path}", "PREFIX=/usr")
    assert "keeping" in p.stdout
    assert conf.read_text() == "listen = 127.0.0.1:9999\n"


def test_uninstall_removes_what_install_put(tmp_path):
    make("install", f"DESTDIR={tmp_path}", "PREFIX=/usr")
    conf = tmp_path / "etc/recueil/recueil.conf"
    make("uninstall", f"DESTDIR={tmp_path}", "PREFIX=/usr")
    # Only the admin's configuration is left.
    assert files_under(tmp_path) == ["etc/recueil/recueil.conf"]
    assert conf.is_file()
    assert not (tmp_path / "usr/share/recueil").exists()
