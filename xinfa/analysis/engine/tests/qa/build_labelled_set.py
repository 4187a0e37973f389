"""Build the labelled QA set `xinfa/analysis/tests/data/qa_conversations.jsonl`.

Each hand-written fragment below carries the features a human inspector reads in it
(tags); conversations are composed from them (seeded, so the file is reproducible) and each
rule's expected outcome is derived from those tags by `expected_outcomes`, which restates
the rubric's intent independently of the engine. The engine never labels its own test set.

Tags: G greeting, F farewell, I self-introduction, P polite forms, FB forbidden phrase,
NC negative / commanding phrase, J unexplained jargon, R restating to confirm, OQ open
question, CQ closed question, N needs-mining question, E empathy, D risk disclosure,
GR guaranteed-return promise, PII full card / ID number, NS clear next step, X proactive
extra help; customer tags U upset, UR unresolved; W (any speaker) a wealth product comes up.

Rows have `"source": "composed"` (built from the fragments), `"handwritten"` (free
phrasing, `handwritten.py`; the rubric's keyword fallbacks were tuned on these) or
`"holdout"` (free phrasing written after the rubric was frozen, never tuned on); report
them apart, the last is the honest measure.

Run: `.venv/bin/python -m xinfa.analysis.engine.tests.qa.build_labelled_set`
"""

import json
import random
from pathlib import Path
from typing import Any

from xinfa.analysis.engine.components.pii.rules import id18_check_digit, luhn_check_digit
from xinfa.analysis.engine.tests.qa.fragments import (
    ACK_PLAIN,
    AGENT_UNRESOLVED,
    BOT_OPENING,
    CLOSED_Q,
    CUSTOMER_ANSWER,
    CUSTOMER_OK,
    CUSTOMER_THANKS,
    CUSTOMER_UNRESOLVED,
    DISCLOSE,
    EMPATHY,
    FAREWELL_PLAIN,
    FAREWELL_POLITE,
    FORBIDDEN,
    GREET_NO_QUESTION,
    GREET_PLAIN,
    GREET_POLITE,
    GUARANTEE,
    INTRO,
    NEEDS,
    NEG_CMD,
    NEXT_STEP,
    NO_FAREWELL,
    NO_GREET,
    NO_NEXT_STEP,
    POLITE_ADD,
    PROACTIVE,
    RESTATE,
    RESTATE_TAGS,
    TOPICS,
    Frag,
)
from xinfa.analysis.engine.tests.qa.handwritten import HANDWRITTEN
from xinfa.analysis.engine.tests.qa.holdout import HOLDOUT

OUT = Path(__file__).resolve().parents[3] / "tests" / "data" / "qa_conversations.jsonl"
REMOTE = ("phone", "chat", "app", "video", "email", "social")
CHANNELS = ("counter", "lobby", "phone", "chat", "app", "video", "email", "social", "phone")


def tags(fragment: Frag) -> set[str]:
    return {tag for tag in fragment[1].split(",") if tag}


AGENT_TAGS = ("G", "F", "I", "P", "FB", "NC", "J", "R", "OQ", "CQ", "N", "E", "D", "GR", "PII",
              "NS", "X")  # fmt: skip
LAPSES = ("greeting", "farewell", "intro", "impolite", "forbidden", "negcmd", "jargon",
          "restate", "questions", "needs", "empathy", "disclosure", "guarantee", "pii",
          "next_step")  # fmt: skip
QUALITY = {"excellent": 0.03, "average": 0.18, "poor": 0.5}


def card_number(rng: random.Random) -> str:
    payload = "622202" + "".join(rng.choice("0123456789") for _ in range(9))
    return payload + luhn_check_digit(payload)


def id_number(rng: random.Random) -> str:
    first = f"110105{rng.randint(1950, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first += f"{rng.randint(0, 999):03d}"
    return first + id18_check_digit(first)


