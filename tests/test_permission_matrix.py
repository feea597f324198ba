"""Who gets what on every URL: anonymous, a member of another municipality (charlie, 9002),
a member of the municipality (bob, 9001) and national staff (alice).

Every URL pattern of the project must have a row in MATRIX: a new URL without an access
decision fails `test_every_url_has_an_access_decision`. Each row is requested by each
viewer; a state-changing POST is requested by those who must be refused, and nothing may
change.

Codes: a status ("200", "403", …), "login" (302 to the login page, back here after), or
"302:<path>" (a redirect elsewhere).
"""

from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from municipalities.models import Contact, Membership, Municipality
from reports.models import Publication, Snapshot
from reports.services import round_recompute
from surveys.models import Answer, AnswerChange, Invitation, Response, SurveyRound
from surveys.services.invitations import invitation_token, invitations_create
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    MunicipalityFactory,
    SurveyRoundFactory,
    UserFactory,
    make_national_staff,
)
from tests.reports.helpers import submit

VIEWERS = ["anonymous", "charlie", "bob", "alice"]
# Not ours to decide: Django's admin and language switch.
EXCLUDED_PREFIXES = ("admin/", "i18n/", "static/", "media/")


@dataclass(frozen=True)
class Row:
    key: str  # the URL's name, or the route of an unnamed pattern
    expect: str  # one code per viewer, in VIEWERS' order
    kwargs: dict = field(default_factory=dict)
    path: str = ""  # for an unnamed pattern
    post: dict | None = None  # a state-changing POST, with data that would do something
    label: str = ""

    @property
    def id(self) -> str:
        return self.key if not self.label else f"{self.key}[{self.label}]"

    def codes(self) -> dict[str, str]:
        codes = self.expect.split()
        assert len(codes) == len(VIEWERS), self.id
        return dict(zip(VIEWERS, codes, strict=True))


STAFF = "login 403 403 200"
STAFF_POST = "login 403 403 405"  # GET on a POST-only staff view
MEMBERS = "login 404 200 200"  # members and staff; outsiders learn nothing
ANSWERERS = "404 404 200 404"  # members only (or the invitation's holder)
PUBLIC = "200 200 200 200"
NOWHERE = "404 404 404 404"
Y, A = {"year": 2025}, {"year": 2025, "code": "9001"}
P = {"year": 2024}  # the published round

