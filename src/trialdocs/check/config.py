"""Gate configuration: ``[tool.trialdocs.check]`` in pyproject.toml, or trialdocs.toml.

Found by walking up from the checked file. CLI flags override it. Example::

    [tool.trialdocs.check]
    select = ["TD1", "TD2", "TD3", "TD4", "TD5", "TD6"]
    ignore = ["TD103"]
    min_words = 30
    lexicon = ["our-terms.yaml"]

    [tool.trialdocs.check.rules.TD101]
    max = 7

    [tool.trialdocs.check.sections.good_fit.rules.TD201]
    max = 15
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trialdocs.check.findings import Severity
from trialdocs.check.rules import RULES
from trialdocs.errors import UsageError
from trialdocs.lexicon import Lexicon, default_lexicon

DEFAULT_MIN_WORDS = 30


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["TD"])
    ignore: list[str] = field(default_factory=list)
    min_words: int = DEFAULT_MIN_WORDS
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    lexicon_files: list[Path] = field(default_factory=list)
    path: Path | None = None
    _memo: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    def enabled(self, code: str) -> bool:
        picked = any(code.startswith(p) for p in self.select)
        return picked and not any(code.startswith(p) for p in self.ignore)

    def settings(self, code: str, section: str | None = None) -> dict[str, Any]:
        key = ("settings", code, section)
        if key not in self._memo:
            self._memo[key] = self._settings(code, section)
        return self._memo[key]  # type: ignore[no-any-return]

    def _settings(self, code: str, section: str | None) -> dict[str, Any]:
        merged = dict(RULES[code].defaults)
        merged.update(self.rules.get(code, {}))
        if section is not None:
            merged.update(self.sections.get(section, {}).get("rules", {}).get(code, {}))
        return merged

    def severity(self, code: str, section: str | None = None) -> Severity | None:
        value = self.settings(code, section).get("severity")
        if value is None:
            return None
        try:
            return Severity(value)
        except ValueError:
            raise UsageError(f"{self.path}: severity of {code} must be 'error' or 'warning', not {value!r}") from None

    def lexicon(self) -> Lexicon:
        key = ("lexicon", tuple(self.lexicon_files))
        if key not in self._memo:
            lex = default_lexicon()
            for extra in self.lexicon_files:
                lex = lex.extended(extra)
            self._memo[key] = lex
        return self._memo[key]  # type: ignore[no-any-return]


def find_config(start: Path) -> Path | None:
    """The nearest trialdocs.toml, or pyproject.toml with a [tool.trialdocs.check] table."""
    here = start.resolve()
    for directory in [here, *here.parents] if here.is_dir() else [here.parent, *here.parent.parents]:
        candidate = directory / "trialdocs.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _table(pyproject) is not None:
            return pyproject
    return None


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("trialdocs", {}).get("check")
    else:
        table = data.get("check", data)
    return table if isinstance(table, dict) else None


def load_config(path: Path | None) -> Config:
    """Read a configuration file; unknown rule codes and keys are usage errors."""
    if path is None:
        return Config()
    table = _table(path) or {}
    known = {"select", "ignore", "min_words", "rules", "sections", "lexicon"}
    unknown = set(table) - known
    if unknown:
        raise UsageError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))} in the check configuration")
    rules = table.get("rules", {})
    for code in rules:
        if code not in RULES:
            raise UsageError(f"{path}: unknown rule {code!r}")
    for name, sec in table.get("sections", {}).items():
        for code in sec.get("rules", {}):
            if code not in RULES:
                raise UsageError(f"{path}: unknown rule {code!r} in section {name!r}")
    return Config(
        select=list(table.get("select", ["TD"])),
        ignore=list(table.get("ignore", [])),
        min_words=int(table.get("min_words", DEFAULT_MIN_WORDS)),
        rules=rules,
        sections=table.get("sections", {}),
        lexicon_files=[(path.parent / p).resolve() for p in table.get("lexicon", [])],
        path=path,
    )
