"""`xinfa bench`: turn-pipeline speed on one core, beside SnowNLP and cnsenti.

Measures model load time and peak RSS, batch throughput (turns/s), one-at-a-time
latency (p50/p99 ms), a per-component time breakdown, and the peers' throughput and
accuracy on the same realistic customer turns (sampled from the shared dev splits).
"""

import os

# One core: BLAS thread pools read these when numpy is first imported.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from xinfa.analysis.engine.datasets import DatasetError, load_text_dataset, read_jsonl  # noqa: E402
from xinfa.analysis.engine.defaults import available_turn_pipeline  # noqa: E402
from xinfa.analysis.engine.doc import Doc  # noqa: E402
from xinfa.analysis.engine.evaluation import classification_metrics  # noqa: E402
from xinfa.analysis.engine.pipeline import (  # noqa: E402
    DEFAULT_MODEL_DIR,
    Pipeline,
    _instantiate,
    build_pipeline,
)
from xinfa.analysis.engine.registry import component_spec  # noqa: E402

DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
SHARED_DATA = Path("/work/shared/data")
TURN_SOURCES = ("waimai_10k", "chinese_conversation_sentiment", "smp2020_ewect_usual")
PEER_TEXTS = 300
# cnsenti's seven DUTIR categories mapped to our six emotions.
CNSENTI_MAP = {"好": "happy", "乐": "happy", "哀": "sad", "怒": "angry", "恶": "angry"}
CNSENTI_MAP |= {"惧": "fear", "惊": "surprise"}


def _data_dir() -> Path:
    return DATA_DIR if DATA_DIR.is_dir() else SHARED_DATA


def sample_turns(count: int, seed: int = 0) -> list[str]:
    """Sample realistic customer turns from the dev splits (ECD customer turns first).

    Raises:
        DatasetError: the shared data folder is missing.
    """
    root = _data_dir()
    pool: list[str] = []
    ecd = root / "ecd_ecommerce_dialogue_sample" / "dev.jsonl"
    if ecd.is_file():
        for record in read_jsonl(ecd):
            turns = record.get("turns")
            if isinstance(turns, list):
                pool += [t["text"] for t in turns if t.get("speaker") == "customer"]
    for name in TURN_SOURCES:
        path = root / name / "dev.csv"
        if path.is_file():
            pool += [text[:200] for text in load_text_dataset(path).texts]
    if not pool:
        raise DatasetError(f"{root}: no dev splits found to sample turns from")
    rng = random.Random(seed)  # noqa: S311  (a reproducible sample, not security)
    return [rng.choice(pool) for _ in range(count)]


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pin_one_core() -> tuple[str, set[int] | None]:
    """Pin this process to its first allowed CPU; return (description, previous set)."""
    try:
        previous = os.sched_getaffinity(0)
        first = min(previous)
        os.sched_setaffinity(0, {first})
    except (AttributeError, OSError):
        return "not pinned", None
    return f"cpu {first}", previous


def measure_pipeline(pipeline: Pipeline, texts: list[str]) -> dict[str, Any]:
    """Batch throughput, single-turn latency and per-component times.

    Wall-clock and CPU (thread) time are both reported: on a shared machine the CPU
    figures are what one free core would give.
    """
    pipeline.pipe([Doc(text=text) for text in texts[:64]])  # warm caches
    per_step = {step.spec.key: 0.0 for step in pipeline.steps}
    started, cpu_started = time.perf_counter(), time.thread_time()
    for start in range(0, len(texts), 256):
        batch = [Doc(text=text) for text in texts[start : start + 256]]
        for step in pipeline.steps:
            tick = time.thread_time()
            run = getattr(step.instance, "pipe", None)
            batch = list(run(batch)) if run else [step.instance(doc) for doc in batch]
            per_step[step.spec.key] += time.thread_time() - tick
    batch_seconds = time.perf_counter() - started
    batch_cpu = time.thread_time() - cpu_started
    wall, cpu = [], []
    for text in texts:
        tick, cpu_tick = time.perf_counter(), time.thread_time()
        pipeline(Doc(text=text))
        wall.append((time.perf_counter() - tick) * 1000)
        cpu.append((time.thread_time() - cpu_tick) * 1000)
    return {
        "turns": len(texts),
        "mean_chars_per_turn": round(sum(map(len, texts)) / len(texts), 1),
        "batch_turns_per_second": round(len(texts) / batch_seconds),
        "batch_turns_per_cpu_second": round(len(texts) / max(batch_cpu, 1e-9)),
        "single_p50_ms": round(_percentile(wall, 0.5), 3),
        "single_p99_ms": round(_percentile(wall, 0.99), 3),
        "single_cpu_p50_ms": round(_percentile(cpu, 0.5), 3),
        "single_cpu_p99_ms": round(_percentile(cpu, 0.99), 3),
        "batch_cpu_ms_per_1000_turns_by_component": {
            key: round(seconds * 1000 * 1000 / len(texts), 1) for key, seconds in per_step.items()
        },
    }


