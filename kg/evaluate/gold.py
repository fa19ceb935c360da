"""Gold facts read from YAML files (/work/shared/gold/SCHEMA.md), one file per article."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from ..errors import KgError
from .match import nfc

__all__ = ["load_gold"]


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Read every *.yaml gold file in a folder, keyed by the article file name (`doc:`)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise KgError(f"gold directory not found: {gold_dir}")
    paths = sorted(p for p in gold_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    if not paths:
        raise KgError(f"no gold files (*.yaml) in {gold_dir}")
    gold: dict[str, dict] = {}
    for path in paths:
        doc = _read_gold_file(path)
        if doc["doc"] in gold:
            raise KgError(f"{path}: a second gold file for article {doc['doc']}")
        gold[doc["doc"]] = doc
    return gold


def _read_gold_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: invalid YAML{_yaml_where(exc)}") from exc
    if not isinstance(data, dict):
        raise KgError(f"{path}: expected a mapping with 'doc:' and fact lists")
    data = _normalise(data)
    data["doc"] = nfc(data.get("doc") or f"{path.stem}.txt").rsplit("/", 1)[-1]
    return data


def _yaml_where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or ""
    if mark is None:
        return f": {' '.join(str(exc).split())}"
    return f" at line {mark.line + 1}, column {mark.column + 1}: {problem}"


def _normalise(value: Any) -> Any:
    """Dates as ISO strings, strings in NFC, recursively."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value
