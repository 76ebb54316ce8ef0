"""core.rows, the hand-written reads and inserts of the check-in path: they must give what the ORM gives."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext_lazy

from core import rows
from core.models import ApiToken, AuditEntry, hash_token

User = get_user_model()


def values(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.fixture
def agent(db):
    user = User.objects.create_user("agent", password="pw", first_name="Salma", last_name="Idrissi")
    user.last_login = datetime.datetime(2025, 2, 4, 8, 30, tzinfo=datetime.UTC)
    user.save()
    return user


def test_a_row_reads_as_the_orm_reads_it_dates_booleans_and_json_included(agent):
    entry = AuditEntry.objects.create(
        actor=agent, action="checkin.undone", details={"day": "2025-02-04", "n": 3}
    )
    found = rows.one_row(
        f"SELECT {rows.columns(AuditEntry, 'a')}, {rows.columns(User, 'u')} FROM {rows.table(AuditEntry)} a"
        f" JOIN {rows.table(User)} u ON u.id = a.actor_id WHERE a.id = %s",
        [entry.pk],
        AuditEntry,
        User,
    )
    read_entry, read_user = found
    assert values(read_entry) == values(AuditEntry.objects.get(pk=entry.pk))
    assert values(read_user) == values(User.objects.get(pk=agent.pk))
    assert read_entry.details == {"day": "2025-02-04", "n": 3} and read_user.is_active is True
    assert read_user.last_login == datetime.datetime(2025, 2, 4, 8, 30, tzinfo=datetime.UTC)
    assert not read_user._state.adding  # saved instances: a later save() updates them


def test_no_row_is_none_and_a_left_join_that_found_nothing_is_none_in_its_place(agent):
    entry = AuditEntry.objects.create(actor=None, action="caravan.copied")
    sql = (
        f"SELECT {rows.columns(AuditEntry, 'a')}, {rows.columns(User, 'u')} FROM {rows.table(AuditEntry)} a"
        f" LEFT JOIN {rows.table(User)} u ON u.id = a.actor_id WHERE a.id = %s"
    )
    read_entry, read_user = rows.one_row(sql, [entry.pk], AuditEntry, User)
    assert read_entry.pk == entry.pk and read_user is None
    assert rows.one_row(sql, [entry.pk + 1000], AuditEntry, User) is None


def test_an_insert_saves_what_save_would_and_sets_the_key(agent):
    before = datetime.datetime.now(datetime.UTC)
    entry = rows.insert(AuditEntry(actor=agent, action="checkin.undone", details={"ملاحظة": "وصلت متأخرة"}))
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert values(stored) == values(entry)
    assert stored.details == {"ملاحظة": "وصلت متأخرة"} and stored.actor == agent
    assert before <= stored.at <= datetime.datetime.now(datetime.UTC)  # auto_now_add, as save() sets it


def test_a_refused_insert_raises_the_orms_integrity_error_and_saves_nothing(agent):
    ApiToken.objects.create(user=agent, key_hash=hash_token("secret"))
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(ApiToken(user=agent, key_hash=hash_token("secret")))
    assert ApiToken.objects.count() == 1


def test_a_token_reads_as_its_active_user_only(agent):
    raw = ApiToken.issue(agent)
    assert ApiToken.objects.user_for(raw) == agent
    assert ApiToken.objects.user_for(raw + "x") is None
    User.objects.filter(pk=agent.pk).update(is_active=False)
    assert ApiToken.objects.user_for(raw) is None


def test_many_inserts_save_what_bulk_create_would_and_set_every_key(agent):
    class Action(models.TextChoices):
        UNDONE = "checkin.undone"

    later = User(username="later")  # assigned before it is saved, as a list import does
    entries = [
        AuditEntry(actor=agent, action=Action.UNDONE, details={"ملاحظة": "وصلت متأخرة"}),
        AuditEntry(actor=later, action="caravan.copied", object_id=gettext_lazy("7"), details=[1, 2]),
        AuditEntry(actor=None, action="caravan.copied"),
    ]
    later.save()
    before = datetime.datetime.now(datetime.UTC)
    rows.insert_many(entries)
    stored = [AuditEntry.objects.get(pk=entry.pk) for entry in entries]
    assert [values(s) for s in stored] == [values(entry) for entry in entries]
    assert [(s.action, s.actor, s.object_id, s.details) for s in stored] == [
        ("checkin.undone", agent, "", {"ملاحظة": "وصلت متأخرة"}),
        ("caravan.copied", later, "7", [1, 2]),
        ("caravan.copied", None, "", {}),
    ]
    assert all(before <= s.at <= datetime.datetime.now(datetime.UTC) for s in stored)
    assert not any(entry._state.adding for entry in entries)


def test_many_inserts_refuse_an_object_never_saved(agent):
    with pytest.raises(ValueError, match="actor"):
        rows.insert_many([AuditEntry(actor=User(username="never"), action="caravan.copied")])


def test_a_built_instance_is_the_one_the_constructor_makes(agent):
    built = rows.build(AuditEntry, actor=agent, action="checkin.undone", object_id="3")
    made = AuditEntry(actor=agent, action="checkin.undone", object_id="3")
    assert values(built) == values(made) and built.actor is agent and built._state.adding
    assert rows.build(AuditEntry).details is not rows.build(AuditEntry).details  # a default made for each
    with pytest.raises(KeyError):
        rows.build(AuditEntry, nothing=1)


def test_a_read_is_planned_once_per_connection_on_postgresql(agent):
    """PostgreSQL re-planned the check-in's eight-table read on every scan, at five times its running cost,
    until preparing was turned back on (settings.py)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan cache: SQLite keeps no server-side plan to count")
    token = ApiToken.issue(agent)
    sql = f"SELECT u.id FROM {rows.table(ApiToken)} t JOIN {rows.table(User)} u ON u.id = t.user_id WHERE t.key_hash = %s"
    for _ in range(7):
        assert rows.all_rows(sql, [hash_token(token)]) == [(agent.pk,)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = %s",
            [sql.replace("%s", "$1")],
        )
        assert cursor.fetchall() == [(7,)]
