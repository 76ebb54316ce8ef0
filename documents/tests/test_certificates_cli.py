import pytest
from django.core.management import CommandError, call_command

from certificates.models import Certificate
from certificates.tests.factories import participant
from documents.testing import pages_text


def test_it_writes_every_certificate_earned_one_per_page(demo, tmp_path, capsys):
    earned = [participant(demo, days=2, full_name_latin=f"Hanane Berrada {n}") for n in range(3)]
    participant(demo, days=1, full_name_latin="Not Enough")
    out = tmp_path / "certificates.pdf"
    call_command("certificates", caravan=demo.slug, out=str(out), lang="fr")
    pages = pages_text(out.read_bytes())
    assert len(pages) == 3
    assert all(any(r.person.full_name_latin in page for page in pages) for r in earned)
    assert "3 certificate(s)" in capsys.readouterr().out
    call_command("certificates", caravan=demo.slug, out=str(out))  # again, in Arabic: nothing issued twice
    assert Certificate.objects.count() == 3 and len(pages_text(out.read_bytes())) == 3


def test_it_refuses_an_unknown_caravan_or_folder(demo, tmp_path):
    with pytest.raises(CommandError, match="unknown caravan"):
        call_command("certificates", caravan="nowhere", out=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="no such folder"):
        call_command("certificates", caravan=demo.slug, out=str(tmp_path / "missing" / "x.pdf"))
