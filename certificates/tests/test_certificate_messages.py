"""Each certificate issued is sent to its holder as a link to its public page, once per number."""

from certificates import services
from messaging.models import Message

from .factories import participant


def test_issuing_sends_each_holder_the_link_of_their_certificate_once(demo, settings, django_user_model):
    settings.SITE_URL = "https://qafila.example.ma"
    organiser = django_user_model.objects.get(username="organiser")
    present, french = participant(demo, days=3), participant(demo, days=2, language="fr")
    participant(demo)  # never came: no certificate, no message
    services.issue_all(demo, organiser)
    services.issue_all(demo, organiser)  # the batch again: nothing new to tell
    sent = {m.person_id: m for m in Message.objects.filter(kind="certificate")}
    assert set(sent) == {present.person_id, french.person_id}
    for registration in (present, french):
        number = registration.certificates.get().number
        assert f"https://qafila.example.ma/verify/{number}" in sent[registration.person_id].text
    assert demo.title_fr in sent[french.person_id].text and sent[french.person_id].language == "fr"
    assert sent[present.person_id].created_by == organiser


def test_a_reissued_certificate_sends_its_new_number(demo, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    registration = participant(demo, days=3)
    [first] = services.issue_all(demo, organiser)
    second = services.reissue(first, organiser)
    texts = [m.text for m in Message.objects.filter(kind="certificate").order_by("pk")]
    assert len(texts) == 2 and first.number in texts[0] and second.number in texts[1]
    assert registration.person.messages.count() == 4  # received, accepted, two certificates