class Builder:
    """Compose one conversation turn by turn, keeping each turn's human tags."""

    def __init__(self) -> None:
        self.turns: list[dict[str, Any]] = []

    def add(self, speaker: str, parts: list[Frag]) -> None:
        text = "".join(part[0] for part in parts)
        found: set[str] = set()
        for part in parts:
            found |= tags(part)
        if text:
            self.turns.append({"speaker": speaker, "text": text, "tags": sorted(found)})


def _opening(b: Builder, rng: random.Random, lapse: dict[str, bool], remote: bool) -> None:
    if lapse["greeting"]:
        greet = rng.choice(NO_GREET)
    elif lapse["questions"]:
        greet = rng.choice(GREET_NO_QUESTION)
    else:
        greet = rng.choice(GREET_PLAIN if lapse["impolite"] else GREET_POLITE)
    parts = [greet]
    if remote and not lapse["intro"]:
        parts = [rng.choice(INTRO), greet] if rng.random() < 0.5 else [greet, rng.choice(INTRO)]
    b.add("agent", parts)


def _polite(rng: random.Random, lapse: dict[str, bool]) -> list[Frag]:
    return [] if lapse["impolite"] or rng.random() < 0.5 else [rng.choice(POLITE_ADD)]


def _body(b: Builder, rng: random.Random, topic: dict[str, Any], plan: dict[str, Any]) -> None:
    lapse = plan["lapse"]
    parts: list[Frag] = []
    if plan["upset"] and not lapse["empathy"]:
        parts.append(rng.choice(EMPATHY))
    if lapse["restate"]:
        parts.append(rng.choice(ACK_PLAIN))
    else:
        parts.append((rng.choice(RESTATE).format(goal=topic["goal"]), RESTATE_TAGS))
    b.add("agent", _polite(rng, lapse) + parts)
    b.add("customer", [(rng.choice(topic["detail"]), "W" if topic.get("wealth") else "")])
    needs = rng.sample(NEEDS, plan["needs"])
    first = [needs[0]] if needs else []
    closed = [] if lapse["questions"] else [rng.choice(CLOSED_Q)]
    if first or closed:
        b.add("agent", first + closed)
        b.add("customer", [(rng.choice(CUSTOMER_ANSWER), "")])
    parts = [(rng.choice(topic["explain"]), "W" if topic.get("wealth") else "")]
    if lapse["forbidden"]:
        parts.append(rng.choice(FORBIDDEN))
    if lapse["negcmd"]:
        parts.append(rng.choice(NEG_CMD))
    if plan["elderly"] and lapse["jargon"]:
        parts.append((topic["jargon"][0], "J"))
    elif rng.random() < 0.4:
        parts.append((topic["jargon"][1], "") if rng.random() < 0.6 else (topic["jargon"][0], "J"))
    if lapse["pii"]:
        number = card_number(rng) if rng.random() < 0.6 else id_number(rng)
        parts.append((f"我这边登记的号码是{number}，", "PII"))
    b.add("agent", _polite(rng, lapse) + parts)
    b.add("customer", [(rng.choice(CUSTOMER_OK), "")])
    if topic.get("wealth"):
        _wealth(b, rng, lapse)
    if len(needs) > 1:
        b.add("agent", [needs[1]])
        b.add("customer", [(rng.choice(CUSTOMER_ANSWER), "")])


def _wealth(b: Builder, rng: random.Random, lapse: dict[str, bool]) -> None:
    parts: list[Frag] = [("这款产品期限和起购金额刚才已经说了，", "W")]
    if not lapse["disclosure"]:
        pool = [d for d in DISCLOSE if "P" not in tags(d)] if lapse["impolite"] else DISCLOSE
        parts.append(rng.choice(pool))
    if lapse["guarantee"]:
        parts.append(rng.choice(GUARANTEE))
    b.add("agent", parts)
    b.add("customer", [("那我考虑一下这款产品。", "W")])


