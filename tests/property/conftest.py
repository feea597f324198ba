"""Property-based tests: hostile input never gets a server error, always a message a Swedish
user can read, and changes nothing when it is refused.

The profile is deterministic (derandomize, no example database), so a run is the same on
every machine; max_examples keeps the whole package well under a minute.
"""

import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

settings.register_profile(
    "property",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=25,
    print_blob=False,
    # No explain phase: it reruns a failing example hundreds of times through the views.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.load_profile("property")
# Hypothesis caches what it learns of the code and of Unicode even with no example
# database: out of the work tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "emognad-hypothesis")


@pytest.fixture
def each_example(db) -> Callable[[], AbstractContextManager[None]]:
    """`with each_example():` around one example's requests: a savepoint rolled back at the
    end, an empty cache (throttles count there), and Swedish active again afterwards (the
    language middleware leaves a visitor's choice active in the thread), so no example sees
    another's writes or language."""

    @contextmanager
    def example() -> Iterator[None]:
        cache.clear()
        with translation.override(django_settings.LANGUAGE_CODE), transaction.atomic():
            yield
            transaction.set_rollback(True)

    return example
