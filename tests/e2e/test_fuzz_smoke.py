"""A short smoke run of each libFuzzer harness (tests/fuzz/), so that CI
catches a harness that no longer builds or a crash on the seeds and
their first mutations.  `make fuzz` runs them longer (FUZZ_SECONDS)."""
import os
import pathlib
import shutil
import subprocess

import pytest

from harness import ROOT

SECONDS = int(os.environ.get("RECUEIL_FUZZ_SMOKE_SECONDS", "8"))
NAMES = sorted(p.stem[len("fuzz_"):]
               for p in (ROOT / "tests" / "fuzz").glob("fuzz_*.c"))


@pytest.fixture(scope="module")
def built():
    if shutil.which("clang") is None:
        pytest.skip("clang is not installed (make setup)")
    p = subprocess.run(["make", "--no-print-directory", "-j2", "fuzz-build"],
                       cwd=ROOT, capture_output=True, timeout=900)
    assert p.returncode == 0, p.stdout.decode() + p.stderr.decode()
    return ROOT / "build-fuzz"


@pytest.mark.parametrize("name", NAMES)
def test_fuzz_harness_smoke(built, name, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    p = subprocess.run([str(built / f"fuzz_{name}"),
                        f"-max_total_time={SECONDS}",
                        f"-artifact_prefix={tmp_path}/crash-",
                        str(corpus), str(ROOT / "tests/fuzz/corpus" / name)],
                       capture_output=True, timeout=SECONDS * 10 + 120)
    log = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 0, log[-4000:]
    assert "Done" in log
