import pytest
from django.core.management import call_command

from municipalities.models import County, Municipality, SizeBand, SkrGroup
from municipalities.services import municipalities_load
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_loads_all_290_municipalities_in_21_counties():
    result = municipalities_load()

    assert result.created == 290
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21
    stockholm = Municipality.objects.get(code="0180")
    assert (stockholm.name, stockholm.county.name) == ("Stockholm", "Stockholms län")
    assert (stockholm.population, stockholm.population_year) == (995_574, 2024)
    assert stockholm.skr_group == SkrGroup.A1


def test_size_band_is_derived_from_population_by_the_database():
    municipalities_load()

    bands = dict(Municipality.objects.values_list("code", "size_band"))
    assert bands["0180"] == SizeBand.FROM_100K  # Stockholm
    assert bands["2401"] == SizeBand.UNDER_10K  # Bjurholm, 2 359 inhabitants
    assert Municipality.objects.filter(size_band=SizeBand.FROM_100K).count() == 20


def test_size_band_follows_a_population_change():
    municipalities_load()
    municipality = Municipality.objects.get(code="2401")

    municipality.population = 10_000
    municipality.save()
    municipality.refresh_from_db()

    assert municipality.size_band == SizeBand.FROM_10K


def test_skr_groups_match_the_published_counts():
    municipalities_load()

    counts = {group: Municipality.objects.filter(skr_group=group).count() for group in SkrGroup}
    assert counts[SkrGroup.A1] == 3
    assert counts[SkrGroup.B4] == 63
    assert sum(counts.values()) == 290


def test_loading_twice_changes_nothing(capsys):
    call_command("load_municipalities")
    Municipality.objects.filter(code="0180").update(name="Fel namn")

    call_command("load_municipalities")

    assert "1 updated, 289 unchanged" in capsys.readouterr().out
    assert Municipality.objects.get(code="0180").name == "Stockholm"
    assert Municipality.objects.count() == 290


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (0, "0-9999"),
        (9_999, "0-9999"),
        (10_000, "10000-19999"),
        (49_999, "20000-49999"),
        (50_000, "50000-99999"),
        (99_999, "50000-99999"),
        (100_000, "100000-"),
    ],
)
def test_size_band_boundaries(population, band):
    """The band the database derives (the model's generated size_band) at each boundary."""
    municipality = MunicipalityFactory(population=population)
    municipality.refresh_from_db()

    assert municipality.size_band == band