def _closing(b: Builder, rng: random.Random, plan: dict[str, Any]) -> None:
    lapse = plan["lapse"]
    if plan["unresolved"]:
        if rng.random() < 0.5:
            b.add("customer", [rng.choice(CUSTOMER_UNRESOLVED)])
            head: list[Frag] = []
        else:
            head = [rng.choice(AGENT_UNRESOLVED)]
        step = rng.choice(NO_NEXT_STEP if lapse["next_step"] else NEXT_STEP)
        b.add("agent", [*head, step])
        b.add("customer", [(rng.choice(CUSTOMER_OK), "")])
    if plan["late_empathy"]:
        b.add("agent", [("刚才的事情很抱歉，", "E"), ("现在都处理好了。", "")])
        b.add("customer", [(rng.choice(CUSTOMER_OK), "")])
    parts: list[Frag] = []
    if plan["proactive"]:
        parts.append(rng.choice(PROACTIVE))
    if lapse["farewell"]:
        parts.append(rng.choice(NO_FAREWELL))
    else:
        parts.append(rng.choice(FAREWELL_PLAIN if lapse["impolite"] else FAREWELL_POLITE))
    b.add("agent", parts)
    if rng.random() < 0.5:
        b.add("customer", [(rng.choice(CUSTOMER_THANKS), "")])


def make_plan(rng: random.Random, topic_name: str) -> dict[str, Any]:
    quality = rng.choices(list(QUALITY), weights=(3, 5, 3))[0]
    rate = QUALITY[quality]
    lapse = {name: rng.random() < rate for name in LAPSES}
    # Compliance lapses are rarer in real conversations; keep them in, but fewer.
    for name in ("pii", "forbidden"):
        lapse[name] = lapse[name] and rng.random() < 0.6
    # Wealth talks are where mis-selling happens: sample those lapses more often.
    lapse["disclosure"] = rng.random() < max(rate, 0.25)
    lapse["guarantee"] = rng.random() < max(rate, 0.2)
    upset = rng.random() < 0.35
    needs = {"excellent": 2, "average": rng.choice((1, 2)), "poor": rng.choice((0, 1))}[quality]
    return {
        "quality": quality,
        "lapse": lapse,
        "upset": upset,
        "late_empathy": upset and lapse["empathy"] and rng.random() < 0.5,
        "elderly": topic_name == "pension" or rng.random() < 0.25,
        "unresolved": rng.random() < 0.3,
        "needs": 0 if lapse["needs"] else needs,
        "proactive": rng.random() < (0.5 if quality == "excellent" else 0.2),
    }


def build_conversation(rng: random.Random, number: int) -> dict[str, Any]:
    weights = [3 if TOPICS[name].get("wealth") else 1 for name in TOPICS]
    topic_name = rng.choices(list(TOPICS), weights=weights)[0]
    topic = TOPICS[topic_name]
    plan = make_plan(rng, topic_name)
    channel = "counter" if topic_name == "pension" and rng.random() < 0.7 else rng.choice(CHANNELS)
    b = Builder()
    need = rng.choice(topic["upset"] if plan["upset"] else topic["need"])
    need_tags = ",".join(
        tag for tag, on in (("U", plan["upset"]), ("W", topic.get("wealth"))) if on
    )
    opener = rng.random()
    if channel == "app" and opener < 0.4:
        b.add("bot", [(BOT_OPENING, "")])
        b.add("customer", [(need, need_tags)])
        _opening(b, rng, plan["lapse"], remote=True)
    elif channel in ("chat", "app", "social") and opener < 0.7:
        b.add("customer", [(need, need_tags)])
        _opening(b, rng, plan["lapse"], remote=True)
    else:
        _opening(b, rng, plan["lapse"], remote=channel in REMOTE)
        b.add("customer", [(need, need_tags)])
    _body(b, rng, topic, plan)
    _closing(b, rng, plan)
    customer: dict[str, Any] = {"is_elderly": plan["elderly"]}
    if rng.random() < 0.2:
        customer["vip_tier"] = rng.choice(("gold", "platinum"))
    return {
        "id": f"qa{number:04d}",
        "source": "composed",
        "channel": channel,
        "customer": customer,
        "topic": topic_name,
        "quality": plan["quality"],
        "turns": b.turns,
        "expected": expected_outcomes(b.turns, channel=channel, is_elderly=plan["elderly"]),
    }


