from pathlib import Path

import numpy as np
import pytest

from xinfa.analysis.engine.modelio import ModelFileError, load_model, save_model


def test_save_model_round_trips_meta_and_arrays(tmp_path: Path) -> None:
    path = save_model(
        tmp_path / "m", meta={"kind": "demo", "classes": ["a", "b"]}, arrays={"w": np.eye(2)}
    )

    meta, arrays = load_model(path, kind="demo")

    assert path.name == "m.npz"
    assert meta == {"format_version": 1, "kind": "demo", "classes": ["a", "b"]}
    assert arrays["w"].tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert list(tmp_path.iterdir()) == [path]


def test_save_model_refuses_object_arrays(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="object dtype"):
        save_model(tmp_path / "m.npz", meta={}, arrays={"w": np.array([{}], dtype=object)})


def test_load_model_rejects_wrong_kind_missing_and_foreign_files(tmp_path: Path) -> None:
    path = save_model(tmp_path / "m.npz", meta={"kind": "emotion"}, arrays={})
    with pytest.raises(ModelFileError, match="expected 'sentiment'"):
        load_model(path, kind="sentiment")
    with pytest.raises(ModelFileError, match="not found"):
        load_model(tmp_path / "none.npz")
    np.savez(tmp_path / "plain.npz", w=np.ones(2))
    with pytest.raises(ModelFileError, match="no metadata"):
        load_model(tmp_path / "plain.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="not a readable model file"):
        load_model(tmp_path / "junk.npz")
