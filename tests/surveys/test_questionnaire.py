import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation

from surveys.models import (
    Cornerstone,
    Indicator,
    Questionnaire,
    QuestionnaireInUseError,
    RoundStatus,
    ScaleLevel,
)
from surveys.services import questionnaire_files, questionnaire_load
from surveys.services.questionnaires import questionnaire_instrument
from tests.factories import SurveyRoundFactory

pytestmark = pytest.mark.django_db

SHIPPED = questionnaire_files()[0]


def load() -> Questionnaire:
    return questionnaire_load(path=SHIPPED)[0]


def test_loads_four_cornerstones_and_19_indicators_in_order():
    questionnaire = load()

    cornerstones = list(questionnaire.cornerstones.values_list("code", flat=True))
    assert cornerstones == ["SL", "SI", "FK", "IT"]
    indicators = Indicator.objects.filter(cornerstone__questionnaire=questionnaire)
    assert [i.code for i in indicators] == [
        "SL1",
        "SL2",
        "SL3",
        "SL4",
        "SL5",
        "SI1",
        "SI2",
        "SI3",
        "SI4",
        "FK1",
        "FK2",
        "FK3",
        "FK4",
        "FK5",
        "FK6",
        "IT1",
        "IT2",
        "IT3",
        "IT4",
    ]


def test_each_cornerstone_has_its_scenario_and_characteristics():
    load()

    governance = Cornerstone.objects.get(code="SL")
    assert governance.name_sv == "Styrning och ledning"
    assert governance.scenario_sv.startswith("I vår kommun finns ett politiskt engagemang")
    assert len(governance.characteristics_sv) == 4
    assert Cornerstone.objects.get(code="IT").footnote_sv.startswith("Exempel på hård")


def test_scale_has_four_labelled_levels():
    questionnaire = load()

    labels = list(questionnaire.scale_levels.values_list("value", "label_sv"))
    assert labels == [
        (1, "Inte alls"),
        (2, "I viss omfattning"),
        (3, "I stor omfattning"),
        (4, "Fullt ut"),
    ]


def test_text_follows_the_language():
    load()
    indicator = Indicator.objects.get(code="SL1")

    with translation.override("en"):
        assert indicator.localized("text") == "To what extent are e-strategies written down?"
    with translation.override("sv"):
        assert indicator.localized("text") == "I vilken omfattning finns e-strategier nedtecknade?"


def test_loading_twice_is_idempotent(capsys):
    call_command("load_questionnaire")
    first_ids = sorted(Indicator.objects.values_list("pk", flat=True))

    call_command("load_questionnaire")

    assert "e-forvaltning 2007: unchanged" in capsys.readouterr().out
    assert sorted(Indicator.objects.values_list("pk", flat=True)) == first_ids
    assert Questionnaire.objects.count() == 1


def test_unused_version_can_be_corrected_by_loading_a_changed_file(tmp_path):
    load()
    changed = tmp_path / "q.yaml"
    changed.write_text(SHIPPED.read_text().replace("Inte alls", "Inte alls ännu"))

    questionnaire, changed_anything = questionnaire_load(path=changed)

    assert changed_anything
    assert questionnaire.scale_levels.get(value=1).label_sv == "Inte alls ännu"


def test_version_used_by_a_round_refuses_a_changed_file(tmp_path):
    SurveyRoundFactory(year=2025, questionnaire=load(), status=RoundStatus.DRAFT)
    changed = tmp_path / "q.yaml"
    changed.write_text(SHIPPED.read_text().replace("Inte alls", "Inte alls ännu"))

    with pytest.raises(CommandError, match="används av en omgång och kan inte ändras"):
        call_command("load_questionnaire", str(changed))

    assert ScaleLevel.objects.get(value=1).label_sv == "Inte alls"


def test_version_used_by_a_round_still_reloads_the_same_file():
    SurveyRoundFactory(year=2025, questionnaire=load(), status=RoundStatus.DRAFT)

    assert questionnaire_load(path=SHIPPED)[1] is False


@pytest.mark.parametrize(
    "change",
    [
        lambda q: Indicator.objects.filter(code="SL1").first().save(),
        lambda q: Indicator.objects.filter(code="SL1").update(text_sv="Ny fråga"),
        lambda q: Indicator.objects.filter(code="SL1").delete(),
        lambda q: Cornerstone.objects.filter(code="SL").update(name_sv="Nytt namn"),
        lambda q: Cornerstone.objects.get(code="SL").delete(),
        lambda q: ScaleLevel.objects.filter(value=4).update(label_sv="Helt"),
        lambda q: Questionnaire.objects.filter(pk=q.pk).update(title_sv="Ny titel"),
        lambda q: q.save(),
    ],
    ids=[
        "indicator-save",
        "indicator-update",
        "indicator-delete",
        "cornerstone-update",
        "cornerstone-delete",
        "scale-update",
        "questionnaire-update",
        "questionnaire-save",
    ],
)
def test_version_used_by_a_round_cannot_be_changed_in_code(change):
    questionnaire = load()
    SurveyRoundFactory(year=2025, questionnaire=questionnaire, status=RoundStatus.DRAFT)

    with pytest.raises(QuestionnaireInUseError):
        change(questionnaire)

    assert Indicator.objects.get(code="SL1").text_sv.startswith("I vilken omfattning finns e-")
    assert Cornerstone.objects.get(code="SL").name_sv == "Styrning och ledning"


def test_new_version_can_be_loaded_beside_a_used_one(tmp_path):
    SurveyRoundFactory(year=2025, questionnaire=load(), status=RoundStatus.DRAFT)
    newer = tmp_path / "q2.yaml"
    newer.write_text(SHIPPED.read_text().replace("version: 2007", "version: 2026"))

    call_command("load_questionnaire", str(newer))

    assert list(Questionnaire.objects.values_list("version", flat=True)) == [2007, 2026]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_questionnaire", str(tmp_path / "saknas.yaml"))


def test_shipped_copy_matches_the_shared_instrument():
    shared = SHIPPED.parents[2].parent / "shared" / "questionnaire" / SHIPPED.name
    if not shared.exists():
        pytest.skip("../shared is not beside the project")

    # What it asks, in Swedish, is the instrument's to the letter; the working translation
    # of the scenarios and characteristics into English is ours.
    def asked(path):
        return questionnaire_instrument(yaml.safe_load(path.read_text()))

    assert asked(shared) == asked(SHIPPED)


def test_a_used_version_takes_a_mended_translation_and_keeps_its_swedish(tmp_path):
    SurveyRoundFactory(year=2025, questionnaire=load(), status=RoundStatus.DRAFT)
    mended = tmp_path / "q.yaml"
    mended.write_text(
        SHIPPED.read_text().replace("Governance and leadership", "Steering and leadership")
    )

    questionnaire, changed = questionnaire_load(path=mended)

    assert changed
    sl = Cornerstone.objects.get(code="SL", questionnaire=questionnaire)
    assert (sl.name_sv, sl.name_en) == ("Styrning och ledning", "Steering and leadership")
    assert questionnaire_load(path=mended)[1] is False  # the same file again: nothing


def test_the_scenarios_and_characteristics_have_a_working_translation():
    for cornerstone in load().cornerstones.all():
        assert cornerstone.scenario_en and cornerstone.scenario_en != cornerstone.scenario_sv
        assert len(cornerstone.characteristics_en) == len(cornerstone.characteristics_sv)
