from certificates import numbers, rules

TWO_OF_THREE = rules.Rule(min_days=2)


def test_it_gives_a_certificate_for_exactly_the_minimum_of_days():
    assert rules.standing(TWO_OF_THREE, rules.Presence(accepted=True, days=2)).earned
    assert rules.standing(TWO_OF_THREE, rules.Presence(accepted=True, days=3)).earned


def test_it_refuses_one_day_short_and_says_why():
    standing = rules.standing(TWO_OF_THREE, rules.Presence(accepted=True, days=1))
    assert not standing.earned and standing.reasons == [rules.TOO_FEW_DAYS]


def test_it_asks_for_sessions_only_when_the_rule_does():
    rule = rules.Rule(min_days=2, min_sessions=4)
    assert rules.standing(rule, rules.Presence(accepted=True, days=2, sessions=4)).earned
    assert rules.standing(rule, rules.Presence(accepted=True, days=3, sessions=3)).reasons == [
        rules.TOO_FEW_SESSIONS
    ]
    assert rules.standing(rules.Rule(min_days=2, min_sessions=None), rules.Presence(True, 2, 0)).earned


def test_it_lists_every_reason_for_a_registration_not_accepted():
    standing = rules.standing(rules.Rule(min_days=2, min_sessions=1), rules.Presence(accepted=False))
    assert standing.reasons == [rules.NOT_ACCEPTED, rules.TOO_FEW_DAYS, rules.TOO_FEW_SESSIONS]
    assert all(str(rules.message(code)) for code in standing.reasons)


def test_it_defaults_to_two_thirds_of_the_days_rounded_up():
    assert [rules.default_min_days(n) for n in (1, 2, 3, 4, 5, 6)] == [1, 2, 2, 3, 4, 4]


def test_it_makes_a_readable_prefix_from_the_caravan():
    assert rules.default_prefix("tanger-2025", 2025) == "TNG25"
    assert rules.default_prefix("oujda", 2026) == "OJD26"
    assert rules.default_prefix("2025", 2025) == "QF25"


def test_its_numbers_carry_an_unguessable_check_part_and_survive_retyping():
    number = numbers.make("TNG25", 7)
    prefix, serial, check = number.split("-")
    assert (prefix, serial, len(check)) == ("TNG25", "0007", numbers.CHECK_LENGTH)
    assert numbers.is_well_formed(number)
    assert len({numbers.make("TNG25", 7) for _ in range(200)}) > 190
    assert numbers.normalise(" tng25-0007-0ilu1 ") == "TNG25-0007-011V1"
    assert not numbers.is_well_formed("TNG25-0007")  # a bare serial is not a certificate number
