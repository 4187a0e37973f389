"""Benchmark inspection and coaching on one core.

`python -m xinfa.analysis.engine.qa.bench [--conversations N]` prints:
- inspected conversations/s for 20-turn conversations with the default rubric, pipeline
  annotations precomputed (stored results), and including the pipeline;
- coaching latency per customer turn (p50 / p99), the latest turn analysed live and the
  earlier ones already annotated, as in a live chat.
Conversations come from the labelled set, cut or repeated to 20 turns.
"""

import argparse
import copy
import os
import statistics
import time
from pathlib import Path

from xinfa.analysis.engine.qa.coaching import coach_turn
from xinfa.analysis.engine.qa.conversation import Conversation, Turn, default_pipeline
from xinfa.analysis.engine.qa.evaluation import annotate_all, read_labelled, to_conversation
from xinfa.analysis.engine.qa.inspect import inspect_conversation
from xinfa.analysis.engine.qa.rubrics import default_rubric

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "data" / "qa_conversations.jsonl"
TURNS = 20


def _twenty_turns(conversation: Conversation) -> Conversation:
    turns = list(conversation.turns)
    while len(turns) < TURNS:
        turns += conversation.turns
    return Conversation(turns[:TURNS], conversation.channel, dict(conversation.customer))


def _plain(conversation: Conversation) -> Conversation:
    turns = [Turn(turn.speaker, turn.text) for turn in conversation.turns]
    return Conversation(turns, conversation.channel, dict(conversation.customer))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=500)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    rubric = default_rubric()
    pipeline = default_pipeline()
    rows = read_labelled(LABELLED)
    base = [_twenty_turns(to_conversation(row)) for row in rows]
    sample = [copy.deepcopy(base[i % len(base)]) for i in range(args.conversations)]
    annotate_all(sample, pipeline)
    inspect_conversation(rubric, sample[0])
    started = time.perf_counter()
    for conversation in sample:
        inspect_conversation(rubric, conversation)
    annotated = len(sample) / (time.perf_counter() - started)
    raw = [_plain(c) for c in sample[: max(50, args.conversations // 5)]]
    started = time.perf_counter()
    annotate_all(raw, pipeline)
    for conversation in raw:
        inspect_conversation(rubric, conversation)
    with_pipeline = len(raw) / (time.perf_counter() - started)
    latencies = []
    for conversation in sample[:200]:
        for end, turn in enumerate(conversation.turns):
            if turn.speaker != "customer":
                continue
            turns = [*conversation.turns[:end], Turn(turn.speaker, turn.text)]
            live = Conversation(turns, conversation.channel, conversation.customer)
            started = time.perf_counter()
            coach_turn(live, pipeline=pipeline)
            latencies.append((time.perf_counter() - started) * 1000)
    print(f"pipeline: {', '.join(pipeline.names)}")  # noqa: T201
    print(f"inspect, annotations precomputed: {annotated:,.0f} conversations/s "  # noqa: T201
          f"({TURNS} turns, {len(rubric.rules)} rules)")  # fmt: skip
    print(f"inspect, including the pipeline: {with_pipeline:,.0f} conversations/s")  # noqa: T201
    p50, p99 = statistics.median(latencies), _percentile(latencies, 0.99)
    print(f"coach_turn latency over {len(latencies)} customer turns: "  # noqa: T201
          f"p50 {p50:.2f} ms, p99 {p99:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
