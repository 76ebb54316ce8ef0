"""What each kind of message says, in the reader's language, and a coordinator's own wording checked."""

import re

import pytest

from messaging import texts
from messaging.models import Kind, MessageTemplate


@pytest.mark.django_db
def test_it_renders_each_kind_in_arabic_and_french_with_its_placeholders_filled():
    context = {"name": "Fatima", "caravan": "Tanger", "reference": "QF-1234", "status_url": "https://q/s"}
    arabic = texts.render(Kind.REGISTRATION_RECEIVED, "ar", context)
    french = texts.render(Kind.REGISTRATION_RECEIVED, "fr", context)
    assert "QF-1234" in arabic and "QF-1234" in french
    assert arabic != french
    assert "{" not in arabic + french


@pytest.mark.django_db
def test_the_decision_text_is_the_one_of_the_decision():
    accepted = texts.render(Kind.DECISION, "fr", {"decision": "accepted", "badge_code": "B-77"})
    waitlisted = texts.render(Kind.DECISION, "fr", {"decision": "waitlisted", "position": "4"})
    assert "B-77" in accepted
    assert "4" in waitlisted and "B-77" not in waitlisted


@pytest.mark.django_db
def test_a_missing_value_renders_as_nothing():
    assert "{" not in texts.render(Kind.SURVEY, "ar", {})


@pytest.mark.django_db
def test_a_coordinator_s_wording_wins_over_the_built_in_text_in_its_language_only():
    MessageTemplate.objects.create(kind=Kind.SURVEY, language="fr", text="Votre avis compte : {url}")
    assert texts.render(Kind.SURVEY, "fr", {"url": "https://q/x"}) == "Votre avis compte : https://q/x"
    assert "Votre avis" not in texts.render(Kind.SURVEY, "ar", {"url": "https://q/x"})


def test_every_built_in_text_uses_its_kind_s_placeholders_the_same_in_arabic_and_french():
    for kind in Kind:
        for decision in texts.DECISIONS if kind == Kind.DECISION else [""]:
            english, arabic, french = (
                set(re.findall(r"\{(\w+)\}", texts.built_in(kind, language, decision)))
                for language in ("en", "ar", "fr")
            )
            assert english <= texts.placeholders(kind, decision), kind
            assert texts.required(kind, decision) <= english, (kind, decision)
            assert arabic == english and french == english, (kind, decision)


def test_the_check_names_an_unknown_placeholder_an_open_brace_and_a_missing_one():
    assert texts.check_placeholders(Kind.SURVEY, "Merci {name} : {url}") == []
    errors = texts.check_placeholders(Kind.SURVEY, "Merci {nom} : {url")
    assert len(errors) == 3
    assert "{nom}" in errors[0]
    assert "{url}" in errors[2]
