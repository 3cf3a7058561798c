"""Saved mappings on disk: one JSON (or TOML) file per preset in the presets folder."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, replace
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


class PresetExists(LoadError):
    """A preset is saved under a name a saved preset already holds (case, spacing and
    punctuation ignored: both would be written to one file)."""

    def __init__(self, name: str, existing: Preset, path: Path):
        self.existing, self.path = existing, path
        super().__init__(f"a mapping named '{existing.name}' is already saved ({path.name}); "
                         f"'{name}' would replace it: replace it, or choose another name")


def save_preset(preset: Preset, folder: Path, *, replace_existing: bool = False) -> Path:
    """Write a preset as `<folder>/<name>.json` and return the path; PresetExists when a
    saved preset holds the same name unless `replace_existing` (it is then removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_slug(preset.name)}.json"
    other = find_preset(folder, preset.name)
    if other is None and path.exists():  # an unreadable file under that name
        raise LoadError(f"{path.name} in {folder} is not a readable mapping; move or delete "
                        "it, or choose another name")
    if other is not None and not replace_existing:
        raise PresetExists(preset.name, other[1], other[0])
    path.write_text(json.dumps(asdict(preset), indent=2) + "\n", encoding="utf-8")
    if other is not None and other[0] != path:  # a TOML preset of that name is replaced
        other[0].unlink()
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


def preset_files(folder: Path) -> list[tuple[Path, Preset]]:
    """Every readable preset in a folder with its file, by name (unreadable files skipped)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")) + sorted(folder.glob("*.toml")):
        try:
            found.append((path, read_preset(path)))
        except LoadError:
            continue
    return sorted(found, key=lambda pair: pair[1].name.lower())


def find_preset(folder: Path, name: str) -> tuple[Path, Preset] | None:
    """The preset of a folder named `name` (case and spacing ignored), or whose file stem is
    `name`; None when there is none."""
    wanted = _slug(name)
    for path, preset in preset_files(folder):
        if _slug(preset.name) == wanted or path.stem.lower() == name.strip().lower():
            return path, preset
    return None


def _slug(name: str) -> str:
    """A preset name as a file stem: lower case, runs of other characters as one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "mapping"


def _named(folder: Path, name: str) -> tuple[Path, Preset]:
    """The preset named `name`, or LoadError naming the folder's presets."""
    found = find_preset(folder, name)
    if found is None:
        names = ", ".join(f"'{p.name}'" for _, p in preset_files(folder)) or "none"
        raise LoadError(f"no saved mapping named '{name}' in {folder} (saved: {names})")
    return found


def rename_preset(folder: Path, name: str, new_name: str) -> Path:
    """Rename a saved preset (its file follows the new name); the path of the new file."""
    new_name = new_name.strip()
    if not new_name:
        raise LoadError("a mapping needs a name")
    path, preset = _named(folder, name)
    other = find_preset(folder, new_name)
    if other is not None and other[0] != path:
        raise LoadError(f"a mapping named '{other[1].name}' already exists in {folder}: "
                        "choose another name or delete that one first")
    written = save_preset(replace(preset, name=new_name), folder, replace_existing=True)
    if written != path and path.exists():
        path.unlink()
    return written


def update_preset(folder: Path, name: str, **changes: object) -> Path:
    """Save a preset with some fields changed (date_order, columns...), checked as any
    preset is; the name is changed by `rename_preset`."""
    path, preset = _named(folder, name)
    edited = replace(preset, **changes)  # __post_init__ checks the new fields
    written = save_preset(edited, folder, replace_existing=True)
    if written != path and path.exists():  # a TOML preset is written back as JSON
        path.unlink()
    return written


def delete_preset(folder: Path, name: str) -> Path:
    """Delete a saved preset's file; the path deleted."""
    path, _ = _named(folder, name)
    path.unlink()
    return path
