"""`manage.py bench_service`: seed a big bank in a throw-away database and time the desk.

The command runs each database in a worker process (this command with --worker and the
bench settings), so the whole stack — views, selectors, audit writes — talks to the
benchmark database and nothing touches the configured one.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from argparse import SUPPRESS, ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from xinfa.core.arguments import whole_number

TARGET_P95_MS = 100.0
RESULT_MARK = "BENCH_RESULT "
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/xinfa_bench"


class Command(BaseCommand):
    help = "Benchmark customer search, customer 360 and interaction list on a large bank."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--customers", type=whole_number(1, 10_000_000), default=100_000)
        parser.add_argument("--messages", type=whole_number(1, 100_000_000), default=1_000_000)
        parser.add_argument("--requests", type=whole_number(1, 1_000_000), default=200)
        parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
        parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
        parser.add_argument("--json", dest="json_path", default="", help="Also write results here.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark databases to inspect them."
        )
        parser.add_argument("--worker", action="store_true", help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["worker"]:
            self._work(options)
            return
        databases = (
            ("sqlite", "postgres") if options["database"] == "both" else (options["database"],)
        )
        results = []
        for database in databases:
            result = self._run_database(database, options)
            if result is not None:
                results.append(result)
                self.stdout.write(format_table(result))
        if options["json_path"]:
            Path(options["json_path"]).write_text(json.dumps(results, ensure_ascii=False, indent=2))

    def _run_database(self, database: str, options: dict[str, Any]) -> dict[str, Any] | None:
        if database == "postgres":
            from xinfa.demo.bench.postgres import create_database, drop_database, unreachable_reason

            reason = unreachable_reason(options["postgres_url"])
            if reason:
                self.stdout.write(f"postgres: skipped, {reason}")
                return None
            create_database(options["postgres_url"])
            try:
                return self._spawn(options["postgres_url"], database, options)
            finally:
                if options["keep"]:
                    self.stdout.write(f"postgres: kept {options['postgres_url']}")
                else:
                    drop_database(options["postgres_url"])
        folder = tempfile.mkdtemp(prefix="xinfa-bench-")
        target = str(Path(folder) / "bench.sqlite3")
        try:
            return self._spawn(target, database, options)
        finally:
            if options["keep"]:
                self.stdout.write(f"sqlite: kept {target}")
            else:
                shutil.rmtree(folder, ignore_errors=True)

    def _spawn(self, target: str, database: str, options: dict[str, Any]) -> dict[str, Any]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "xinfa.demo.bench.settings",
            "XINFA_BENCH_DATABASE": target,
        }
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench_service",
            "--worker",
            f"--customers={options['customers']}",
            f"--messages={options['messages']}",
            f"--requests={options['requests']}",
        ]
        self.stdout.write(
            f"{database}: seeding {options['customers']:,} customers and "
            f"{options['messages']:,} messages…"
        )
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if done.returncode != 0 or not lines:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise CommandError(f"{database} benchmark failed: " + " | ".join(tail))
        result = json.loads(lines[-1][len(RESULT_MARK) :])
        result["database"] = database
        return result

    def _work(self, options: dict[str, Any]) -> None:
        from django.db import connection

        from xinfa.demo.bench.measure import measure
        from xinfa.demo.bench.seeding import seed_bench

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.monotonic()
        data = seed_bench(customers=options["customers"], messages=options["messages"])
        seeded = time.monotonic()
        timings = measure(teller_id=data.teller_id, requests=options["requests"])
        result = {
            "vendor": connection.vendor,
            "customers": data.customers,
            "interactions": data.interactions,
            "messages": data.messages,
            "migrate_s": round(migrated - started, 1),
            "seed_s": round(seeded - migrated, 1),
            "measure_s": round(time.monotonic() - seeded, 1),
            "timings": [timing.to_dict() for timing in timings],
        }
        self.stdout.write(RESULT_MARK + json.dumps(result, ensure_ascii=False))


def format_table(result: dict[str, Any]) -> str:
    """Return one database's figures as a Markdown table."""
    lines = [
        "",
        f"### {result['database']}: {result['customers']:,} customers, "
        f"{result['interactions']:,} interactions, {result['messages']:,} messages "
        f"(seeded in {result['seed_s']} s)",
        "",
        "| query | requests | p50 ms | p95 ms | max ms | p95 < 100 ms |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for timing in result["timings"]:
        verdict = "yes" if timing["p95_ms"] < TARGET_P95_MS else "**MISS**"
        lines.append(
            f"| {timing['name']} | {timing['requests']} | {timing['p50_ms']:.1f} | "
            f"{timing['p95_ms']:.1f} | {timing['max_ms']:.1f} | {verdict} |"
        )
    return "\n".join(lines)
