"""Text normalisation: Traditional → Simplified, full → half width, whitespace, emoticons.

The OpenCC C++ binding (`opencc` on PyPI, ~15 M chars/s) is used when installed; the pure
Python `opencc-python-reimplemented` exposes the same `OpenCC("t2s").convert` API and is
accepted as a slower fallback. Both ship their dictionaries, so nothing is fetched at run time.
"""

import re
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from xinfa.analysis.engine.datasets import LONE_SURROGATE_RE
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.registry import component

# Zero-width and invisible format characters that only get in the way of matching.
_ZERO_WIDTH = "\u200b\u200c\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad"
_ZWJ = "\u200d"

# Full-width ASCII block U+FF01..U+FF5E maps onto U+0021..U+007E; the ideographic space
# becomes an ordinary space.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20

_EMOJI_CORE = (
    "\U0001f000-\U0001faff"  # pictographs, emoticons, transport, supplemental symbols
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats
    "\u2b00-\u2bff"  # arrows and stars (⭐)
    "\u2300-\u23ff"  # technical (⌛ ⏰)
)
_EMOJI_MODIFIERS = "\ufe0f\ufe0e\U0001f3fb-\U0001f3ff\u20e3"
_EMOJI_SEQUENCE = (
    f"[{_EMOJI_CORE}][{_EMOJI_MODIFIERS}]*(?:{_ZWJ}[{_EMOJI_CORE}][{_EMOJI_MODIFIERS}]*)*"
)
# One pass keeps emoji sequences (their ZWJ glue included) and drops stray zero-width chars.
_CLEAN_RE = re.compile(f"({_EMOJI_SEQUENCE})|[{_ZERO_WIDTH}{_ZWJ}]")
_SPACE_RE = re.compile(r"\s+")
_MODIFIER_RE = re.compile(f"[{_EMOJI_MODIFIERS}]")
_SIGNAL_RE = re.compile(f"\\[[\u4e00-\u9fffA-Za-z]{{1,5}}\\]|{_EMOJI_SEQUENCE}")

# Bracketed placeholders chat clients insert that are not emoticons.
_NOT_EMOTICONS = frozenset({"[图片]", "[语音]", "[视频]", "[文件]", "[附件]", "[链接]", "[位置]"})
_PLACEHOLDER_RE = re.compile("|".join(re.escape(item) for item in sorted(_NOT_EMOTICONS)))

# Emotion hint (the engine's emotion codes) of common Weibo emoticons and emoji.
EMOTICON_HINTS: dict[str, str] = {
    **dict.fromkeys(
        [
            "[怒]",
            "[怒骂]",
            "[抓狂]",
            "[哼]",
            "[鄙视]",
            "[左哼哼]",
            "[右哼哼]",
            "[生气]",
            "[白眼]",
            "[发怒]",
            "[吐]",
            "[闭嘴]",
            "[囧]",
        ],
        "angry",
    ),
    **dict.fromkeys(
        [
            "[哈哈]",
            "[嘻嘻]",
            "[笑哈哈]",
            "[偷笑]",
            "[爱你]",
            "[心]",
            "[赞]",
            "[good]",
            "[耶]",
            "[鼓掌]",
            "[太开心]",
            "[可爱]",
            "[微笑]",
            "[呲牙]",
            "[愉快]",
            "[憨笑]",
            "[酷]",
            "[威武]",
            "[给力]",
            "[笑cry]",
            "[doge]",
            "[握手]",
            "[ok]",
            "[OK]",
        ],
        "happy",
    ),
    **dict.fromkeys(
        [
            "[泪]",
            "[悲伤]",
            "[伤心]",
            "[失望]",
            "[委屈]",
            "[可怜]",
            "[流泪]",
            "[大哭]",
            "[难过]",
            "[衰]",
            "[泪流满面]",
            "[心碎]",
            "[蜡烛]",
        ],
        "sad",
    ),
    **dict.fromkeys(["[吃惊]", "[惊讶]", "[惊恐]", "[震惊]", "[疑问]", "[晕]"], "surprise"),
    **dict.fromkeys(["[害怕]", "[汗]", "[紧张]", "[担心]", "[纠结]", "[生病]"], "fear"),
    **dict.fromkeys(["😡", "😠", "🤬", "👎", "💢", "😤", "🖕"], "angry"),
    **dict.fromkeys(
        [
            "😀",
            "😁",
            "😂",
            "🤣",
            "😃",
            "😄",
            "😊",
            "☺️",
            "😍",
            "🥰",
            "👍",
            "🙏",
            "❤️",
            "💕",
            "🎉",
            "👏",
            "😆",
            "😘",
            "🌹",
        ],
        "happy",
    ),
    **dict.fromkeys(["😢", "😭", "😞", "😔", "💔", "🥺", "😿", "😓"], "sad"),
    **dict.fromkeys(["😮", "😲", "😯", "🤯", "😳", "❓", "❗"], "surprise"),
    **dict.fromkeys(["😨", "😰", "😱", "😟", "😥", "😬"], "fear"),
}


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


