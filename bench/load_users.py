"""Virtual respondents for the load scenario: each one a browser of its own (cookie jar,
connections) that follows the invitation link, says who answers, answers every cornerstone
page and saves it as the page's autosave does, reviews and submits.

Every request is timed by step. A user stops at the first error, as a person whose page
broke would, and the error is counted by kind.
"""

import asyncio
import contextlib
import random
import re
import ssl
import time
from dataclasses import dataclass, field
from html import unescape

import httpx

from surveys.models import AnswerState

DONT_KNOW_SHARE = 0.1
INPUT = re.compile(r"<input\b([^>]*)>")
TEXTAREA = re.compile(r'<textarea\b[^>]*\bname="([^"]+)"')
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass(frozen=True)
class UserPlan:
    municipality: str
    token: str
    year: int
    pages: int  # cornerstones in the questionnaire
    seed: int


@dataclass(frozen=True)
class Pace:
    """How a user moves: the window in which everyone starts, the moment between steps, and
    the time spent answering a cornerstone page's questions before it is saved."""

    start_window: float
    think: tuple[float, float]
    answer: tuple[float, float]
    request_timeout: float


@dataclass
class Sample:
    step: str
    at: float  # when the request was sent (time.perf_counter)
    ms: float
    error: str = ""


@dataclass
class UserResult:
    municipality: str
    samples: list[Sample] = field(default_factory=list)
    sent: dict[str, str] = field(default_factory=dict)  # indicator code -> state sent
    confirmed: set[str] = field(default_factory=set)  # codes of a save answered saved: true
    submitted: bool = False

    @property
    def unfinished(self) -> bool:
        """Still busy when the scenario's time ran out."""
        return not self.submitted and not any(sample.error for sample in self.samples)


class StepError(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class FormFields:
    """The named inputs of a page: what a browser's FormData would carry. Read with regular
    expressions, not an HTML parser, which would cost this machine's CPU more than the
    site's answer to the request does."""

    def __init__(self, html: str) -> None:
        self.values: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self.textareas = TEXTAREA.findall(html)
        for tag in INPUT.findall(html):
            attributes = dict(ATTRIBUTE.findall(tag))
            name, value = attributes.get("name"), unescape(attributes.get("value", ""))
            if name and attributes.get("type") == "radio":
                self.choices.setdefault(name, []).append(value)
            elif name:
                self.values[name] = value


async def users_run(
    *, base_url: str, plans: list[UserPlan], pace: Pace, deadline: float
) -> list[UserResult]:
    """Every user's journey at once; whoever is still busy at the deadline is stopped."""
    tls = ssl.create_default_context()  # plain HTTP on loopback; one context, not one per user
    results = [UserResult(plan.municipality) for plan in plans]
    tasks = [
        asyncio.create_task(_user(base_url, plan, pace, tls, result))
        for plan, result in zip(plans, results, strict=True)
    ]
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.result()  # a bug in the scenario itself stops the run
    return results


async def _user(
    base_url: str, plan: UserPlan, pace: Pace, tls: ssl.SSLContext, result: UserResult
) -> None:
    rng = random.Random(f"{plan.seed}:{plan.municipality}")
    await asyncio.sleep(rng.uniform(0, pace.start_window))
    timeout = httpx.Timeout(pace.request_timeout)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout, verify=tls) as client:
        with contextlib.suppress(StepError):  # recorded; the user stops there
            await _journey(_Session(client, rng, pace, result), plan)


@dataclass
class _Session:
    client: httpx.AsyncClient
    rng: random.Random
    pace: Pace
    result: UserResult

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.pace.think))

    async def answer(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.pace.answer))

    async def request(self, step: str, method: str, url: str, expect: int, **kwargs):
        start = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            self._record(step, start, "timeout")
        except httpx.HTTPError as error:
            self._record(step, start, f"connection ({type(error).__name__})")
        else:
            error = "" if response.status_code == expect else f"status {response.status_code}"
            self._record(step, start, error)
            return response

    def _record(self, step: str, start: float, error: str) -> None:
        ms = (time.perf_counter() - start) * 1000
        self.result.samples.append(Sample(step, start, ms, error))
        if error:
            raise StepError(error)

    def fail(self, kind: str) -> None:
        self.result.samples[-1].error = kind
        raise StepError(kind)


async def _journey(session: _Session, plan: UserPlan) -> None:
    home = f"/svar/{plan.year}/{plan.municipality}/"
    response = await session.request("open link", "GET", f"/inbjudan/{plan.token}/", 302)
    _expect_redirect(session, response, home)
    page = await session.request("start page", "GET", home, 200)
    await session.think()
    data = _start_form(FormFields(page.text), plan)
    response = await session.request("start", "POST", home, 302, data=data)
    _expect_redirect(session, response, f"{home}hornsten/1/")
    for number in range(1, plan.pages + 1):
        await _cornerstone(session, f"{home}hornsten/{number}/", number)
    page = await session.request("review", "GET", f"{home}granska/", 200)
    await session.think()
    token = FormFields(page.text).values.get("csrfmiddlewaretoken", "")
    response = await session.request(
        "submit", "POST", f"{home}skicka-in/", 302, data={"csrfmiddlewaretoken": token}
    )
    _expect_redirect(session, response, f"{home}inskickat/")
    await session.request("done", "GET", f"{home}inskickat/", 200)
    session.result.submitted = True


def _start_form(fields: FormFields, plan: UserPlan) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": fields.values.get("csrfmiddlewaretoken", ""),
        "name": f"Kommunchef {plan.municipality}",
        "email": f"kommunchef.{plan.municipality}@example.se",
        "role": "kommunchef",
    }


async def _cornerstone(session: _Session, url: str, number: int) -> None:
    """Answer every question on the page and save it as the page's autosave does."""
    page = await session.request(f"page {number}", "GET", url, 200)
    fields = FormFields(page.text)
    data, answers = _answers(fields, session.rng)
    await session.answer()
    response = await session.request(
        f"save {number}",
        "POST",
        url,
        200,
        data=data,
        headers={"X-Requested-With": "fetch", "Accept": "application/json"},
    )
    session.result.sent |= answers
    if _json(response).get("saved") is not True:
        session.fail("saved: false")
    session.result.confirmed |= set(answers)
    await session.think()


def _answers(fields: FormFields, rng: random.Random) -> tuple[dict, dict[str, str]]:
    """The form as the browser sends it, with a level (or "vet ej") chosen on every question."""
    data = dict(fields.values)
    data |= {name: "" for name in fields.textareas}
    answers = {}
    for name, options in fields.choices.items():
        if not name.endswith("-state"):
            continue
        levels = [option for option in options if option != AnswerState.DONT_KNOW]
        state = AnswerState.DONT_KNOW if rng.random() < DONT_KNOW_SHARE else rng.choice(levels)
        data[name] = answers[name.removesuffix("-state")] = str(state)
    return data, answers


def _json(response: httpx.Response) -> dict:
    try:
        return response.json()
    except ValueError:
        return {}


def _expect_redirect(session: _Session, response: httpx.Response, location: str) -> None:
    target = response.headers.get("location", "")
    if target != location:
        session.fail(f"redirect to {target or 'nowhere'}")
