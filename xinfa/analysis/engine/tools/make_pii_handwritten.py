"""Build `analysis/tests/data/pii_handwritten.jsonl` from the hand-written sentences.

    .venv/bin/python -m xinfa.analysis.engine.tools.make_pii_handwritten

The sentences in `pii_handwritten.txt` are written by hand; only the ID and card numbers
are filled by code (fixed seed) so that their check digits are right.
"""

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

from xinfa.analysis.engine.tools import pii_values as values

SOURCE = Path(__file__).with_name("pii_handwritten.txt")
OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "pii_handwritten.jsonl"
SEED = 150
_MARK_RE = re.compile(r"⟦(\w+)\|([^⟧]+)⟧|\{(\w+)(?::(\w+))?\}")


def _id_with_x(rng: random.Random) -> str:
    while not (number := values.id18(rng)).endswith("X"):
        pass
    return number[:-1] + "x"


def _grouped(number: str, separator: str) -> str:
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


_FILLERS: dict[str, Callable[[random.Random], str]] = {
    "id": values.id18,
    "id:spaced": lambda rng: (n := values.id18(rng))[:6] + " " + n[6:14] + " " + n[14:],
    "id:fw": lambda rng: values.to_fullwidth(values.id18(rng)),
    "id:x": _id_with_x,
    "id15": values.id15,
    "card16": lambda rng: values.card(rng, 16),
    "card19": lambda rng: values.card(rng, 19),
    "card:space": lambda rng: _grouped(values.card(rng, 16), " "),
    "card:dash": lambda rng: _grouped(values.card(rng, 16), "-"),
    "card19:space": lambda rng: _grouped(values.card(rng, 19), " "),
    "card:fw": lambda rng: values.to_fullwidth(values.card(rng, 16)),
    "mobile:344": lambda rng: (n := values.mobile(rng))[:3] + " " + n[3:7] + " " + n[7:],
    "bad_id": values.bad_id,
    "bad_card": values.bad_card,
    "card_ref": lambda rng: values.card(rng, 16),
}
_TYPES = {"id": "id_number", "id15": "id_number", "card16": "bank_card",
          "card19": "bank_card", "card": "bank_card", "mobile": "mobile"}  # fmt: skip


def fill(line: str, rng: random.Random) -> dict[str, object]:
    """Replace the marks of one line, recording entity offsets."""
    text = ""
    entities = []
    cursor = 0
    for match in _MARK_RE.finditer(line):
        text += line[cursor : match.start()]
        if match.group(1):
            kind, value = match.group(1), match.group(2)
        else:
            slot = match.group(3) + (f":{match.group(4)}" if match.group(4) else "")
            value = _FILLERS[slot](rng)
            kind = _TYPES.get(match.group(3))
        if kind is not None:
            entities.append({"type": kind, "start": len(text), "end": len(text) + len(value)})
        text += value
        cursor = match.end()
    text += line[cursor:]
    return {"text": text, "entities": entities}


def main() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible test data, not secrets)
    lines = [
        line
        for line in SOURCE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with OUT.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(fill(line, rng), ensure_ascii=False) + "\n")
    print(f"wrote {len(lines)} records to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
