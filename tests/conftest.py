"""Shared fixtures of the end-to-end and browser tests.

Each test gets a real `recueild` started on 127.0.0.1 port 0 with a fresh
temporary database, and talks to it over HTTP; the CLI is the real `recueil`
binary.  Binaries come from $RECUEIL_BUILD (set by tests/run.sh), else build/.
"""
import os
import pathlib
import shutil
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from harness import Daemon, Cli, ROOT  # noqa: E402


@pytest.fixture
def forms_dir(tmp_path):
    """A private copy of the bundled forms, free to edit."""
    d = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", d)
    return d


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "recueil.db"


@pytest.fixture
def cli(db_path, forms_dir):
    return Cli(db_path, forms_dir)


@pytest.fixture
def daemon(db_path, forms_dir, tmp_path):
    d = Daemon(db_path, forms_dir, tmp_path)
    d.start()
    yield d
    d.stop()
