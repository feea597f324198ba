import io
import re
import statistics
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from municipalities.access import is_national_staff
from municipalities.models import Contact, Membership, SizeBand
from surveys.demo import PUBLISHED_MEANS_2006, DemoDataError, demo_data_generate
from surveys.models import Answer, Invitation, Response, ResponseStatus, RoundStatus, SurveyRound
from surveys.selectors.rounds import round_list

TODAY = date(2026, 5, 10)


@pytest.fixture
def loaded(db) -> None:
    call_command("load_municipalities", stdout=io.StringIO())
    call_command("load_questionnaire", stdout=io.StringIO())


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_demo_data", *_arguments(options), stdout=out)
    return out.getvalue()


def _arguments(options: dict) -> list[str]:
    arguments = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            arguments.append(flag)
        else:
            arguments += [flag, *map(str, value if isinstance(value, list) else [value])]
    return arguments


def answer_snapshot() -> set[tuple]:
    return set(
        Answer.objects.values_list(
            "response__round__year",
            "response__municipality__code",
            "response__status",
            "response__respondent_email",
            "response__respondent_role",
            "indicator__code",
            "value",
            "comment",
        )
    )


def delete_demo_rounds() -> None:
    Answer.objects.all().delete()
    Response.objects.all().delete()
    SurveyRound.objects.all().delete()


def submitted_scores(year: int) -> list[dict]:
    """Per submitted response: its size band and cornerstone scores, as the report scores."""
    values = defaultdict(lambda: defaultdict(list))
    bands = {}
    for response_id, band, cornerstone, value in Answer.objects.filter(
        response__round__year=year,
        response__status=ResponseStatus.SUBMITTED,
        value__isnull=False,
    ).values_list(
        "response_id", "response__municipality__size_band", "indicator__cornerstone__code", "value"
    ):
        values[response_id][cornerstone].append(value)
        bands[response_id] = band
    return [
        {"band": bands[key], "scores": {code: statistics.fmean(v) for code, v in by_code.items()}}
        for key, by_code in values.items()
    ]


def test_same_seed_gives_the_same_answers_and_another_seed_does_not(loaded):
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=7, today=TODAY)
    first = answer_snapshot()
    delete_demo_rounds()
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=7, today=TODAY)
    assert answer_snapshot() == first
    delete_demo_rounds()
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=8, today=TODAY)
    assert answer_snapshot() != first


def test_answers_are_plausible(loaded):
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=2007, today=TODAY)
    values = list(Answer.objects.values_list("value", flat=True))
    assert set(values) <= {1, 2, 3, 4, None}
    assert 0.01 <= values.count(None) / len(values) <= 0.08
    responses = submitted_scores(2024)
    for code in ("SL", "SI", "FK", "IT"):
        mean = statistics.fmean(r["scores"][code] for r in responses if code in r["scores"])
        assert 1.8 <= mean <= 3.2, code
    totals = defaultdict(list)
    for response in responses:
        totals[response["band"]].append(statistics.fmean(response["scores"].values()))
    largest, smallest = totals[SizeBand.FROM_100K], totals[SizeBand.UNDER_10K]
    assert statistics.fmean(largest) > statistics.fmean(smallest)


def test_first_round_lands_near_the_published_2006_means(loaded):
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=2007, today=TODAY)
    means = {
        code: statistics.fmean(
            Answer.objects.filter(
                response__round__year=2024, indicator__code=code, value__isnull=False
            ).values_list("value", flat=True)
        )
        for code in PUBLISHED_MEANS_2006
    }
    for code, published in PUBLISHED_MEANS_2006.items():
        assert means[code] == pytest.approx(published, abs=0.25), code
    assert min(means, key=means.get) == "SL2"


def test_rounds_are_chained_this_years_open_the_earlier_published(loaded):
    demo_data_generate(municipalities=40, years=[2024, 2025, 2026], seed=1, today=TODAY)
    first, second, latest = SurveyRound.objects.order_by("year")
    assert (second.previous_round, latest.previous_round) == (first, second)
    assert first.status == second.status == RoundStatus.PUBLISHED
    assert first.published_at is not None
    assert latest.status == RoundStatus.OPEN
    assert latest.opens_on < TODAY < latest.closes_on
    published = Response.objects.filter(round__in=[first, second])
    assert not published.filter(status=ResponseStatus.DRAFT).exists()
    drafts = Response.objects.filter(round=latest, status=ResponseStatus.DRAFT)
    assert drafts.exists()
    assert all(0 < draft.answers.count() < 19 for draft in drafts)
    assert Contact.objects.count() == 40


def test_panel_is_smaller_than_either_round(loaded):
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=2007, today=TODAY)
    submitted = {
        year: set(
            Response.objects.filter(round__year=year, status=ResponseStatus.SUBMITTED).values_list(
                "municipality_id", "respondent_email"
            )
        )
        for year in (2024, 2025)
    }
    municipalities = {year: {m for m, _email in pairs} for year, pairs in submitted.items()}
    panel = municipalities[2024] & municipalities[2025]
    assert 0 < len(panel) < min(len(municipalities[2024]), len(municipalities[2025]))
    same_person = {
        year: {(m, email.lower()) for m, email in pairs} for year, pairs in submitted.items()
    }
    same_respondent_panel = same_person[2024] & same_person[2025]
    assert 0 < len(same_respondent_panel) < len(panel)


