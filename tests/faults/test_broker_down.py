"""The broker (and the cache: production has both on one Redis) goes down while
respondents answer and submit. Nothing they do fails, nothing is lost, and the reports
catch up when Redis is back."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import GroupStat
from reports.tasks import recompute_stale_rounds
from surveys.models import Answer, ResponseStatus
from surveys.services.invitations import STALLED_MAIL_AFTER, invitations_requeue_stalled
from tests.factories import ContactFactory
from tests.faults.processes import app_on_redis, celery_worker, redis_server, wait_until
from tests.surveys.helpers import (
    RESPONDENT,
    YEAR,
    answering_round,
    as_posted,
    invite,
    link,
    official,
)

pytestmark = pytest.mark.worker

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}
PAGES = {1: ["SL1", "SL2", "SL3", "SL4", "SL5"], 2: ["SI1", "SI2", "SI3", "SI4"]}
PAGES |= {3: ["FK1", "FK2", "FK3", "FK4", "FK5", "FK6"], 4: ["IT1", "IT2", "IT3", "IT4"]}


class Respondent:
    """A municipality's chief in their own browser, who answers every question with `value`."""

    def __init__(self, invitation, value: int) -> None:
        self.client = Client()
        self.municipality = invitation.municipality
        self.value = value
        self.client.get(link(invitation))
        assert self.client.post(self.url("answer_start"), RESPONDENT).status_code == 302

    def url(self, name: str, **kwargs) -> str:
        kwargs |= {"year": YEAR, "code": self.municipality.code}
        return reverse(name, kwargs=kwargs)

    def answer(self, number: int, **headers):
        page = self.url("answer_cornerstone", number=number)
        data = as_posted(self.client.get(page).context["form"])
        data |= {f"{code}-state": str(self.value) for code in PAGES[number]}
        return self.client.post(page, data, **headers)

    def stored_answers(self) -> list[int]:
        answers = Answer.objects.filter(response__municipality=self.municipality)
        return sorted(answers.values_list("value", flat=True))


@pytest.fixture
def respondents(transactional_db, municipality, other_municipality, settings):
    settings.RECOMPUTE_DELAY_SECONDS = 0
    survey_round = answering_round()
    invitations = [invite(survey_round, m) for m in (municipality, other_municipality)]
    return survey_round, invitations


def national_mean(survey_round, code: str) -> tuple[int, float] | None:
    stat = GroupStat.objects.filter(
        snapshot__round=survey_round,
        snapshot__is_current=True,
        population="all",
        dimension="nation",
        code=code,
    ).first()
    return (stat.n, stat.mean) if stat else None


def test_submissions_while_redis_is_down_succeed_and_the_reports_catch_up(respondents):
    survey_round, invitations = respondents
    with redis_server() as redis, app_on_redis(redis.url):
        first = Respondent(invitations[0], 2)
        for number in (1, 2, 3):
            assert first.answer(number).status_code == 302

        redis.kill()

        second = Respondent(invitations[1], 4)  # opens the link while Redis is down
        for number in (1, 2, 3):
            assert second.answer(number).status_code == 302
        people = [first, second]
        for person in people:
            saved = person.answer(4, **FETCH)  # the page's autosave
            assert saved.status_code == 200, saved.content
            assert saved.json()["saved"] is True
            submitted = person.client.post(person.url("answer_submit"))
            assert submitted.status_code == 302
            assert submitted["Location"] == person.url("answer_done")
            done = person.client.get(submitted["Location"])
            assert "Svaren är inskickade" in done.content.decode()
            dashboard = person.client.get(person.url("municipality_dashboard"))
            assert dashboard.status_code == 200
            assert "Resultaten beräknas" in dashboard.content.decode()
            assert official(person.municipality).status == ResponseStatus.SUBMITTED
            assert person.stored_answers() == [person.value] * 19
        assert person.client.get("/healthz").status_code == 503
        assert national_mean(survey_round, "SL") is None

        redis.start()
        with celery_worker(redis.url) as worker:
            assert recompute_stale_rounds() == [YEAR]  # the catch-up, on beat every 10 min
            wait_until(
                lambda: national_mean(survey_round, "SL"),
                "the worker's snapshot",
                details=worker.output,
            )
        assert national_mean(survey_round, "SL") == (2, 3.0)
        dashboard = people[0].client.get(people[0].url("municipality_dashboard"))
        assert "Resultaten beräknas" not in dashboard.content.decode()


def test_invitations_sent_while_redis_is_down_go_out_when_it_is_back(
    transactional_db, municipality, other_municipality, alice, settings
):
    survey_round = answering_round()
    for person, place in (("karin", municipality), ("olle", other_municipality)):
        ContactFactory(municipality=place, name=person.title(), email=f"{person}@kommun.example")
    staff = Client()
    staff.force_login(alice)
    with redis_server() as redis, app_on_redis(redis.url):
        redis.kill()

        page = staff.post(reverse("invitations_send", kwargs={"year": YEAR}), follow=True)

        assert page.status_code == 200
        pending = survey_round.invitations.exclude(pending_mail="")
        assert pending.count() == 2
    assert not mail.outbox

    later = timezone.now() + STALLED_MAIL_AFTER + datetime.timedelta(minutes=1)
    assert invitations_requeue_stalled(now=later) == 2  # the catch-up, on beat every 10 min

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["Karin <karin@kommun.example>", "Olle <olle@kommun.example>"]
    assert not survey_round.invitations.exclude(pending_mail="").exists()
