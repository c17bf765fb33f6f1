"""Saved models load back only when they are ours and unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from adapters.model_store import load_model, metadata_path, save_model
from matcher.errors import ConfigurationError
from matcher.scoring.learned import SuccessModel, learn_success_model

COLUMNS = ("a", "b")


X = np.random.default_rng(0).normal(size=(400, 2))


@pytest.fixture
def model() -> SuccessModel:
    y = np.random.default_rng(1).uniform(size=400) < 1 / (1 + np.exp(-3 * X[:, 0]))
    rule = np.full(400, 0.5) + 0.01 * X[:, 1]  # a rule score that knows nothing
    result = learn_success_model(
        X, y, rule, feature_columns=COLUMNS, signs=(1, 1), prior=(0.5, 0.5),
        groups={"alle": np.full(400, "x")},
    )  # fmt: skip
    assert result.model is not None
    return result.model


@pytest.fixture
def saved(tmp_path: Path, model: SuccessModel) -> Path:
    return save_model(model, tmp_path / "models" / "m.joblib")


def test_round_trip_gives_same_predictions(saved: Path, model: SuccessModel) -> None:
    loaded = load_model(saved, feature_columns=COLUMNS)
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert loaded.n_outcomes == 400


def test_changed_model_file_is_refused(saved: Path) -> None:
    saved.write_bytes(saved.read_bytes() + b"x")
    with pytest.raises(ConfigurationError, match="veranderd"):
        load_model(saved, feature_columns=COLUMNS)


def test_other_feature_columns_are_refused(saved: Path) -> None:
    with pytest.raises(ConfigurationError, match="kenmerken"):
        load_model(saved, feature_columns=("a", "c"))


def test_file_without_our_metadata_is_refused(saved: Path) -> None:
    metadata_path(saved).write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ConfigurationError):
        load_model(saved, feature_columns=COLUMNS)


def test_missing_metadata_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loose.joblib"
    path.write_bytes(b"not a model")
    with pytest.raises(ConfigurationError):
        load_model(path, feature_columns=COLUMNS)
