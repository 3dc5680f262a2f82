"""French first, English by choice, through GNU gettext (src/i18n.h).

The catalogues: `make po-check` passes on the tree and fails on a stale
template (a new _("...") without `make po-update`), on an untranslated or
fuzzy English message, and on a French msgstr that differs from its id.
The CLI: French by default and with LANG=C, English with --lang en, with
LANG=en_US.UTF-8 (no English locale needs to exist: this machine has only
C.UTF-8) and with LANGUAGE."""
import os
import re
import shutil
import subprocess

import pytest

from harness import BUILD, ROOT, RECUEIL

FR = "recueil forms export : quel formulaire ?"
EN = "recueil forms export: which form?"


def make(*args):
    return subprocess.run(["make", "--no-print-directory", "-s", "-C",
                           str(ROOT), f"BUILD={BUILD}", *args],
                          capture_output=True, text=True, timeout=300)


def test_every_user_facing_string_goes_through_gettext():
    """tests/check_strings.py: prose outside _() and its kin, or built from
    translated pieces, fails the run (see its PENDING list)."""
    p = make("check-strings")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "self-test" in p.stdout and "goes through gettext" in p.stdout


def test_check_strings_refuses_a_hand_written_sentence(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "page.c").write_text(
        '#include "i18n.h"\n'
        'static const char *a = "Vos réponses sont enregistrées";\n'
        'static const char *b = _("Merci");\n', encoding="utf-8")
    p = subprocess.run(["/usr/bin/python3", str(ROOT / "tests" /
                                                 "check_strings.py"),
                        str(src)], capture_output=True, text=True)
    assert p.returncode == 1
    assert f"{src}/page.c:2:24: not through gettext" in p.stdout, p.stdout
    assert "Merci" not in p.stdout


def test_the_catalogues_are_complete_and_current():
    p = make("po-check")
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"po-check: \d+ messages, fr and en complete", p.stdout)
    for lang in ("fr", "en"):
        mo = BUILD / "locale" / lang / "LC_MESSAGES" / "recueil.mo"
        assert mo.is_file(), mo
        st = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull,
                             str(ROOT / "po" / f"{lang}.po")],
                            capture_output=True, text=True)
        assert "untranslated" not in st.stderr, st.stderr
        assert "fuzzy" not in st.stderr, st.stderr


@pytest.fixture
def po_copy(tmp_path):
    """A copy of po/ the test may spoil, and the sources' list."""
    d = tmp_path / "po"
    shutil.copytree(ROOT / "po", d)
    srcs = sorted(str(p.relative_to(ROOT)) for p in
                  list((ROOT / "src").glob("*.c")) +
                  list((ROOT / "src").glob("*.h")))
    return d, srcs


def po_check(po_dir, srcs):
    return make("po-check", f"PO_DIR={po_dir}", "PO_SRCS=" + " ".join(srcs))


def test_po_check_passes_on_the_copy(po_copy):
    d, srcs = po_copy
    p = po_check(d, srcs)
    assert p.returncode == 0, p.stdout + p.stderr


def test_a_new_string_without_po_update_fails(po_copy, tmp_path):
    d, srcs = po_copy
    extra = tmp_path / "nouveau.c"
    extra.write_text('#include "i18n.h"\n'
                     'const char *f(void) { return _("Une chaîne neuve"); }\n',
                     encoding="utf-8")
    p = po_check(d, srcs + [str(extra)])
    assert p.returncode != 0
    assert "out of date" in p.stdout
    assert "missing 'Une chaîne neuve'" in p.stdout


def spoil(path, msgid, new_lines):
    """Replace the msgstr (and flags) of `msgid` in a --no-wrap PO file."""
    text = path.read_text(encoding="utf-8")
    pat = re.compile(r'((?:#[^\n]*\n)*)msgid "%s"\nmsgstr "[^\n]*"\n'
                     % re.escape(msgid))
    assert pat.search(text), msgid
    text = pat.sub(lambda m: new_lines, text, count=1)
    path.write_text(text, encoding="utf-8")


def test_an_untranslated_english_message_fails(po_copy):
    d, srcs = po_copy
    spoil(d / "en.po", "Page introuvable",
          '#: src/errpage.c\nmsgid "Page introuvable"\nmsgstr ""\n')
    p = po_check(d, srcs)
    assert p.returncode != 0
    assert "1 untranslated message" in p.stdout
    assert "untranslated 'Page introuvable'" in p.stdout


