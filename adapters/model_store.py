"""Save and load the learned success model with metadata; only files we wrote ourselves load.

A model file is a pickle (joblib) and unpickling runs code, so it is only loaded when the
metadata file beside it was written by :func:`save_model`, names the same library versions and
feature columns, and carries the SHA-256 of the model file. Anything else is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn

from adapters import clock
from matcher import Evaluation, SuccessModel
from matcher.errors import ConfigurationError

FORMAT = "passende-plek/success-model/2"  # 2: the term model (weights of the handbook terms)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def metadata_path(model_path: Path) -> Path:
    """Where the metadata of a model file lives."""
    return model_path.with_suffix(model_path.suffix + ".json")


def save_model(
    model: SuccessModel,
    path: Path,
    *,
    evaluation: Evaluation | None = None,
    sources: list[dict[str, Any]] | None = None,
) -> Path:
    """Write the model and its metadata atomically; returns the model path. ``sources`` says
    how many outcomes came from where and from which period (kept with a proposal)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    joblib.dump(model, tmp)
    os.replace(tmp, path)
    meta: dict[str, Any] = {
        "format": FORMAT,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "feature_columns": list(model.feature_columns),
        "n_outcomes": model.n_outcomes,
        "kind": model.kind,
        "weights": dict(zip(model.feature_columns, model.weights, strict=True)),
        "prior": dict(zip(model.feature_columns, model.prior, strict=True)),
        "trained_at": clock.now().isoformat(timespec="seconds"),
        "sha256": _sha256(path),
        "evaluation": None if evaluation is None else asdict(evaluation),
        "sources": sources or [],
    }
    meta_file = metadata_path(path)
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def read_metadata(path: Path) -> dict[str, Any]:
    """The metadata of a saved model, or a ConfigurationError when it is missing or not ours."""
    meta_file = metadata_path(path)
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"Geen geldige modelgegevens bij {path}.") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ConfigurationError(f"{path} is geen model van Passende Plek.")
    return meta


def load_model(path: Path, *, feature_columns: tuple[str, ...]) -> SuccessModel:
    """Load a model written by :func:`save_model`, after checking versions, features and hash."""
    meta = read_metadata(path)
    if meta["sklearn_version"] != sklearn.__version__:
        raise ConfigurationError(
            f"Het model is gemaakt met scikit-learn {meta['sklearn_version']}, "
            f"hier staat {sklearn.__version__}. Train het model opnieuw."
        )
    if tuple(meta["feature_columns"]) != feature_columns:
        raise ConfigurationError(
            "Het model past niet bij deze versie van de kenmerken. Train opnieuw."
        )
    if not path.is_file() or _sha256(path) != meta["sha256"]:
        raise ConfigurationError(f"Het modelbestand {path} is veranderd sinds het is opgeslagen.")
    model = joblib.load(path)
    if not isinstance(model, SuccessModel):
        raise ConfigurationError(f"{path} bevat geen succesmodel.")
    return model


def versions_folder(model_path: Path) -> Path:
    """Where every proposed model is kept by its hash, so a rollback can load an older one."""
    return model_path.parent / "versions"


def archive_model(model_path: Path) -> tuple[str, Path]:
    """Copy a saved model and its metadata to the versions folder; returns (sha256, path)."""
    meta = read_metadata(model_path)
    if not model_path.is_file() or _sha256(model_path) != meta["sha256"]:
        raise ConfigurationError(
            f"Het modelbestand {model_path} is veranderd sinds het is opgeslagen."
        )
    sha = str(meta["sha256"])
    target = versions_folder(model_path) / f"{sha}.joblib"
    target.parent.mkdir(parents=True, exist_ok=True)
    for source, dest in ((model_path, target), (metadata_path(model_path), metadata_path(target))):
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        os.close(fd)
        Path(tmp).write_bytes(source.read_bytes())
        os.replace(tmp, dest)
    return sha, target


def load_version(
    model_path: Path, sha256: str, *, feature_columns: tuple[str, ...]
) -> SuccessModel:
    """Load the archived model with this hash (checked like :func:`load_model`)."""
    path = versions_folder(model_path) / f"{sha256}.joblib"
    if read_metadata(path)["sha256"] != sha256:
        raise ConfigurationError(f"Het bewaarde model {path} hoort niet bij deze versie.")
    return load_model(path, feature_columns=feature_columns)