MATRIX = [
    # anonymous  charlie  bob  alice
    Row("home", PUBLIC),
    Row("healthz", PUBLIC),
    Row("robots_txt", PUBLIC),
    Row("login", "200 302:/ 302:/ 302:/"),
    Row("logout", "405 405 405 405"),  # POST only
    Row("password_reset", PUBLIC),
    Row("password_reset_done", PUBLIC),
    Row("password_reset_confirm", PUBLIC, {"uidb64": "{bob_uid}", "token": "fel-nyckel"}),
    Row("password_reset_complete", PUBLIC),
    # Municipalities
    Row("municipality_list", STAFF),
    Row("contacts_import", STAFF, post={"file": ""}),
    Row("municipality_detail", MEMBERS, {"code": "9001"}),
    Row(
        "contact_edit",
        STAFF,
        {"code": "9001"},
        post={"name": "Mallory", "email": "mallory@evil.example", "title": "Chef"},
    ),
    # Privacy: the notice for all; one person's data, exported or erased, for staff
    Row("privacy", PUBLIC),
    Row(
        "personal_data",
        STAFF,
        post={"email": "chef@a.example", "action": "erase", "confirm": "on"},
    ),
    # Rounds and invitations, for national staff
    Row("round_list", STAFF),
    Row(
        "round_create",
        STAFF,
        post={
            "year": 2026,
            "questionnaire": "{questionnaire_pk}",
            "opens_on": "2026-03-01",
            "closes_on": "2026-05-31",
        },
    ),
    Row("round_detail", STAFF, Y),
    Row("round_open", STAFF_POST, Y, post={}),
    Row("round_close", STAFF_POST, Y, post={}),
    Row("round_reopen", STAFF_POST, Y, post={}),
    Row("round_publish", STAFF, Y, post={"final": "on", "low_participation": "on"}),
    Row("invitation_status", STAFF, Y),
    Row("invitations_send", STAFF, Y, post={}),  # GET: the confirmation, POST: sends
    Row("invitation_resend", STAFF_POST, Y | {"pk": "{invitation_pk}"}, post={}),
    Row(
        "invitation_recipient",
        STAFF,
        Y | {"pk": "{invitation_pk}"},
        post={"name": "Mallory", "email": "mallory@evil.example", "update_contact": "on"},
    ),
    Row("remind_not_started", STAFF, Y, post={}),
    Row("remind_draft", STAFF, Y, post={}),
    Row("invitation_remind", STAFF_POST, Y | {"pk": "{invitation_pk}"}, post={}),
    Row("invitation_export_csv", STAFF, Y),
    Row("invitation_export_xlsx", STAFF, Y),
    Row("staff_response_detail", STAFF, A),
    # National report: the internal version for national staff; once a round is published,
    # the public version for everyone (docs/figures.md)
    Row("national_list", STAFF),
    Row("national_report", PUBLIC, P, label="published"),
    Row("national_report", STAFF, Y, label="open"),
    Row("national_report_pdf", PUBLIC, P, label="published"),
    Row("national_report_pdf", STAFF, Y, label="open"),
    Row("national_report_excel", PUBLIC, P, label="published"),
    Row("national_report_excel", STAFF, Y, label="open"),
    Row("national_public", PUBLIC, P, label="published"),
    Row("national_public", NOWHERE, Y, label="open"),
    Row("national_public_pdf", PUBLIC, P, label="published"),
    Row("national_public_pdf", NOWHERE, Y, label="open"),
    Row("national_public_excel", PUBLIC, P, label="published"),
    Row("national_public_excel", NOWHERE, Y, label="open"),
    Row("national_open_table", PUBLIC, P, label="published"),
    Row("national_open_table", NOWHERE, Y, label="open"),
    Row("national_open_groups", PUBLIC, P, label="published"),
    Row("national_open_groups", NOWHERE, Y, label="open"),
    Row("national_republish", STAFF, P, post={"reason": "Mallory was here"}),
    # Answering: the invitation link signs anyone in as its holder; someone signed in to an
    # account is asked first (a page whose buttons POST), and stays signed in until then
    Row("invitation_enter", "302:/svar/2025/9001/ 200 200 200", {"token": "{token}"}),
    Row("invitation_enter", NOWHERE, {"token": "0" * 64}, label="unknown token"),
    Row(
        "answer_start",
        ANSWERERS,
        A,
        post={"name": "Mallory", "email": "mallory@evil.example", "role": "kommunchef"},
    ),
    Row("answer_cornerstone", ANSWERERS, A | {"number": 1}, post={"SL1-value": "1"}),
    Row("answer_review", ANSWERERS, A, post={}),
    # Who answers: changed on purpose by those who answer, or corrected by national staff
    Row(
        "answer_respondent",
        "404 404 200 200",
        A,
        post={"name": "Mallory", "email": "mallory@evil.example", "role": "kommunchef"},
    ),
    Row("answer_submit", "404 404 405 404", A, post={}),
    Row("answer_done", ANSWERERS, A, post={}),
    # Only the holder of an invitation link may hand it over: no account may.
    Row("answer_hand_over", NOWHERE, A, post={"name": "Mallory", "email": "m@evil.example"}),
    Row("answer_handed_over", NOWHERE, A),  # only right after handing over, in that session
    Row("answer_pdf", "404 404 200 200", A),
    # Results
    Row("municipality_dashboard", MEMBERS, A),
    Row("dashboard_pdf", MEMBERS, A),
    Row("dashboard_excel", MEMBERS, A),
    # API: published national figures for all; a municipality's own for members and staff
    Row("api_root", PUBLIC),
    Row("api_rounds", PUBLIC),
    Row("api_round_national", PUBLIC, {"year": "2024"}, label="published"),
    Row("api_round_national", "404 404 404 200", {"year": "2025"}, label="open"),
    Row("api_round_municipality", "404 404 200 200", A),
    Row("api_reference", PUBLIC),
    Row("api_schema", PUBLIC),
    Row("api_docs", PUBLIC),
    Row("api/v1/^(?P<path>.*)/$", NOWHERE, path="/api/v1/finns-inte/"),
]


