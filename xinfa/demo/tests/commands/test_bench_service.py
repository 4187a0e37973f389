import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xinfa.demo.management.commands.bench_service import format_table

QUERIES = [
    "search: name fragment",
    "search: masked phone",
    "search: customer number",
    "customer 360",
    "page: search by name",
    "page: customer 360",
    "interaction list",
]


def test_bench_service_seeds_and_times_every_query_on_sqlite(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"

    call_command(
        "bench_service",
        "--customers=200",
        "--messages=2000",
        "--requests=5",
        "--database=sqlite",
        f"--json={report}",
        verbosity=0,
    )

    (result,) = json.loads(report.read_text())
    assert result["database"] == "sqlite"
    assert result["vendor"] == "sqlite"
    assert (result["customers"], result["interactions"], result["messages"]) == (200, 200, 2000)
    timings = {timing["name"]: timing for timing in result["timings"]}
    assert list(timings) == QUERIES
    assert all(timing["requests"] == 5 for timing in timings.values())
    assert all(
        0 < timing["p50_ms"] <= timing["p95_ms"] <= timing["max_ms"] for timing in timings.values()
    )
    # A full customer number is unique: the search finds exactly that customer.
    assert timings["search: customer number"]["results_example"] == 1
    assert timings["search: masked phone"]["results_example"] >= 1


def test_bench_service_rejects_zero_customers() -> None:
    with pytest.raises(CommandError, match="customers"):
        call_command("bench_service", "--customers=0", "--database=sqlite", verbosity=0)


def test_bench_service_skips_an_unreachable_postgres(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "bench_service",
        "--database=postgres",
        "--postgres-url=postgres://postgres@127.0.0.1:1/x",
        "--customers=10",
        "--messages=10",
    )

    assert "postgres: skipped, cannot connect to 127.0.0.1:1" in capsys.readouterr().out


def test_format_table_marks_a_missed_target() -> None:
    table = format_table(
        {
            "database": "sqlite",
            "customers": 100000,
            "interactions": 100000,
            "messages": 1000000,
            "seed_s": 40.0,
            "timings": [
                {
                    "name": "customer 360",
                    "requests": 200,
                    "p50_ms": 12.0,
                    "p95_ms": 20.5,
                    "max_ms": 31.0,
                },
                {
                    "name": "search: name fragment",
                    "requests": 200,
                    "p50_ms": 90.0,
                    "p95_ms": 130.0,
                    "max_ms": 150.0,
                },
            ],
        }
    )

    assert (
        "### sqlite: 100,000 customers, 100,000 interactions, 1,000,000 messages (seeded in 40.0 s)"
        in table
    )
    assert "| customer 360 | 200 | 12.0 | 20.5 | 31.0 | yes |" in table
    assert "| search: name fragment | 200 | 90.0 | 130.0 | 150.0 | **MISS** |" in table
