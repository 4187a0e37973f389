"""Generate the PII evaluation set `analysis/tests/data/pii_generated.jsonl` (fixed seed).

    .venv/bin/python -m xinfa.analysis.engine.tools.make_pii_set [--seed 20240501] [--n 1600]

Each line is {"text", "entities": [{"type", "start", "end"}]}. Slots in the templates
below are filled with checksum-valid values in many surface formats; negative slots
hold hard negatives (amounts, dates, reference codes, IDs with a wrong check digit,
card-like numbers that fail Luhn) and add no entity.
"""

import argparse
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

from xinfa.analysis.engine.tools import pii_values as values

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "pii_generated.jsonl"
Rng = random.Random


def _fmt_id(rng: Rng) -> str:
    number = values.id18(rng) if rng.random() < 0.9 else values.id15(rng)
    style = rng.random()
    if len(number) == 18 and style < 0.15:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if number.endswith("X") and style < 0.5:
        number = number[:-1] + "x"
    return values.to_fullwidth(number) if style > 0.9 else number


def _fmt_card(rng: Rng) -> str:
    number = values.card(rng)
    style = rng.random()
    if style < 0.35 and len(number) in (16, 19):
        separator = " " if style < 0.25 else "-"
        number = separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    return values.to_fullwidth(number) if style > 0.9 else number


def _fmt_mobile(rng: Rng) -> str:
    number = values.mobile(rng)
    style = rng.random()
    if style < 0.15:
        number = f"{number[:3]} {number[3:7]} {number[7:]}"
    elif style < 0.25:
        number = f"{number[:3]}-{number[3:7]}-{number[7:]}"
    elif style < 0.35:
        number = rng.choice(("+86", "+86 ", "+86-", "0086", "(+86)")) + number
    return values.to_fullwidth(number) if style > 0.92 else number


def _fmt_landline(rng: Rng) -> str:
    area, local = values.landline(rng)
    style = rng.random()
    if style < 0.5:
        number = f"{area}-{local}"
    elif style < 0.65:
        number = f"({area}){local}"
    elif style < 0.8:
        number = f"{area} {local}"
    else:
        number = area + local
    if rng.random() < 0.2:
        number += rng.choice(("转", "-", "转", "分机")) + str(rng.randint(1, 9999))
    return values.to_fullwidth(number) if rng.random() < 0.05 else number


def _fmt_email(rng: Rng) -> str:
    address = values.email(rng)
    return values.to_fullwidth(address) if rng.random() < 0.05 else address


def _neg_amount(rng: Rng) -> str:
    amount = rng.randint(1, 9_999_999)
    return rng.choice(
        (f"¥{amount:,}.00", f"{amount}元", f"{amount:,}元", f"￥{amount}",
         f"{amount}.{rng.randint(10, 99)}元", f"人民币{amount:,}.00元",
         f"{rng.randint(1, 500)}万元", f"{amount}块")
    )  # fmt: skip


def _neg_date(rng: Rng) -> str:
    y, m, d = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    return rng.choice(
        (f"{y}-{m:02d}-{d:02d}", f"{y}{m:02d}{d:02d}", f"{y}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}",
         f"{y}.{m:02d}.{d:02d}", f"{m}月{d}号", f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}")
    )  # fmt: skip


def _neg_time(rng: Rng) -> str:
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice((f"{h:02d}:{mi:02d}", f"{h:02d}:{mi:02d}:{s:02d}", f"{h}点{mi}分"))


def _neg_reference(rng: Rng) -> str:
    day = f"{rng.randint(2019, 2026)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    tail = "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 14)))
    return rng.choice(
        (f"E{day}{tail}", f"{day}{tail}", f"DD{day}{tail[:6]}", f"TX{tail}{day}", f"{day}-{tail}",
         f"SN{values.mobile(rng)}", f"{values.mobile(rng)}{rng.randint(0, 9)}")
    )  # fmt: skip


def _neg_code(rng: Rng) -> str:
    return rng.choice(
        (str(rng.randint(100000, 999999)), str(rng.randint(1000, 9999)), "95588", "95533",
         "95599", "400-820-8820", "400 669 5566", "4008-200-588", "12345678", "0000")
    )  # fmt: skip


def _neg_bad_id(rng: Rng) -> str:
    return values.bad_id(rng)


def _neg_bad_card(rng: Rng) -> str:
    number = values.bad_card(rng)
    if rng.random() < 0.3:
        number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return number


SLOTS: dict[str, tuple[str | None, Callable[[Rng], str]]] = {
    "id": ("id_number", _fmt_id),
    "card": ("bank_card", _fmt_card),
    "mobile": ("mobile", _fmt_mobile),
    "landline": ("landline", _fmt_landline),
    "email": ("email", _fmt_email),
    "amount": (None, _neg_amount),
    "date": (None, _neg_date),
    "time": (None, _neg_time),
    "ref": (None, _neg_reference),
    "code": (None, _neg_code),
    "bad_id": (None, _neg_bad_id),
    "bad_card": (None, _neg_bad_card),
}
_SLOT_RE = re.compile(r"\{(\w+)\}")
TEMPLATE_FILE = Path(__file__).with_name("pii_templates.txt")


def render(template: str, rng: Rng) -> dict[str, object]:
    """Fill one template, tracking the offsets of every PII slot."""
    text = ""
    entities = []
    cursor = 0
    for match in _SLOT_RE.finditer(template):
        text += template[cursor : match.start()]
        kind, make = SLOTS[match.group(1)]
        value = make(rng)
        if kind is not None:
            entities.append({"type": kind, "start": len(text), "end": len(text) + len(value)})
        text += value
        cursor = match.end()
    text += template[cursor:]
    return {"text": text, "entities": entities}


def load_templates() -> list[str]:
    lines = TEMPLATE_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def generate(*, seed: int, count: int) -> list[dict[str, object]]:
    """Render `count` records, cycling through shuffled templates so each is used evenly."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    templates = load_templates()
    records: list[dict[str, object]] = []
    while len(records) < count:
        order = templates[:]
        rng.shuffle(order)
        records.extend(render(template, rng) for template in order)
    return records[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--n", type=int, default=1600)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    records = generate(seed=args.seed, count=args.n)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out}")  # noqa: T201


if __name__ == "__main__":
    main()
