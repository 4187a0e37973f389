"""Argument types for management commands: a bad number is an argparse error (exit 2) that
names the accepted range, never a traceback or a silently nonsensical run."""

import argparse
import math
from collections.abc import Callable


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type accepting whole numbers from `low` to `high`."""

    def parse(value: str) -> int:
        text = value.strip()
        number = int(text) if text.lstrip("-").isdigit() and text.isascii() else None
        if number is None or not low <= number <= high:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low:,} to {high:,}, got {value!r}"
            )
        return number

    return parse


def real_number(low: float, high: float) -> Callable[[str], float]:
    """An argparse type accepting finite numbers from `low` to `high` (no nan or inf)."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not low <= number <= high:  # False for nan
            message = f"must be a number from {low} to {high}, got {value!r}"
            raise argparse.ArgumentTypeError(message)
        return number

    return parse
