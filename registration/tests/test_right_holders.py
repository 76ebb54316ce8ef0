"""Loading a community's list of right-holders: `registration.importing.rightholders` and `import_right_holders`."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEntry
from people.membership import Members
from people.models import RightHolder, SoulaliyateCommunity
from places.models import Province
from registration.decisions import Details, applicant_for
from registration.importing import ImportRefused, load_right_holders, rightholders

from .factories import person

pytestmark = pytest.mark.django_db

HEADERS_AR = ["الاسم الكامل", "الاسم بالحروف اللاتينية", "رقم البطاقة الوطنية", "الدوار"]
LIST = [
    ["محمد العلمي", "", "K111111", "دوار الشرفاء"],
    ["فاطمة بناني", "Fatima Bennani", "kb 222 222", ""],
    ["", "Youssef Amrani", "", ""],
    ["", "", "", "دوار بلا اسم"],  # neither a name nor a CIN: skipped
]


@pytest.fixture
def community(places):
    province = Province.objects.get(code="MA-TNG")
    return SoulaliyateCommunity.objects.create(province=province, name_ar="أولاد علي")


def xlsx(tmp_path, rows, headers=HEADERS_AR, title="لائحة ذوي الحقوق"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(headers)
    for cells in rows:
        sheet.append(cells)
    path = tmp_path / "list.xlsx"
    book.save(path)
    return path


def csv(tmp_path, text, name="list.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def listed(community):
    return sorted(community.right_holders.values_list("full_name_ar", "full_name_latin", "cin"))


def test_it_loads_a_list_and_marks_it_loaded(community, tmp_path, django_user_model):
    organiser = django_user_model.objects.create_user("organiser-list")
    report = load_right_holders(community, xlsx(tmp_path, LIST), organiser)
    assert report == {"loaded": 3, "skipped": [6], "ignored_columns": ["الدوار"]}
    assert listed(community) == [
        ("", "Youssef Amrani", ""),
        ("فاطمة بناني", "Fatima Bennani", "KB222222"),
        ("محمد العلمي", "", "K111111"),
    ]
    community.refresh_from_db()
    assert community.members_list_loaded_at is not None
    entry = AuditEntry.objects.get(action="community.list_loaded")
    assert entry.actor == organiser and entry.details["count"] == 3


def test_it_reads_french_headers_in_a_csv(community, tmp_path):
    path = csv(tmp_path, "Nom et prénom;CIN\nMohamed El Alami;K111111\nKhadija Tazi;\n")
    assert load_right_holders(community, path)["loaded"] == 2
    assert listed(community) == [("", "Khadija Tazi", ""), ("", "Mohamed El Alami", "K111111")]


def test_it_says_its_progress_in_chunks_as_it_reads_and_saves(community, tmp_path, monkeypatch):
    monkeypatch.setattr(rightholders, "CHUNK", 2)
    path = xlsx(tmp_path, LIST)
    read, saved = [], []
    rightholders.read_right_holders(path, progress=lambda *done: read.append(done))
    load_right_holders(community, path, progress=lambda *done: saved.append(done))
    assert read == [(2, 4), (4, 4)] and saved == [(2, 3), (3, 3)]
    assert len(listed(community)) == 3


def test_the_preview_outline_says_whether_a_cin_was_read_but_never_the_cin(tmp_path):
    rows = [*LIST, ["خديجة التازي", "", "ك12", ""]]
    outline = rightholders.read_right_holders(xlsx(tmp_path, rows)).outline()
    assert (outline["read_count"], outline["skipped_count"], outline["skipped"]) == (4, 1, [6])
    assert [(row["number"], row["cin"]) for row in outline["rows"]] == [
        (3, "read"),
        (4, "read"),
        (5, "none"),
        (7, "dropped"),
    ]
    assert "K111111" not in str(outline)


def test_a_reload_replaces_the_list(community, tmp_path):
    load_right_holders(community, xlsx(tmp_path, LIST))
    load_right_holders(community, xlsx(tmp_path, [["خديجة التازي", "", "L333333", ""]]))
    assert listed(community) == [("خديجة التازي", "", "L333333")]
    assert AuditEntry.objects.filter(action="community.list_loaded").count() == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"PK\x03\x04 not really a workbook",
        "الاسم الكامل,رقم البطاقة الوطنية\n".encode(),  # a header and no right-holder
        "المدينة,الهاتف\nطنجة,0612345678\n".encode(),  # no recognisable header
    ],
)
def test_a_broken_file_changes_nothing(community, tmp_path, content):
    load_right_holders(community, xlsx(tmp_path, LIST))
    community.refresh_from_db()
    before = (listed(community), community.members_list_loaded_at, AuditEntry.objects.count())
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused):
        load_right_holders(community, path)
    community.refresh_from_db()
    assert (listed(community), community.members_list_loaded_at, AuditEntry.objects.count()) == before


def test_an_empty_list_leaves_the_community_without_a_loaded_list(community, tmp_path):
    with pytest.raises(ImportRefused):
        load_right_holders(community, csv(tmp_path, "Nom et prénom;CIN\n;\n"))
    community.refresh_from_db()
    assert community.members_list_loaded_at is None and not community.right_holders.exists()


def test_membership_is_checked_against_the_loaded_list(community, tmp_path):
    load_right_holders(community, xlsx(tmp_path, LIST))
    members = Members(community)
    assert members.contains(
        person(community=community, full_name_ar="", full_name_latin="Mohamed Alami", cin="")
    )
    namesake = person(community=community, full_name_ar="محمد العلمي", full_name_latin="", cin="K999999")
    assert not members.contains(namesake)
    applicant = applicant_for(namesake, Details(profile="project_holder", channel="staff"), member=False)
    assert applicant.community_list_loaded and not applicant.membership_found


def test_the_command_loads_a_list_and_says_how_many(community, tmp_path):
    out = io.StringIO()
    call_command("import_right_holders", "--community", str(community.pk), str(xlsx(tmp_path, LIST)),
                 stdout=out)  # fmt: skip
    assert "3 right-holders loaded" in out.getvalue() and "rows 6" in out.getvalue()
    assert community.right_holders.count() == 3


def test_the_command_exits_with_2_on_a_broken_file_and_changes_nothing(community, tmp_path):
    path = csv(tmp_path, "nothing useful here\n")
    with pytest.raises(CommandError) as refused:
        call_command("import_right_holders", "--community", str(community.pk), str(path))
    assert refused.value.returncode == 2
    assert not RightHolder.objects.exists()


def test_the_command_refuses_an_unknown_community(places, tmp_path):
    with pytest.raises(CommandError, match="unknown community"):
        call_command("import_right_holders", "--community", "999999", str(tmp_path / "list.xlsx"))


def test_a_person_on_the_list_in_arabic_registering_in_latin_letters_is_a_member(demo):
    import django.utils.timezone as tz

    from people.models import RightHolder
    from registration.services import register

    from .factories import person

    someone = person(full_name_ar="", full_name_latin="Mohamed El Alami", cin="")
    community = someone.community
    RightHolder.objects.create(community=community, full_name_ar="محمد العلمي")
    community.members_list_loaded_at = tz.now()
    community.save()
    stranger = person(full_name_ar="", full_name_latin="Ahmed Bennani", cin="")
    member = register(demo, someone, profile="project_holder", channel="staff", project_idea="عسل")
    other = register(demo, stranger, profile="project_holder", channel="staff", project_idea="عسل")
    assert "membership_unverified" not in member.reasons
    assert "membership_unverified" in other.reasons