def url_patterns(patterns, prefix=""):
    """(key, route) of every pattern: its name, or its full route if it has none."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, route)
        else:
            yield pattern.name or route, route


def test_every_url_has_an_access_decision():
    routes = dict(url_patterns(get_resolver().url_patterns))
    decided = {row.key for row in MATRIX}

    assert sorted(set(routes) - decided) == [], "URLs without a row in MATRIX"
    assert sorted(decided - set(routes)) == [], "rows in MATRIX for URLs that are gone"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The data, built once for the module inside a transaction rolled back at its end;
    each test runs in a savepoint within it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _build_world() -> dict:
    ours = MunicipalityFactory(code="9001", name="Testkommun A", population=45_000)
    theirs = MunicipalityFactory(code="9002", name="Testkommun B", population=8_000)
    alice = make_national_staff(UserFactory(email="alice@skr.example"))
    bob = UserFactory(email="bob@kommun-a.example", first_name="Bob", last_name="Berg")
    MembershipFactory(user=bob, municipality=ours)
    charlie = UserFactory(email="charlie@kommun-b.example")
    MembershipFactory(user=charlie, municipality=theirs)

    previous = SurveyRoundFactory(year=2024, status="published")
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    for survey_round in (previous, current):
        submit(survey_round, ours, {"SL1": 2, "SL2": 3, "IT1": 4}, email="chef@a.example")
        submit(survey_round, theirs, {"SL1": 1, "SI1": None}, email="chef@b.example")
        round_recompute(survey_round=survey_round)

    # 9001's invitation is unsent and 9003's sent but not started: what an outsider's POST
    # must not send or remind.
    silent = MunicipalityFactory(code="9003", name="Testkommun C")
    ContactFactory(municipality=ours, email="chef@a.example")
    ContactFactory(municipality=silent)
    invitations_create(survey_round=current)
    Invitation.objects.filter(municipality=silent).update(sent_at=timezone.now())
    invitation = Invitation.objects.get(round=current, municipality=ours)
    return {
        "users": {"anonymous": None, "charlie": charlie, "bob": bob, "alice": alice},
        "refs": {
            "token": invitation_token(invitation),
            "invitation_pk": invitation.pk,
            "bob_uid": urlsafe_base64_encode(force_bytes(bob.pk)),
            "questionnaire_pk": current.questionnaire_id,
        },
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The API's anonymous throttle counts in the cache."""
    cache.clear()


def resolved(values: dict, refs: dict) -> dict:
    """The values with "{placeholders}" filled in from the world's refs."""
    return {k: v.format(**refs) if isinstance(v, str) else v for k, v in values.items()}


def url_of(row: Row, refs: dict) -> str:
    if row.path:
        return row.path
    url = reverse(row.key, kwargs=resolved(row.kwargs, refs))
    assert resolve(url).url_name == row.key
    return url


def client_for(world: dict, viewer: str) -> Client:
    client = Client()
    user = world["users"][viewer]
    if user is not None:
        client.force_login(user)
    return client


def assert_answer(response, code: str, url: str) -> None:
    if code == "login":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url, safe='/')}"
    elif code.startswith("302:"):
        assert response.status_code == 302
        assert response["Location"] == code.removeprefix("302:")
    else:
        assert response.status_code == int(code), response.content[:500]


def fingerprint() -> dict:
    """Everything an outsider's POST could change."""
    models = [
        SurveyRound,
        Invitation,
        Response,
        Answer,
        AnswerChange,
        Contact,
        Membership,
        Municipality,
        Snapshot,
        Publication,
        get_user_model(),
    ]
    state = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    return state | {"mail": len(mail.outbox)}


GET_CASES = [
    pytest.param(row, viewer, id=f"{row.id}-{viewer}") for row in MATRIX for viewer in VIEWERS
]
REFUSED = {"login", "403", "404"}
POST_CASES = [
    pytest.param(row, viewer, id=f"{row.id}-{viewer}")
    for row in MATRIX
    if row.post is not None
    for viewer, code in row.codes().items()
    if code in REFUSED
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "viewer"), GET_CASES)
def test_get(world, settings, row: Row, viewer: str):
    settings.REDIS_URL = ""  # healthz: no broker to ask, as in development
    url = url_of(row, world["refs"])

    response = client_for(world, viewer).get(url)

    assert_answer(response, row.codes()[viewer], url)


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "viewer"), POST_CASES)
def test_post_is_refused_and_changes_nothing(world, row: Row, viewer: str):
    url = url_of(row, world["refs"])
    client = client_for(world, viewer)  # signing in sets last_login: before the fingerprint
    before = fingerprint()

    response = client.post(url, resolved(row.post, world["refs"]))

    assert_answer(response, row.codes()[viewer], url)
    assert fingerprint() == before
