"""Every user-facing string exists in Arabic and French, and the compiled catalogs match their sources."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "qafila" / "locale").glob("*/LC_MESSAGES/django.po"))


def msgfmt():
    tool = shutil.which("msgfmt")
    if tool is None and os.environ.get("CI") != "true":
        pytest.skip("msgfmt (Debian package gettext) is not installed")
    return tool


def test_it_has_an_arabic_and_a_french_catalog():
    assert {po.parent.parent.name for po in CATALOGS} == {"ar", "fr"}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_it_translates_every_string(po):
    result = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_it_ships_compiled_catalogs_that_match_their_sources(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt(), "-o", str(compiled), str(po)], check=True)
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), (
        "run `make messages` and commit the .mo"
    )
