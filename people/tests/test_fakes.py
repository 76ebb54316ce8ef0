"""The fake people of `people.fakes`: realistic enough that the registry reads them as it reads real lists."""

import phonenumbers

from people.fakes import population
from people.identifiers import VALID, normalise_phone


def test_every_fake_phone_is_a_valid_moroccan_mobile():
    phones = [record.phone for record in population(3000, seed=11) if record.phone]
    assert len(phones) > 2000
    for phone in phones:
        assert normalise_phone(phone) == (phone, VALID), phone
        number = phonenumbers.parse(phone)
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE, phone
        assert phone.startswith(("+2126", "+2127"))
