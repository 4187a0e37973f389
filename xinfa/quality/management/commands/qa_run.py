"""qa_run: inspect every closed conversation with a rubric and print the score figures."""

import time
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from xinfa.analysis.engine.pipeline import PipelineError
from xinfa.core.arguments import whole_number
from xinfa.core.exceptions import DomainError
from xinfa.quality.selectors import score_distribution
from xinfa.quality.services import inspection_batch_run, inspection_run_start


class Command(BaseCommand):
    help = "Inspect closed conversations not yet inspected with the rubric's active version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rubric", default="default", help="rubric slug (default: default)")
        parser.add_argument(
            "--resume",
            action="store_true",
            help="continue the last unfinished run of this rubric version",
        )
        parser.add_argument(
            "--limit",
            type=whole_number(1, 100_000_000),
            default=None,
            help="stop after N conversations",
        )
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = inspection_run_start(rubric_slug=options["rubric"], resume=options["resume"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        remaining = max(0, run.total - run.done)
        if options["limit"] is not None:
            remaining = min(remaining, options["limit"])
        done_before = run.done
        started = time.perf_counter()
        # The raw stream: the wrapper would end each of tqdm's redraws with a newline.
        # Its stub only knows `_out` through `__getattr__`, as a callable.
        stream = cast(TextIO, self.stderr._out)
        with tqdm(total=remaining, unit="conv", disable=options["no_progress"], file=stream) as bar:
            try:
                run = inspection_batch_run(
                    run_id=run.pk, progress=bar.update, limit=options["limit"]
                )
            except PipelineError as exc:
                raise CommandError(f"the analysis pipeline cannot be built: {exc}") from exc
        elapsed = time.perf_counter() - started
        self._report(run, elapsed, handled=run.done - done_before)

    def _report(self, run: Any, elapsed: float, *, handled: int) -> None:
        version = run.rubric_version
        figures = score_distribution(rubric_version_id=version.pk)
        rate = handled / elapsed if elapsed > 0 else 0.0
        write = self.stdout.write
        write(
            f"rubric {version.rubric.slug} v{version.version}: run {run.pk} {run.status}, "
            f"{handled} inspected now ({rate:.1f}/s), {run.done} in this run"
        )
        write(
            f"inspections: {figures['total']}, passed {figures['passed']}, "
            f"with critical failures {figures['critical']}, mean score {figures['mean']}"
        )
        write("score distribution:")
        total = figures["total"] or 1
        for name, count in figures["buckets"].items():
            write(f"  {name:>6}  {count:>7}  {'#' * round(40 * count / total)}")
        write("most failed rules:")
        for rule_id, count in figures["most_failed"]:
            write(f"  {rule_id:<28} {count:>7}  ({100 * count / total:.1f}%)")
