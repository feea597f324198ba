"""The published 2006/2007 national means: loaded as a reference series, not as rounds."""

import io

import pytest
from django.core.management import CommandError, call_command

from reports.models import GroupStat, Population, ReferenceMean
from reports.selectors.reference import reference_series
from reports.services import round_recompute
from reports.services_reference import SOURCE, reference_load
from surveys.models import SurveyRound
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db

CODES = 19 + 4 + 1  # indicators, cornerstones, the total


def load() -> str:
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


def test_loads_every_published_mean_with_its_n_and_source():
    assert "96 created, 0 updated, 0 unchanged" in load()

    assert ReferenceMean.objects.count() == CODES * 2 * 2
    sl2 = ReferenceMean.objects.get(year=2006, population=Population.ALL, code="SL2")
    assert (sl2.level, sl2.mean, sl2.n, sl2.source) == ("indicator", 1.7, 153, SOURCE)
    total = ReferenceMean.objects.get(year=2007, population=Population.SAME, code="TOTAL")
    assert (total.level, total.mean, total.n) == ("total", 2.4, 85)
    assert ReferenceMean.objects.get(year=2007, population="all", code="IT").n == 147


def test_a_second_load_changes_nothing():
    load()
    before = list(ReferenceMean.objects.order_by("pk").values())

    assert "0 created, 0 updated, 96 unchanged" in load()
    assert list(ReferenceMean.objects.order_by("pk").values()) == before


def test_a_changed_figure_is_updated():
    load()
    ReferenceMean.objects.filter(year=2006, population="all", code="SL1").update(mean=9.9)

    result = reference_load()

    assert (result.created, result.updated, result.unchanged) == (0, 1, 95)
    assert ReferenceMean.objects.get(year=2006, population="all", code="SL1").mean == 2.2


def test_a_malformed_file_is_refused_and_nothing_loaded(tmp_path):
    bad = tmp_path / "means.csv"
    bad.write_text("level,code,all_2006\nindicator,SL1,2.2\nindicator,SL2,två\n")

    with pytest.raises(CommandError, match="Line 3"):
        call_command("load_reference", "--file", str(bad), stdout=io.StringIO())
    assert not ReferenceMean.objects.exists()


def test_the_series_by_year_population_and_code():
    load()

    series = reference_series()

    assert list(series) == [2006, 2007]
    assert set(series[2006]) == {"all", "same"}
    assert list(series[2006]["all"])[:6] == ["SL1", "SL2", "SL3", "SL4", "SL5", "SL"]
    assert len(series[2007]["same"]) == CODES
    assert (series[2006]["all"]["SL2"].mean, series[2006]["all"]["SL2"].n) == (1.7, 153)
    assert series[2007]["same"]["TOTAL"].mean == 2.4


def test_a_2006_round_can_still_be_created_and_computed_beside_the_reference():
    load()
    survey_round = SurveyRoundFactory(year=2006, status="closed")
    submit(survey_round, MunicipalityFactory(), {"SL1": 3, "SL2": 1})

    snapshot = round_recompute(survey_round=survey_round)

    assert SurveyRound.objects.filter(year=2006).exists()
    sl = GroupStat.objects.get(snapshot=snapshot, population="all", dimension="nation", code="SL")
    assert (sl.n, sl.mean) == (1, 2.0)
    assert ReferenceMean.objects.get(year=2006, population="all", code="SL").mean == 2.3
    assert ReferenceMean.objects.count() == CODES * 2 * 2
