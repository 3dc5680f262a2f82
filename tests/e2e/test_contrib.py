"""The files in contrib/ as shipped: the nginx example passes `nginx -t` with
a temporary self-signed certificate, the systemd unit passes
`systemd-analyze verify`, and the unit carries its sandboxing."""
import os
import shutil
import subprocess

import pytest

from harness import ROOT

CONTRIB = ROOT / "contrib"


@pytest.mark.skipif(shutil.which("nginx") is None or
                    shutil.which("openssl") is None,
                    reason="nginx or openssl is missing (contrib/deps.txt)")
def test_nginx_example_passes_nginx_t(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1",
                    "-subj", "/CN=recueil.example.org"],
                   check=True, capture_output=True, timeout=120)
    live = "/etc/letsencrypt/live/recueil.example.org/"
    site = (CONTRIB / "nginx-recueil.conf").read_text()
    assert live + "fullchain.pem" in site and live + "privkey.pem" in site
    site = site.replace(live + "fullchain.pem", str(cert))
    site = site.replace(live + "privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    # The example is a sites-enabled file: it lives in nginx's http block.
    t = tmp_path
    (tmp_path / "nginx.conf").write_text(f"""
pid {t}/nginx.pid;
error_log {t}/error.log;
events {{}}
http {{
    access_log {t}/access.log;
    client_body_temp_path {t}/body;
    proxy_temp_path {t}/proxy;
    fastcgi_temp_path {t}/fastcgi;
    uwsgi_temp_path {t}/uwsgi;
    scgi_temp_path {t}/scgi;
    include {t}/site.conf;
}}
""")
    p = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c",
                        str(tmp_path / "nginx.conf")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "test is successful" in p.stderr


def test_nginx_example_has_limits_timeouts_and_redirect():
    site = (CONTRIB / "nginx-recueil.conf").read_text()
    for directive in ["limit_req_zone", "limit_conn_zone", "limit_req ",
                      "limit_conn ", "client_header_timeout",
                      "client_body_timeout", "client_max_body_size",
                      "return 301 https://", "server 127.0.0.1:8080",
                      "proxy_set_header X-Forwarded-Proto"]:
        assert directive in site, directive


def test_unit_is_sandboxed():
    unit = (CONTRIB / "recueild.service").read_text().splitlines()
    for line in ["DynamicUser=yes", "StateDirectory=recueil",
                 "ProtectSystem=strict", "ProtectHome=yes",
                 "NoNewPrivileges=yes", "PrivateTmp=yes", "PrivateDevices=yes",
                 "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                 "SystemCallFilter=@system-service", "CapabilityBoundingSet=",
                 "MemoryDenyWriteExecute=yes", "LockPersonality=yes",
                 "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
                 "ProtectControlGroups=yes", "RestrictNamespaces=yes",
                 "ExecStart=/usr/sbin/recueild -c /etc/recueil/recueil.conf",
                 "ExecReload=/bin/kill -HUP $MAINPID"]:
        assert line in unit, line


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is missing (Debian package systemd)")
def test_unit_as_shipped_passes_verify(tmp_path):
    # verify checks that ExecStart exists: give it a stand-in recueild.
    fake = tmp_path / "recueild"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    unit = (CONTRIB / "recueild.service").read_text()
    copy = tmp_path / "recueild.service"
    copy.write_text(unit.replace("/usr/sbin/recueild", str(fake)))
    p = subprocess.run(["systemd-analyze", "verify", "--man=no", str(copy)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and p.stderr == "", p.stderr
