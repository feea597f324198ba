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
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

settings.register_profile(
    "property",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=30,
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
    end, and an empty cache (throttles count there), so no example sees another's writes."""

    @contextmanager
    def example() -> Iterator[None]:
        cache.clear()
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    return example