def _agent_with(turns: list[dict[str, Any]], tag: str) -> list[int]:
    return [i for i, t in enumerate(turns) if t["speaker"] == "agent" and tag in t["tags"]]


def _outcome(ok: bool) -> str:
    return "pass" if ok else "fail"


def _empathy(turns: list[dict[str, Any]]) -> str:
    upset = [i for i, t in enumerate(turns) if t["speaker"] == "customer" and "U" in t["tags"]]
    if not upset:
        return "not_applicable"
    for start in upset:
        agent_after = [i for i in range(start + 1, len(turns)) if turns[i]["speaker"] == "agent"]
        if any("E" in turns[i]["tags"] for i in agent_after[:2]):
            return "pass"
    return "fail"


def expected_outcomes(turns: list[dict[str, Any]], *, channel: str, is_elderly: bool) -> dict:
    """Each default-rubric rule's outcome, from the human tags (the rubric's intent)."""
    n = len(turns)
    has = {tag: _agent_with(turns, tag) for tag in AGENT_TAGS}
    wealth = any("W" in t["tags"] or "GR" in t["tags"] for t in turns)
    unresolved = any("UR" in t["tags"] for t in turns)
    return {
        "greeting": _outcome(any(i < 3 for i in has["G"])),
        "farewell": _outcome(any(i >= n - 3 for i in has["F"])),
        "self_introduction": _outcome(any(i < 4 for i in has["I"]))
        if channel in REMOTE
        else "not_applicable",
        "politeness": _outcome(len(has["P"]) >= 2),
        "no_forbidden_phrases": _outcome(not has["FB"]),
        "no_negative_commanding": _outcome(not has["NC"]),
        "plain_language_elderly": _outcome(not has["J"]) if is_elderly else "not_applicable",
        "restating": _outcome(bool(has["R"])),
        "questioning": _outcome(bool(has["OQ"]) and bool(has["CQ"])),
        "needs_mining": _outcome(len(has["N"]) >= 2),
        "empathy_first": _empathy(turns),
        "risk_disclosure": _outcome(bool(has["D"])) if wealth else "not_applicable",
        "no_guaranteed_return": _outcome(not has["GR"]) if wealth else "not_applicable",
        "no_full_pii": _outcome(not has["PII"]),
        "next_step": _outcome(bool(has["NS"])) if unresolved else "not_applicable",
        "proactive_help": "bonus" if has["X"] else "not_applicable",
    }


def handwritten_rows(
    conversations: list[Any] = HANDWRITTEN, source: str = "handwritten", prefix: str = "hw"
) -> list[dict[str, Any]]:
    rows = []
    for number, (channel, customer, lines) in enumerate(conversations, start=1):
        turns = [{"speaker": s, "text": t, "tags": sorted(tags((t, g)))} for s, t, g in lines]
        rows.append({
            "id": f"{prefix}{number:03d}", "source": source, "channel": channel,
            "customer": customer, "turns": turns,
            "expected": expected_outcomes(turns, channel=channel,
                                          is_elderly=bool(customer.get("is_elderly"))),
        })  # fmt: skip
    return rows


def main(count: int = 240, seed: int = 20261123) -> None:
    rng = random.Random(seed)
    rows = [build_conversation(rng, number) for number in range(1, count + 1)]
    rows += handwritten_rows()
    rows += handwritten_rows(HOLDOUT, "holdout", "ho")
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} conversations to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