_converter: _Converter | None = None
_converter_lock = threading.Lock()


def _t2s() -> _Converter:
    """Build the OpenCC Traditional → Simplified converter once per process."""
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


@dataclass(frozen=True)
class Signal:
    """An emoji or bracketed emoticon found in the normalised text."""

    kind: str  # "emoji" | "emoticon"
    text: str
    start: int
    end: int
    hint: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "hint": self.hint,
        }


# OpenCC's t2s keeps 著 (a valid simplified character, 著名); as the particle / in 着急 it is 着.
_ZHE_RE = re.compile("著(?=急|呢|了|点|想|凉|火|迷)|(?<=[等忙拿看听坐站跟接说笑哭急])著")


def normalize_text(text: str) -> str:
    """Return the normalised form of one text (simplified, half-width, tidy whitespace)."""
    if not text:
        return ""
    cleaned = _CLEAN_RE.sub(lambda match: match.group(1) or "", text)
    cleaned = cleaned.translate(_WIDTH_TABLE)
    if not cleaned.isascii():
        # Half a UTF-16 pair (from a JSON escape) cannot be encoded for OpenCC: mark it.
        cleaned = LONE_SURROGATE_RE.sub("\ufffd", cleaned)
        cleaned = _t2s().convert(cleaned)
        if "著" in cleaned:
            cleaned = _ZHE_RE.sub("着", cleaned)
    return _SPACE_RE.sub(" ", cleaned).strip()


def without_placeholders(norm_text: str) -> str:
    """The text less the attachment placeholders a chat inserts ([图片], [语音]...)."""
    return _PLACEHOLDER_RE.sub("", norm_text) if "[" in norm_text else norm_text


def find_signals(norm_text: str) -> list[Signal]:
    """List emoji and Weibo-style emoticons (`[怒]`) in an already normalised text."""
    signals: list[Signal] = []
    if norm_text.isascii() and "[" not in norm_text:
        return signals
    for match in _SIGNAL_RE.finditer(norm_text):
        found = match.group()
        if found.startswith("["):
            if found in _NOT_EMOTICONS:
                continue
            kind = "emoticon"
            hint = EMOTICON_HINTS.get(found)
        else:
            kind = "emoji"
            hint = EMOTICON_HINTS.get(found) or EMOTICON_HINTS.get(_MODIFIER_RE.sub("", found))
        signals.append(Signal(kind, found, match.start(), match.end(), hint))
    return signals


@component("normalize.zh", version=1, assigns=("norm_text", "signals"))
class ChineseNormalizer:
    """Normalise Chinese text and list the emoji / emoticons it carries."""

    def __call__(self, doc: Doc) -> Doc:
        """Write `norm_text` and `signals` for one doc.

        Raises:
            Nothing: any string, empty or 100 kB, gets a defined result.
        """
        norm = normalize_text(doc.text or "")
        doc.annotations["norm_text"] = norm
        doc.annotations["signals"] = find_signals(norm)
        return doc

    def pipe(self, docs: list[Doc]) -> list[Doc]:
        """Normalise a batch (the same work as `__call__`, without per-call overhead)."""
        for doc in docs:
            norm = normalize_text(doc.text or "")
            doc.annotations["norm_text"] = norm
            doc.annotations["signals"] = find_signals(norm)
        return docs
