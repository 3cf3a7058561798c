"""Saved mappings on disk: one JSON (or TOML) file per preset in the presets folder."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict
from pathlib import Path

from arlib.intake.presets import Preset
from arlib.intake.reading import LoadError


def read_preset(path: Path) -> Preset:
    """A preset from its JSON or TOML file."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        return Preset(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise LoadError(f"{path.name}: not a readable mapping preset ({exc})") from exc


def save_preset(preset: Preset, folder: Path) -> Path:
    """Write a preset as `<folder>/<name>.json` and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", preset.name.lower()).strip("-") or "mapping"
    path = folder / f"{slug}.json"
    path.write_text(json.dumps(asdict(preset), indent=2) + "\n", encoding="utf-8")
    return path


def saved_presets(folder: Path) -> list[Preset]:
    """Every readable preset in a folder (unreadable files are skipped)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")) + sorted(folder.glob("*.toml")):
        try:
            found.append(read_preset(path))
        except LoadError:
            continue
    return found
