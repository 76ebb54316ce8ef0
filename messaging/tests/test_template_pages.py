"""The national coordinator words each kind of message: placeholders checked, nothing saved when one is wrong,
the SMS a text costs, back to the built-in text; every change audited."""

import pytest

from core.models import AuditEntry
from core.tests.i18n import ar
from messaging import texts
from messaging.models import MessageTemplate

TEXTS = "/staff/message-texts/"
REMINDER = TEXTS + "reminder/"
AR_REMINDER = "{name}، نلتقي غدا {date} على الساعة {time} في {place}."
FR_REMINDER = "{name}, à demain {date} à {time}, {place}."


def saved(client, text_ar=AR_REMINDER, text_fr=FR_REMINDER):
    return client.post(REMINDER, {"text_ar": text_ar, "text_fr": text_fr})


@pytest.fixture
def coordinator(personas):
    personas["coordinator"].get("/language/ar/")
    return personas["coordinator"]


def test_it_is_for_the_national_coordinator_only(personas):
    for persona in ["organiser", "trainer", "agent"]:
        client = personas[persona]
        assert client.get(TEXTS).status_code == 403
        assert client.get(REMINDER).status_code == 403
        assert saved(client).status_code == 403
        assert client.post(REMINDER + "reset/").status_code == 403
    assert personas["anonymous"].get(TEXTS).url.startswith("/accounts/login/")
    assert not MessageTemplate.objects.exists()


def test_it_lists_each_kind_in_arabic_and_french_built_in_or_edited(coordinator):
    saved(coordinator)
    html = coordinator.get(TEXTS).content.decode()
    assert "نلتقي غدا" in html and "à demain" in html
    assert texts.built_in("survey", "ar").replace("{", "").split("}")[0][-10:] in html
    # The four decisions' built-in texts, each with its own page.
    for decision in texts.DECISIONS:
        assert texts.built_in("decision", "fr", decision).replace("'", "&#x27;") in html
        assert f'href="{TEXTS}decision/{decision}/"' in html
    assert coordinator.get(TEXTS + "decision/").status_code == 404  # which decision's?
    assert coordinator.get(TEXTS + "reminder/accepted/").status_code == 404


def test_it_saves_the_texts_and_audits_each_language(coordinator):
    response = saved(coordinator)
    assert response.status_code == 302
    assert texts.template_for("reminder", "ar") == AR_REMINDER
    assert texts.template_for("reminder", "fr") == FR_REMINDER
    entries = AuditEntry.objects.filter(action="messages.template_changed")
    assert sorted(entries.values_list("details__language", flat=True)) == ["ar", "fr"]
    # The same texts again change nothing and audit nothing.
    saved(coordinator)
    assert entries.count() == 2


def test_it_refuses_an_unknown_placeholder_and_changes_nothing(coordinator):
    response = saved(coordinator, text_ar=AR_REMINDER + " {badge_code}")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        ar(
            "Unknown placeholder {%(name)s}: this message may use %(allowed)s.",
            name="badge_code",
            allowed="{caravan} {date} {name} {place} {time}",
        )
        in html
    )
    assert not MessageTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action="messages.template_changed").exists()


def test_it_refuses_a_text_without_its_required_placeholder(coordinator):
    response = saved(coordinator, text_fr="À demain, {name}.")
    sentences = response.context["form"].errors["text_fr"]
    assert any("{date}" in sentence for sentence in sentences)
    assert any("{time}" in sentence for sentence in sentences)
    assert not MessageTemplate.objects.exists()


def examples(client):
    return {language: segments for language, _filled, segments in client.get(REMINDER).context["examples"]}


def test_it_shows_the_sms_a_text_costs_with_values_of_a_real_length(coordinator):
    saved(coordinator)
    # 101 characters once filled: two Arabic SMS (UCS-2, 70 a message), one French (GSM-7, 160).
    assert examples(coordinator) == {"ar": ("UCS-2", 101, 2), "fr": ("GSM-7", 101, 1)}
    saved(coordinator, text_fr=FR_REMINDER + " Merci de venir à l'heure." * 3)
    assert examples(coordinator)["fr"] == ("GSM-7", 179, 2)
    html = coordinator.get(REMINDER).content.decode()
    assert "فاطمة الزهراء العلمي، نلتقي غدا الاثنين 17 فبراير على الساعة 09:00" in html


def test_it_resets_to_the_built_in_texts(coordinator):
    saved(coordinator)
    response = coordinator.post(REMINDER + "reset/")
    assert response.status_code == 302
    assert not MessageTemplate.objects.exists()
    assert texts.template_for("reminder", "fr") == texts.built_in("reminder", "fr")
    entry = AuditEntry.objects.get(action="messages.template_reset")
    assert entry.details == {"kind": "reminder", "languages": ["ar", "fr"]}


def test_it_counts_the_opt_out_link_that_a_message_not_asked_for_carries(coordinator):
    (_language, text, segments), _french = coordinator.get(TEXTS + "follow_up/").context["examples"]
    assert f"\n{ar('No more messages:')} http" in text
    assert segments.characters == len(text) and segments.parts >= 2


ACCEPTED = TEXTS + "decision/accepted/"
AR_ACCEPTED = "{name}، مرحبا بك في {caravan}. رمز الشارة: {badge_code}. التفاصيل: {status_url}"
FR_ACCEPTED = "{name}, bienvenue dans {caravan}. Code du badge : {badge_code}. Détails : {status_url}"


def test_each_decision_has_its_own_text_with_its_own_placeholders(coordinator):
    response = coordinator.post(ACCEPTED, {"text_ar": AR_ACCEPTED, "text_fr": FR_ACCEPTED + " {position}"})
    assert response.status_code == 200 and not MessageTemplate.objects.exists()
    assert any("{position}" in sentence for sentence in response.context["form"].errors["text_fr"])
    response = coordinator.post(
        ACCEPTED, {"text_ar": AR_ACCEPTED, "text_fr": "{name}, bienvenue : {status_url}"}
    )
    assert any("{badge_code}" in sentence for sentence in response.context["form"].errors["text_fr"])

    assert coordinator.post(ACCEPTED, {"text_ar": AR_ACCEPTED, "text_fr": FR_ACCEPTED}).status_code == 302
    accepted = texts.render(
        "decision", "fr", {"decision": "accepted", "name": "Fatima", "badge_code": "K4M7"}
    )
    waitlisted = texts.render("decision", "fr", {"decision": "waitlisted", "name": "Fatima", "position": "4"})
    assert accepted.startswith("Fatima, bienvenue dans") and "K4M7" in accepted
    assert waitlisted == texts.fill(
        texts.built_in("decision", "fr", "waitlisted"), {"name": "Fatima", "position": "4"}
    )
    entry = AuditEntry.objects.filter(action="messages.template_changed").get(details__language="fr")
    assert (entry.details["kind"], entry.details["variant"]) == ("decision", "accepted")
    html = coordinator.get(TEXTS).content.decode()
    assert "bienvenue dans" in html and "· مقبول</h2>" in html  # the decision named in Arabic

    assert coordinator.post(ACCEPTED + "reset/").status_code == 302
    assert not MessageTemplate.objects.exists()
    assert texts.template_for("decision", "fr", "accepted") == texts.built_in("decision", "fr", "accepted")
