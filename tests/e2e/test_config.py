"""`recueild --check-config`: the effective settings printed as a valid
configuration file, flags over the file over the defaults, and every
problem of a bad file reported as FILE:LINE:COLUMN with exit status 2."""
import subprocess

from harness import RECUEILD

DEFAULTS = """\
listen = 127.0.0.1:8080
database = "var/recueil.db"
forms = "forms"
base_url = ""
cookie_secure = no
log_client_addresses = no
time_resolution = day
retention_days = 0
privacy_contact = ""
privacy_controller = "le centre social"
max_header_size = 8192
max_uri_length = 2048
max_body_size = 65536
max_upload_size = 1048576
max_fields = 200
max_answer_length = 4000
idle_timeout = 30
max_connections = 1000
token_lifetime = 86400
session_lifetime = 28800
min_count = 0
trusted_proxies = ""
first_byte_timeout = 10
max_connections_per_address = 0
login_limit_entries = 10000
"""


def check(tmp_path, *args):
    return subprocess.run([str(RECUEILD), "--check-config", *map(str, args)],
                          capture_output=True, text=True, cwd=tmp_path,
                          timeout=30)


def settings(out):
    return [ln for ln in out.splitlines() if ln and not ln.startswith("#")]


def test_defaults_are_printed_without_a_file(tmp_path):
    p = check(tmp_path)
    assert p.returncode == 0, p.stderr
    assert settings(p.stdout) == DEFAULTS.splitlines()
    # Checking creates nothing: no var/, no database.
    assert list(tmp_path.iterdir()) == []


def test_file_and_flags_give_the_effective_settings(tmp_path):
    conf = tmp_path / "recueil.conf"
    conf.write_text("# production\n"
                    "listen = [::1]:9000\n"
                    "database = /var/lib/recueil/recueil.db\n"
                    "max_body_size = 128k   # larger forms\n"
                    "cookie_secure = on\n"
                    "privacy_controller = \"Centre social \\\"Le Rond-Point\\\"\"\n"
                    "time_resolution = hour\n")
    p = check(tmp_path, "-c", conf, "--listen", "127.0.0.1:0",
              "--set", "idle_timeout=10")
    assert p.returncode == 0, p.stderr
    out = settings(p.stdout)
    assert "listen = 127.0.0.1:0" in out          # the flag wins
    assert 'database = "/var/lib/recueil/recueil.db"' in out
    assert "max_body_size = 131072" in out
    assert "cookie_secure = yes" in out
    assert 'privacy_controller = "Centre social \\"Le Rond-Point\\""' in out
    assert "time_resolution = hour" in out
    assert "idle_timeout = 10" in out
    assert "min_count = 0" in out                 # the default stays


def test_printed_settings_are_a_valid_file(tmp_path):
    conf = tmp_path / "a.conf"
    conf.write_text("listen = [::1]:8081\nbase_url = https://r.example.org/\n"
                    "privacy_contact = 'rgpd@centre.example'\n")
    first = check(tmp_path, "-c", conf)
    assert first.returncode == 0, first.stderr
    again = tmp_path / "b.conf"
    again.write_text(first.stdout)
    second = check(tmp_path, "-c", again)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert 'base_url = "https://r.example.org"' in settings(first.stdout)


def test_unknown_key_is_an_error_with_its_line(tmp_path):
    conf = tmp_path / "recueil.conf"
    conf.write_text("listen = 127.0.0.1:8080\n# comment\n\nlisen = x\n")
    p = check(tmp_path, "-c", conf)
    assert p.returncode == 2
    assert (f"{conf}:4:1: error: réglage « lisen » inconnu ; vouliez-vous "
            "dire « listen » ?" in p.stderr.splitlines())
    assert p.stdout == ""


def test_every_bad_value_is_reported_at_once(tmp_path):
    conf = tmp_path / "recueil.conf"
    conf.write_text("listen = 8080\n"
                    "cookie_secure = maybe\n"
                    "max_body_size = 2G\n"
                    "time_resolution = week\n"
                    "min_count = 1\n"
                    "min_count = 2\n")
    p = check(tmp_path, "-c", conf)
    assert p.returncode == 2
    errors = [ln for ln in p.stderr.splitlines() if ": error: " in ln]
    assert errors == [
        f"{conf}:1:10: error: valeur « 8080 » invalide pour « listen » : "
        "attendu ADRESSE:PORT, par exemple 127.0.0.1:8080 ou [::1]:8080",
        f"{conf}:2:17: error: valeur « maybe » invalide pour « cookie_secure "
        "» : attendu yes ou no",
        f"{conf}:3:17: error: valeur « 2G » invalide pour « max_body_size » : "
        "attendu un nombre, suivi ou non de k ou M",
        f"{conf}:4:19: error: valeur « week » invalide pour « time_resolution "
        "» : attendu day, hour, minute ou second",
        f"{conf}:6:1: error: réglage « min_count » en double (déjà donné "
        "ligne 5)",
    ]


def test_missing_file_is_an_error(tmp_path):
    p = check(tmp_path, "-c", tmp_path / "nope.conf")
    assert p.returncode == 2
    assert "nope.conf" in p.stderr
    assert "No such file or directory" in p.stderr


def test_bad_flag_value_is_an_error(tmp_path):
    p = check(tmp_path, "--listen", "nowhere")
    assert p.returncode == 2
    assert "valeur « nowhere » invalide pour « listen »" in p.stderr
    p = check(tmp_path, "--set", "colour=blue")
    assert p.returncode == 2
    assert "réglage « colour » inconnu" in p.stderr


def test_setting_errors_in_english(tmp_path):
    """The operator's language, from the environment (src/i18n.h)."""
    conf = tmp_path / "recueil.conf"
    conf.write_text("lisen = x\ncookie_secure = maybe\n")
    p = subprocess.run([str(RECUEILD), "--check-config", "-c", str(conf)],
                       capture_output=True, text=True, cwd=tmp_path,
                       timeout=30, env={"LANG": "en_GB.UTF-8"})
    assert p.returncode == 2
    assert (f"{conf}:1:1: error: unknown key 'lisen'; did you mean 'listen'?"
            in p.stderr.splitlines()), p.stderr
    assert (f"{conf}:2:17: error: invalid value 'maybe' for 'cookie_secure': "
            "expected yes or no" in p.stderr.splitlines()), p.stderr
    assert "réglage" not in p.stderr
