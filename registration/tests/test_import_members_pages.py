"""Loading a soulaliyate community's members' list from the staff pages: choose the community, upload, see
every row read or skipped, then load — what `qafila import-right-holders` does, the reading and the load in
the worker."""

import stat

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.tests.jobs import run_due_jobs
from people.models import RightHolder, SoulaliyateCommunity
from places.models import Province
from registration.importing import work

LIST = (
    "لائحة ذوي الحقوق;;;\n"
    "النسب;الاسم;رقم البطاقة الوطنية;الهاتف\n"
    "العلمي;محمد;K111111;0612345678\n"
    "بناني;فاطمة;kb 222 222;\n"
    ";;;0623456789\n"
    "التازي;خديجة;ك12;\n"
).encode("cp1256")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def community(demo):
    return SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-TNG"), name_ar="أولاد علي"
    )


def upload_url(caravan):
    return reverse("registration:staff_members_list", args=[caravan.slug])


def confirm_url(caravan):
    return reverse("registration:staff_members_list_confirm", args=[caravan.slug])


def status_url(caravan):
    return reverse("registration:staff_members_list_status", args=[caravan.slug])


def worked(client, caravan, url, data):
    """The page once the worker has run the job the post queued (or the post's answer, when it queued none)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code != 302 or response.url != status_url(caravan):
        return response
    run_due_jobs()
    return client.get(status_url(caravan))


def uploaded(community, data=LIST, name="ذوو-الحقوق.csv"):
    return {"community": community.pk, "file": SimpleUploadedFile(name, data)}


def previewed(client, caravan, community, data=LIST, name="ذوو-الحقوق.csv"):
    return worked(client, caravan, upload_url(caravan), uploaded(community, data, name))


def confirmed(client, caravan, preview):
    return worked(client, caravan, confirm_url(caravan), {"token": preview.context["token"]})


def listed(community):
    return sorted(community.right_holders.values_list("full_name_ar", "cin"))


def kept_files(media):
    folder = media / "imports"
    files = sorted(folder.rglob("*")) if folder.exists() else []
    return [p for p in files if p.is_file() and p.name not in ("state.json", "report.json")]


def test_the_import_page_links_to_the_members_list_page(personas, demo):
    page = personas["organiser"].get(reverse("registration:staff_import", args=[demo.slug])).content.decode()
    assert upload_url(demo) in page


def test_it_offers_the_communities_of_the_caravans_region_only(personas, demo, community):
    elsewhere = SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-FES"), name_ar="أيت سغروشن"
    )
    response = personas["organiser"].get(upload_url(demo))
    assert list(response.context["form"].fields["community"].queryset) == [community]
    refused = previewed(personas["organiser"], demo, elsewhere)
    assert refused.context["form"].errors["community"] and RightHolder.objects.count() == 0


def test_it_previews_every_row_and_saves_nothing(personas, demo, community, media):
    response = previewed(personas["organiser"], demo, community)
    assert response.status_code == 200
    assert (response.context["read_count"], response.context["skipped"]) == (3, [5])
    assert [(r["number"], r["name_ar"], r["cin"]) for r in response.context["rows"]] == [
        (3, "محمد العلمي", "مقروء"),
        (4, "فاطمة بناني", "مقروء"),
        (6, "خديجة التازي", "غير مقروء، لم يؤخذ به: يعتمد الاسم وحده"),
    ]
    assert response.context["read_as"][2:] == [
        ("رقم البطاقة الوطنية", "رقم البطاقة الوطنية", True),
        ("الهاتف", "غير مستعمل في هذه اللائحة", False),
    ]
    page = response.content.decode()
    assert "محمد العلمي" in page and "K111111" not in page and "0612345678" not in page
    assert RightHolder.objects.count() == 0 and len(kept_files(media)) == 1
    community.refresh_from_db()
    assert community.members_list_loaded_at is None


def test_the_preview_runs_in_the_worker_while_the_page_shows_its_progress(personas, demo, community, media):
    client = personas["organiser"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload = client.post(upload_url(demo), uploaded(community))
    assert upload.status_code == 302 and upload.url == status_url(demo)
    waiting = client.get(status_url(demo))
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "rows" not in waiting.context
    polled = client.get(status_url(demo), headers={"HX-Request": "true"})
    assert polled.templates[0].name == "registration/import/_progress.html"
    assert f'hx-get="{status_url(demo)}"' in polled.content.decode()
    (kept,) = kept_files(media)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    run_due_jobs()
    assert client.get(status_url(demo), headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    preview = client.get(status_url(demo))
    assert preview.context["read_count"] == 3 and RightHolder.objects.count() == 0


def test_the_load_runs_in_the_worker_too(personas, demo, community):
    client = personas["organiser"]
    preview = previewed(client, demo, community)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(confirm_url(demo), {"token": preview.context["token"]})
    waiting = client.get(status_url(demo), headers={"HX-Request": "true"})
    assert waiting.status_code == 200 and RightHolder.objects.count() == 0
    run_due_jobs()
    assert community.right_holders.count() == 3


def test_it_loads_the_previewed_list_on_confirmation(personas, demo, community, media):
    client = personas["organiser"]
    response = confirmed(client, demo, previewed(client, demo, community))
    assert response.status_code == 302 and response["Location"] == upload_url(demo)
    assert listed(community) == [
        ("خديجة التازي", ""),
        ("فاطمة بناني", "KB222222"),
        ("محمد العلمي", "K111111"),
    ]
    community.refresh_from_db()
    assert community.members_list_loaded_at is not None
    entry = AuditEntry.objects.get(action="community.list_loaded")
    assert entry.actor.username == "organiser" and entry.details == {"count": 3, "skipped": 1}
    assert kept_files(media) == []
    page = client.get(response["Location"]).content.decode()
    assert "تم تحميل 3 من ذوي الحقوق لفائدة أولاد علي." in page


def test_it_says_which_list_the_new_one_replaces(personas, demo, community):
    RightHolder.objects.create(community=community, full_name_ar="قديم", cin="Z999999")
    community.members_list_loaded_at = timezone.now()
    community.save()
    client = personas["coordinator"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    preview = previewed(client, demo, community)
    assert "Cette liste remplacera celle chargée le" in preview.content.decode()
    confirmed(client, demo, preview)
    assert ("قديم", "Z999999") not in listed(community) and len(listed(community)) == 3


def test_it_loads_a_preview_once(personas, demo, community):
    client = personas["organiser"]
    preview = previewed(client, demo, community)
    confirmed(client, demo, preview)
    RightHolder.objects.all().delete()
    again = confirmed(client, demo, preview)
    assert again.status_code == 302 and RightHolder.objects.count() == 0


@pytest.mark.parametrize(
    "data,sentence",
    [
        (b"\x00\x01\x02 not a list", "تعذرت قراءة هذا الملف كلائحة"),
        (
            "الاسم الكامل;رقم البطاقة الوطنية\n;\n-;?\n".encode(),
            "لا يتضمن أي سطر من اللائحة اسما أو رقم بطاقة وطنية",
        ),
        (b"nom;date\nFatima;2020\n", "لم يعثر على سطر لعناوين الأعمدة"),
    ],
    ids=["binary", "no-right-holder", "no-header-row"],
)
def test_it_refuses_an_unusable_file_in_the_readers_language_and_saves_nothing(
    personas, demo, community, media, data, sentence
):
    response = previewed(personas["organiser"], demo, community, data, "liste.csv")
    assert response.status_code == 200 and sentence in str(response.context["refusal"])
    assert sentence in response.content.decode() and "token" not in response.context
    assert response.context["form"].initial == {"community": community}
    assert RightHolder.objects.count() == 0 and kept_files(media) == []


def test_it_says_when_the_worker_failed_and_keeps_no_file(personas, demo, community, media, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk failed")

    monkeypatch.setattr(work, "load_right_holders", broken)
    client = personas["organiser"]
    preview = previewed(client, demo, community)
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post(confirm_url(demo), {"token": preview.context["token"]})
    with pytest.raises(OSError):
        work.load_members.call(community.pk, preview.context["token"], preview.context["name"], None)
    page = client.get(status_url(demo))
    assert "توقفت قراءة اللائحة أو تحميلها بسبب خطأ في النظام" in page.content.decode()
    assert RightHolder.objects.count() == 0 and kept_files(media) == []


def test_it_loads_nothing_without_a_preview(personas, demo, community):
    response = personas["organiser"].post(confirm_url(demo), {"token": "x" * 32})
    assert response.status_code == 302 and RightHolder.objects.count() == 0


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_load_a_list(personas, demo, community, persona):
    client = personas[persona]
    assert client.get(upload_url(demo)).status_code == 403
    assert previewed(client, demo, community).status_code == 403
    assert client.post(confirm_url(demo), {"token": "x" * 32}).status_code == 403
    assert client.get(status_url(demo)).status_code == 403
    assert RightHolder.objects.count() == 0
    import_page = personas["organiser"].get(reverse("registration:staff_import", args=[demo.slug]))
    assert import_page.context["may_load_members"]


def test_it_sends_anonymous_visitors_to_the_login_page(personas, demo):
    for response in (
        personas["anonymous"].get(upload_url(demo)),
        personas["anonymous"].post(confirm_url(demo)),
        personas["anonymous"].get(status_url(demo)),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