def test_a_fuzzy_english_message_fails(po_copy):
    d, srcs = po_copy
    spoil(d / "en.po", "Page introuvable",
          '#: src/errpage.c\n#, fuzzy\nmsgid "Page introuvable"\n'
          'msgstr "Page not found"\n')
    p = po_check(d, srcs)
    assert p.returncode != 0
    assert "fuzzy 'Page introuvable'" in p.stdout


def test_a_wrong_format_in_a_translation_fails(po_copy):
    d, srcs = po_copy
    spoil(d / "en.po", "Export impossible : %s",
          '#: src/admin_export.c\n#, c-format\n'
          'msgid "Export impossible : %s"\nmsgstr "Export failed: %d"\n')
    p = po_check(d, srcs)
    assert p.returncode != 0
    assert "msgfmt --check failed" in p.stdout


def test_french_is_corrected_in_the_source_not_in_fr_po(po_copy):
    d, srcs = po_copy
    spoil(d / "fr.po", "Page introuvable",
          '#: src/errpage.c\nmsgid "Page introuvable"\n'
          'msgstr "Page non trouvée"\n')
    p = po_check(d, srcs)
    assert p.returncode != 0
    assert "correct the French in the source" in p.stdout


def cli(*args, env=None):
    """recueil with only the given environment (no English locale)."""
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    e.update(env or {})
    return subprocess.run([str(RECUEIL), *args], capture_output=True,
                          text=True, env=e, timeout=60)


@pytest.mark.parametrize("args,env,want", [
    ((), {}, FR),
    ((), {"LANG": "C"}, FR),
    ((), {"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, FR),
    ((), {"LANG": "fr_FR.UTF-8"}, FR),
    ((), {"LANG": "de_DE.UTF-8"}, FR),
    (("--lang", "en"), {}, EN),
    (("--lang", "en"), {"LANG": "fr_FR.UTF-8"}, EN),
    ((), {"LANG": "en_US.UTF-8"}, EN),
    ((), {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, EN),
    ((), {"LANGUAGE": "en", "LANG": "C.UTF-8"}, EN),
    (("--lang", "fr"), {"LANG": "en_US.UTF-8"}, FR),
])
def test_cli_language(args, env, want):
    p = cli(*args, "forms", "export", env=env)
    assert p.returncode == 2
    assert p.stderr.startswith(want), p.stderr


def test_cli_refuses_an_unknown_language():
    p = cli("--lang", "de", "forms", "export")
    assert p.returncode == 2
    assert "--lang de" in p.stderr


def test_cli_reads_the_catalogue_named_by_recueil_localedir(tmp_path):
    # An empty directory: no English to read, French is what is left.
    p = cli("--lang", "en", "forms", "export",
            env={"RECUEIL_LOCALEDIR": str(tmp_path)})
    assert p.stderr.startswith(FR), p.stderr


@pytest.mark.parametrize("args,fr,en", [
    (("--help",), "usage : recueil [--db FICHIER]",
     "usage: recueil [--db FILE]"),
    (("meeting",), "usage : recueil meeting create --form ID --title TEXTE",
     "usage: recueil meeting create --form ID --title TEXT"),
    (("user", "--help"), "Le mot de passe est lu au terminal",
     "The password is read from the terminal"),
    (("purge", "--help"), "Efface chaque réponse envoyée avant le jour",
     "Delete every response submitted before the given day"),
    (("backup",), "il manque le FICHIER de sauvegarde",
     "missing the backup FILE"),
    (("export", "--help"), "--header H        labels (défaut)",
     "--header H        labels (default)"),
    (("report", "--help"), "Écrit le bilan en une page HTML",
     "Writes the bilan as one HTML page"),
    (("meeting", "fly"), "« fly » n'est pas une commande de rencontre",
     "'fly' is not a meeting command"),
])
def test_cli_help_and_errors_in_both_languages(args, fr, en):
    for env, lang_args, want in (({}, (), fr),
                                 ({"LANG": "en_US.UTF-8"}, (), en),
                                 ({}, ("--lang", "en"), en)):
        p = cli(*lang_args, *args, env=env)
        out = p.stdout + p.stderr
        assert want in out, (env, lang_args, out)
        assert (fr if want == en else en) not in out


def test_daemon_help_follows_the_environment():
    from harness import RECUEILD
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    fr = subprocess.run([str(RECUEILD), "--help"], capture_output=True,
                        text=True, env=e, timeout=60)
    assert "adresse d'écoute" in fr.stdout
    en = subprocess.run([str(RECUEILD), "--help"], capture_output=True,
                        text=True, env=dict(e, LANG="en_GB.UTF-8"), timeout=60)
    assert "address to listen on" in en.stdout
