"""Time the service desk's read paths through the real HTTP API, signed in as a teller."""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.test import Client

from xinfa.accounts.models import User
from xinfa.customers.models import Customer
from xinfa.service.models import Interaction

WARM_UP = 5


@dataclass(frozen=True)
class Timing:
    """Latency of one query kind, in milliseconds."""

    name: str
    url_example: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    results_example: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class BenchClient:
    """A signed-in test client that fails loudly on any non-200 answer."""

    def __init__(self, teller: User) -> None:
        self.client = Client()
        self.client.force_login(teller)

    def get(self, url: str) -> tuple[float, int]:
        """Return (milliseconds, number of results or 1) for one GET.

        Raises:
            RuntimeError: the API answered something other than 200.
        """
        started = time.perf_counter()
        response = self.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(
                f"GET {url} answered {response.status_code}: {response.content[:300]!r}"
            )
        if not response["Content-Type"].startswith("application/json"):
            return elapsed, 1  # a rendered page
        body = response.json()
        return elapsed, body.get("count", 1) if isinstance(body, dict) else len(body)


def _time(client: BenchClient, name: str, urls: list[str]) -> Timing:
    for url in urls[:WARM_UP]:
        client.get(url)
    samples, counts = [], []
    for url in urls:
        elapsed, count = client.get(url)
        samples.append(elapsed)
        counts.append(count)
    return Timing(
        name=name,
        url_example=urls[0],
        requests=len(urls),
        p50_ms=round(statistics.median(samples), 2),
        p95_ms=round(_percentile(samples, 0.95), 2),
        max_ms=round(max(samples), 2),
        results_example=counts[0],
    )


def measure(*, teller_id: int, requests: int, seed: int = 2) -> list[Timing]:
    """Run `requests` GETs of each query kind and return their latencies.

    Raises:
        RuntimeError: an endpoint failed (the benchmark never hides errors).
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible sample of keys
    client = BenchClient(User.objects.get(pk=teller_id))
    total = Customer.objects.count()
    ids = [rng.randint(1, total) for _ in range(requests)]
    sample = {row.pk: row for row in Customer.objects.filter(pk__in=ids)}
    picked = [sample[pk] for pk in ids]
    # Customers looked up for their history are the ones that have some, busiest most often.
    with_history = list(
        Interaction.objects.values("customer_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("customer_id", flat=True)[:5000]
    )
    kinds: list[tuple[str, Callable[[Customer], str]]] = [
        ("search: name fragment", lambda c: _search(_fragment(rng, c.name))),
        ("search: masked phone", lambda c: _search(f"{c.phone[:3]}****{c.phone[-4:]}")),
        ("search: customer number", lambda c: _search(c.customer_number)),
        ("customer 360", lambda c: f"/api/v1/customers/{c.pk}/"),
        # What a teller's browser loads: the search page and the customer 360 page.
        (
            "page: search by name",
            lambda c: "/customers/?" + urlencode({"q": _fragment(rng, c.name)}),
        ),
        ("page: customer 360", lambda c: f"/customers/{c.pk}/"),
    ]
    timings = [_time(client, name, [make(c) for c in picked]) for name, make in kinds]
    history_urls = [
        f"/api/v1/interactions/?customer={rng.choice(with_history)}" for _ in range(requests)
    ]
    timings.append(_time(client, "interaction list", history_urls))
    return timings


def _search(query: str) -> str:
    return "/api/v1/customers/?" + urlencode({"q": query})


def _fragment(rng: random.Random, name: str) -> str:
    """Two characters of a real name: what staff type when they half-remember it."""
    start = rng.randrange(0, max(1, len(name) - 1))
    return name[start : start + 2]
