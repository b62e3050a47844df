"""A council's front door is set up without the demo: the standard levels and the timers."""

import pytest
from django.core.management import CommandError, call_command

from familyhub.frontdoor.models import NeedLevel, TriageStandard
from familyhub.frontdoor.services import front_door_set_up
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def levels_of(council) -> list[tuple[int, str, str]]:
    return list(
        NeedLevel.objects.filter(local_authority=council).values_list("number", "name", "route")
    )


def test_a_new_council_gets_the_four_levels_and_the_default_timers():
    council = LocalAuthorityFactory()

    assert front_door_set_up(local_authority=council) == 4

    assert levels_of(council) == [
        (1, "Universal", "signpost"),
        (2, "Targeted early help", "hub_allocation"),
        (3, "Child in need (section 17)", "social_care"),
        (4, "Child protection (section 47)", "social_care"),
    ]
    standard = TriageStandard.objects.get(local_authority=council)
    assert (standard.first_contact_hours, standard.decision_hours) == (24, 72)


def test_setting_up_again_changes_nothing():
    council = LocalAuthorityFactory()
    front_door_set_up(local_authority=council)
    TriageStandard.objects.filter(local_authority=council).update(first_contact_hours=8)

    assert front_door_set_up(local_authority=council) == 4

    assert NeedLevel.objects.filter(local_authority=council).count() == 4
    assert TriageStandard.objects.get(local_authority=council).first_contact_hours == 8


def test_a_council_with_its_own_levels_keeps_them():
    council = LocalAuthorityFactory()
    NeedLevel.objects.create(
        local_authority=council, number=1, name="Family Help", route=NeedLevel.Route.HUB_ALLOCATION
    )

    assert front_door_set_up(local_authority=council) == 1

    assert levels_of(council) == [(1, "Family Help", "hub_allocation")]


def test_the_command_sets_up_each_council_it_names():
    first, second = LocalAuthorityFactory(), LocalAuthorityFactory()

    call_command("set_up_front_door", first.code, second.code, verbosity=0)

    assert len(levels_of(first)) == len(levels_of(second)) == 4


def test_the_command_refuses_an_unknown_council_and_sets_up_nothing():
    council = LocalAuthorityFactory()

    with pytest.raises(CommandError, match="E09999999"):
        call_command("set_up_front_door", council.code, "E09999999", verbosity=0)

    assert levels_of(council) == []
