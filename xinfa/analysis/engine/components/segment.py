"""Word segmentation with jieba and a banking user dictionary."""

import functools
import logging
import threading
from pathlib import Path

import jieba

from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.registry import component

BANKING_DICT = Path(__file__).resolve().parents[1] / "resources" / "banking_dict.txt"

_tokenizer: jieba.Tokenizer | None = None
_lock = threading.Lock()


def _load_tokenizer() -> jieba.Tokenizer:
    """Build the private jieba tokenizer once: main dictionary plus the banking terms."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                # jieba reports its dictionary loading at DEBUG/INFO on its own logger.
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                tokenizer.load_userdict(str(BANKING_DICT))
                _tokenizer = tokenizer
    return _tokenizer


# Chat turns repeat a lot ("好的", "谢谢"); short ones are cached, long ones are not.
_CACHED_LENGTH = 64


@functools.lru_cache(maxsize=32768)
def _tokenize_cached(text: str) -> tuple[str, ...]:
    return tuple(token for token in _load_tokenizer().lcut(text) if not token.isspace())


def tokenize(text: str) -> list[str]:
    """Segment one (normalised) text into words, dropping whitespace-only tokens."""
    if not text:
        return []
    if len(text) <= _CACHED_LENGTH:
        return list(_tokenize_cached(text))
    return [token for token in _load_tokenizer().lcut(text) if not token.isspace()]


@component("segment.jieba", version=1, requires=("norm_text",), assigns=("tokens",))
class JiebaSegmenter:
    """Segment the normalised text with jieba and the banking user dictionary."""

    def __call__(self, doc: Doc) -> Doc:
        """Write `tokens` for one doc.

        Raises:
            OSError: the banking dictionary file is missing (a broken install).
        """
        doc.annotations["tokens"] = tokenize(doc.norm_text)
        return doc

    def pipe(self, docs: list[Doc]) -> list[Doc]:
        """Segment a batch of docs."""
        for doc in docs:
            doc.annotations["tokens"] = tokenize(doc.norm_text)
        return docs
