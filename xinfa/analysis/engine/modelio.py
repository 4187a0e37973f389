"""Safe model files: one `.npz` holding numeric arrays plus a JSON metadata entry.

No pickle anywhere: files are written with `np.savez_compressed` and read with
`np.load(allow_pickle=False)`, so loading a model file can never run code. Object
arrays are refused on save. Metadata (labels, hyper-parameters, featurizer config,
training summary) is stored as UTF-8 JSON bytes under the reserved key `__meta__`.

Usage::

    save_model(path, meta={"kind": "emotion", "classes": [...]}, arrays={"coef": coef})
    meta, arrays = load_model(path, kind="emotion")
"""

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from xinfa.analysis.engine.datasets import DatasetError

META_KEY = "__meta__"
FORMAT_VERSION = 1


class ModelFileError(DatasetError):
    """A model file is missing, unreadable, of the wrong kind or of an unknown format.

    A DatasetError (hence ValueError), so the CLI reports it in one line with exit 2.
    """


def save_model(path: Path, *, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> Path:
    """Write metadata and numeric arrays to one compressed `.npz` file atomically.

    Args:
        path: target file; `.npz` is appended if missing.
        meta: JSON-serialisable metadata; should contain "kind" (e.g. "emotion").
        arrays: name -> numeric numpy array (no object dtype).

    Raises:
        ModelFileError: an array has object dtype, or a name is reserved.
    """
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    payload: dict[str, np.ndarray] = {}
    for name, array in arrays.items():
        array = np.asarray(array)
        if name == META_KEY:
            raise ModelFileError(f"array name {META_KEY!r} is reserved")
        if array.dtype == object:
            raise ModelFileError(f"array {name!r} has object dtype; only numeric arrays are saved")
        payload[name] = array
    header = {"format_version": FORMAT_VERSION, **meta}
    payload[META_KEY] = np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a crash never leaves half a model.
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez_compressed(stream, allow_pickle=False, **payload)
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; model files are shared read-only data
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def load_model(
    path: Path, *, kind: str | None = None
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Read a file written by `save_model`.

    Args:
        path: the `.npz` file.
        kind: if given, the metadata "kind" must equal it.

    Returns:
        (metadata, arrays) with every array fully loaded into memory.

    Raises:
        ModelFileError: missing or unreadable file, wrong kind, unknown format version.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: model file not found")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: not a readable model file ({exc})") from exc
    raw_meta = arrays.pop(META_KEY, None)
    if raw_meta is None:
        raise ModelFileError(f"{path}: no metadata; not written by xinfa")
    try:
        meta = json.loads(raw_meta.tobytes().decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: corrupt metadata") from exc
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{path}: unknown model format {meta.get('format_version')!r}")
    if kind is not None and meta.get("kind") != kind:
        raise ModelFileError(f"{path}: holds a {meta.get('kind')!r} model, expected {kind!r}")
    return meta, arrays