def test_if_empty_does_nothing_the_second_time(loaded):
    generate(municipalities=30, if_empty=True)
    counts = (SurveyRound.objects.count(), Response.objects.count(), Answer.objects.count())
    assert counts[2] > 0
    output = generate(municipalities=30, if_empty=True)
    assert "no demo data generated" in output
    assert (SurveyRound.objects.count(), Response.objects.count(), Answer.objects.count()) == (
        counts
    )


def test_existing_rounds_without_if_empty_is_an_error(loaded):
    generate(municipalities=10, years=[2025])
    with pytest.raises(CommandError, match=r"exist already \(2025\)"):
        generate(municipalities=10, years=[2026])
    assert SurveyRound.objects.count() == 1


def test_without_loaded_reference_data_is_a_clear_error(db):
    with pytest.raises(CommandError, match="load_questionnaire"):
        generate()
    call_command("load_questionnaire", stdout=io.StringIO())
    with pytest.raises(CommandError, match="load_municipalities"):
        generate()


def printed_logins(output: str) -> tuple[str, list[str]]:
    password = re.search(r"password: (\S+)", output).group(1)
    return password, re.findall(r"^\s+(\S+@demo\.e-mognad\.se)", output, re.MULTILINE)


def test_printed_demo_logins_work_and_are_created_once(loaded, client, django_user_model):
    password, emails = printed_logins(generate(municipalities=60, with_users=True))
    staff_email, chief_email = emails
    assert client.login(username=staff_email, password=password)
    assert client.login(username=chief_email, password=password)

    users = django_user_model.objects.count()
    again = generate(municipalities=60, with_users=True, if_empty=True)
    assert printed_logins(again) == (password, emails)
    assert django_user_model.objects.count() == users
    membership = Membership.objects.get(user__username=chief_email)
    rounds = SurveyRound.objects.count()
    answered = membership.municipality.responses.values("round").distinct().count()
    assert answered == rounds == 2
    assert client.login(username=chief_email, password=password)


def test_staff_login_is_national_staff_and_chief_login_is_not(loaded, django_user_model):
    generate(municipalities=20, with_users=True)
    staff = django_user_model.objects.get(username="handlaggare@demo.e-mognad.se")
    chief = django_user_model.objects.get(username="kommunchef@demo.e-mognad.se")
    assert is_national_staff(staff)
    assert not is_national_staff(chief)


def test_full_demo_runs_in_a_bounded_number_of_queries(loaded, django_assert_max_num_queries):
    """A few queries per round and per batch of answers, never one per municipality."""
    with django_assert_max_num_queries(80):
        demo_data_generate(municipalities=290, years=[2021, 2022, 2023, 2024, 2025], seed=3)
    assert SurveyRound.objects.count() == 5


def test_by_default_the_demo_is_the_two_years_before_this_one_published_in_their_year(loaded):
    """A newcomer in May 2026 sees 2024 and 2025, each answered and published in its own
    year, and nothing open that would stop them opening this year's round."""
    demo_data_generate(municipalities=40, seed=1, today=TODAY)

    rounds = list(SurveyRound.objects.order_by("year"))
    assert [r.year for r in rounds] == [2024, 2025]
    for survey_round in rounds:
        assert survey_round.status == RoundStatus.PUBLISHED
        assert survey_round.opens_on.year == survey_round.closes_on.year == survey_round.year
        assert survey_round.published_at.year == survey_round.year
    assert not SurveyRound.objects.filter(status=RoundStatus.OPEN).exists()
    assert not Response.objects.filter(status=ResponseStatus.DRAFT).exists()


def test_this_years_round_is_open_around_today_within_its_year(loaded):
    demo_data_generate(municipalities=20, years=[2026], seed=1, today=date(2026, 1, 5))
    survey_round = SurveyRound.objects.get()
    assert survey_round.status == RoundStatus.OPEN
    assert survey_round.opens_on == date(2026, 1, 1)
    assert survey_round.closes_on > date(2026, 1, 5)


def test_a_demo_round_in_the_future_is_refused(loaded):
    with pytest.raises(DemoDataError, match="2027 is after 2026"):
        demo_data_generate(municipalities=5, years=[2027], seed=1, today=TODAY)
    assert not SurveyRound.objects.exists()


def test_the_round_list_counts_as_many_invited_as_the_demo_has_municipalities(loaded):
    """Every demo municipality was invited in every round: the list no longer says "196 / 0"."""
    demo_data_generate(municipalities=60, years=[2025, 2026], seed=3, today=TODAY)

    for survey_round in round_list():
        assert survey_round.invited_count == 60
        assert 0 < survey_round.submitted_count <= 60
    submitted = Response.objects.filter(status=ResponseStatus.SUBMITTED)
    assert not submitted.exclude(
        municipality__invitations__round=F("round"),
        municipality__invitations__opened_at__isnull=False,
    ).exists()
    reminded = Invitation.objects.filter(round__year=2025, reminders_sent=1)
    assert reminded.exists()
    assert not Invitation.objects.filter(round__year=2026, reminders_sent__gt=0).exists()