def _throughput(function: Callable[[str], Any], texts: Sequence[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        function(text)
    return round(len(texts) / max(time.perf_counter() - started, 1e-9))


def _cnsenti_label(counts: dict[str, Any]) -> str:
    scores: dict[str, float] = {}
    for key, label in CNSENTI_MAP.items():
        scores[label] = scores.get(label, 0) + float(counts.get(key, 0))
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else "neutral"


def _labelled_sample(name: str, seed: int = 1) -> tuple[list[str], list[str]]:
    path = _data_dir() / name / "dev.csv"
    if not path.is_file():
        return [], []
    dataset = load_text_dataset(path)
    rng = random.Random(seed)  # noqa: S311  (a reproducible sample, not security)
    pairs = rng.sample(list(zip(dataset.texts, dataset.labels, strict=True)), PEER_TEXTS)
    return [text for text, _ in pairs], [label for _, label in pairs]


def _ours(pipeline: Pipeline, texts: list[str], name: str) -> list[str] | None:
    docs = pipeline.pipe([Doc(text=text) for text in texts])
    if not docs or name not in docs[0].annotations:
        return None
    return [doc.annotations[name].label for doc in docs]


def measure_peers(pipeline: Pipeline, texts: list[str]) -> dict[str, Any]:
    """SnowNLP sentiment and cnsenti emotion: throughput, and accuracy on dev samples."""
    from cnsenti import Emotion
    from snownlp import SnowNLP

    emotion = Emotion()
    sample = texts[:PEER_TEXTS]
    emotion.emotion_count(sample[0])  # loads jieba + lexicon before timing
    result: dict[str, Any] = {
        "snownlp_sentiment_turns_per_second": _throughput(lambda t: SnowNLP(t).sentiments, sample),
        "cnsenti_emotion_turns_per_second": _throughput(emotion.emotion_count, sample),
    }
    senti_texts, senti_gold = _labelled_sample("chnsenticorp")
    if senti_texts:
        snow = ["positive" if SnowNLP(t).sentiments >= 0.5 else "negative" for t in senti_texts]
        result["chnsenticorp_dev_sample_accuracy"] = {
            "snownlp": round(classification_metrics(senti_gold, snow)[0], 4),
            "xinfa_shipped_model_trained_on_these_rows": _score(
                senti_gold, _ours(pipeline, senti_texts, "sentiment"), 0
            ),
        }
    emo_texts, emo_gold = _labelled_sample("smp2020_ewect_usual")
    if emo_texts:
        cns = [_cnsenti_label(emotion.emotion_count(t)) for t in emo_texts]
        result["smp2020_usual_dev_sample_macro_f1"] = {
            "cnsenti": round(classification_metrics(emo_gold, cns)[1], 4),
            "xinfa_shipped_model_trained_on_these_rows": _score(
                emo_gold, _ours(pipeline, emo_texts, "emotion"), 1
            ),
        }
    return result


def _score(gold: list[str], predicted: list[str] | None, which: int) -> float | None:
    if predicted is None:
        return None
    accuracy, macro_f1, _ = classification_metrics(gold, predicted)
    return round((accuracy, macro_f1)[which], 4)


def run_bench(*, texts: int = 2000, as_json: bool = False, peers: bool = True) -> dict[str, Any]:
    """Run the benchmark on one core and print the figures (text or JSON).

    Raises:
        DatasetError: the shared dev splits needed for sample turns are missing.
    """
    from threadpoolctl import threadpool_limits

    core, previous = _pin_one_core()
    try:
        with threadpool_limits(1):
            report = _bench(texts, peers)
    finally:
        if previous is not None:
            os.sched_setaffinity(0, previous)
    report = {"core": core, **report}
    _print(report, as_json)
    return report


def _bench(texts: int, peers: bool) -> dict[str, Any]:
    turns = sample_turns(max(texts, 1))
    rss_before = _rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    names = available_turn_pipeline()
    pipeline = build_pipeline(names)
    pipeline(Doc(text="您好，我想查询一下信用卡账单。"))  # lazy loads (jieba dictionary)
    report: dict[str, Any] = {
        "components": names,
        "load_seconds": round(time.perf_counter() - started, 3),
        "load_cpu_seconds": round(time.process_time() - cpu_started, 3),
        "peak_rss_mb_after_load": round(_rss_mb(), 1),
        "rss_mb_before_load": round(rss_before, 1),
    }
    report |= measure_pipeline(pipeline, turns)
    report["peak_rss_mb"] = round(_rss_mb(), 1)
    # After the peak is read: it loads every model a second time beside the first.
    report["load_cpu_seconds_by_component"] = _load_times(names)
    if peers:
        report["peers"] = measure_peers(pipeline, turns)
    return report


def _load_times(names: list[str]) -> dict[str, float]:
    """CPU seconds to build each component again (files are in the OS cache by now)."""
    times = {}
    for key in names:
        spec = component_spec(key)
        tick = time.process_time()
        _instantiate(spec, DEFAULT_MODEL_DIR)
        times[key] = round(time.process_time() - tick, 3)
    return times


def _print(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    lines = []
    for key, value in report.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {name}: {item}" for name, item in value.items()]
        else:
            lines.append(f"{key}: {value}")
    sys.stdout.write("\n".join(lines) + "\n")
