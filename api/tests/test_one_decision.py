"""One decision for every way in: the API's eligibility preview, a person entered by a staff form and a list's
row are decided alike, whatever the person, the caravan's rules, its places and the members' lists say."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.registrations import eligibility_of
from caravans.models import Caravan
from people.models import Channel, RightHolder, SoulaliyateCommunity
from places.models import Province
from registration.entry import enter
from registration.entry_forms import QuickEntryForm
from registration.importing import import_registrations
from registration.tests.fixtures_files import HEADERS_FR, KEYS, csv_bytes

NAMES = ["خديجة البقالي", "أمينة الإدريسي", "محمد العلمي", "Fatima Zahra Alami", "حنان"]
# How the list or the form spells the name of someone on a members' list as it is written there.
SPELLED = {"أمينة الإدريسي": "امينة الادريسي", "Fatima Zahra Alami": "فاطمة الزهراء العلمي"}
PROVINCES = {"MA-TET": "Tétouan", "MA-TNG": "طنجة أصيلة", "MA-FES": "فاس", "": ""}
COMMUNITY = "أولاد بوعزة"

adults = st.dates(datetime.date(1950, 1, 1), datetime.date(2006, 12, 31))
anyone = st.dates(datetime.date(1950, 1, 1), datetime.date(2012, 12, 31))


def mostly(usual, *others):
    """`usual` three times out of four or so: most people meet most rules, so every decision shows."""
    return st.sampled_from([usual] * (2 * len(others) + 1) + list(others))


people = st.fixed_dictionaries(
    {
        "name": st.sampled_from(NAMES),
        "cin": mostly("L123456", "A12", ""),  # valid, of an unusual shape, none
        "sex": mostly("female", "male", ""),
        "birth": st.one_of(
            adults.map(lambda d: d.strftime("%d/%m/%Y")),
            anyone.map(lambda d: d.strftime("%d/%m/%Y")),
            st.sampled_from(["2007", "1980", ""]),
        ),
        "phone": st.sampled_from(["0661234567", ""]),
        "province": mostly("MA-TET", "MA-TNG", "MA-FES", ""),
        "community": mostly(COMMUNITY, "دوار آخر", ""),
        "profile": st.sampled_from(["cooperative_member", "project_holder"]),
        "cooperative": st.sampled_from(["تعاونية النحل", ""]),
        "founded": mostly("01/06/2023", "04/02/2022", "2021", "2023", ""),
        "idea": mostly("تربية النحل", "لا يوجد", ""),
        "sector": st.sampled_from(["العسل", "شيء آخر", ""]),
    }
)
worlds = st.fixed_dictionaries(
    {
        "full": st.booleans(),
        "women_only": st.booleans(),
        "members": mostly("by_name", None, "by_cin", "others"),  # the community's list, if loaded
    }
)


def cells(person):
    """The person as a list's row (and the API's body) writes them."""
    values = {
        "full_name_ar": person["name"],
        "cin": person["cin"],
        "sex": {"female": "أنثى", "male": "ذكر", "": ""}[person["sex"]],
        "birth_date": person["birth"],
        "phone": person["phone"],
        "province": PROVINCES[person["province"]],
        "community": person["community"],
        "profile": {"cooperative_member": "عضوة تعاونية", "project_holder": "حاملة مشروع"}[person["profile"]],
        "cooperative_name": person["cooperative"],
        "cooperative_founded": person["founded"],
        "sector": person["sector"],
        "project_idea": person["idea"],
    }
    return {key: values.get(key, "") for key in KEYS}


def form_data(person):
    """The same person as a staff member types them into the quick-entry form."""
    data = {key: value for key, value in cells(person).items() if key in QuickEntryForm.base_fields}
    return {**data, "sex": person["sex"], "profile": person["profile"], "consent": "on"}


def set_up(demo, person, world):
    """The caravan's rules and places, and the community's members' list, as `world` says."""
    demo.eligibility = {**demo.eligibility, "women_only": world["women_only"]}
    demo.capacity = demo.registrations.accepted().count() + (0 if world["full"] else 100)
    demo.save(update_fields=["eligibility", "capacity"])
    if world["members"] is None or not person["province"]:
        return
    community = SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code=person["province"]),
        name_ar=COMMUNITY,
        members_list_loaded_at=timezone.now(),
    )
    listed = {
        "by_name": (SPELLED.get(person["name"], person["name"]), ""),
        "by_cin": ("", "L123456"),
        "others": ("سعاد المودن", "K999999"),
    }[world["members"]]
    RightHolder.objects.create(community=community, full_name_ar=listed[0], cin=listed[1])


def undone(decide):
    """What `decide()` answers, everything it wrote rolled back."""
    with transaction.atomic():
        answer = decide()
        transaction.set_rollback(True)
    return answer


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=people, world=worlds)
def test_the_preview_a_staff_entry_and_a_list_decide_every_person_alike(demo, tmp_path, person, world):
    organiser = get_user_model().objects.get(username="organiser")

    def preview():
        return eligibility_of(Caravan.objects.get(pk=demo.pk), cells(person))

    def staff_entry():
        form = QuickEntryForm(demo, form_data(person))
        assert form.is_valid(), form.errors
        registration = enter(demo, form.entry(), actor=organiser, channel=Channel.STAFF)
        return registration.decision, registration.reasons

    def list_row():
        path = tmp_path / "list.csv"
        path.write_bytes(csv_bytes([cells(person)], headers=HEADERS_FR, separator=";"))
        (row,) = import_registrations(demo, path, actor=organiser)["rows"]
        assert row["outcome"] == "created", row
        return row["decision"], row["reasons"]

    with transaction.atomic():
        set_up(demo, person, world)
        decided = undone(preview)
        assert undone(staff_entry) == decided
        assert undone(list_row) == decided
        transaction.set_rollback(True)
