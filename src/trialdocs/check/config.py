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

import difflib
import fnmatch
import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from trialdocs.check.findings import Severity
from trialdocs.check.rules import RULES, Rule
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
    #: Glob patterns (relative to the configuration's folder) of files never checked.
    exclude: list[str] = field(default_factory=list)
    #: Acronyms every reader knows (TD303 does not ask for their expansion).
    acronyms: list[str] = field(default_factory=list)
    path: Path | None = None
    _memo: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    def require_rules(self) -> None:
        """Refuse a configuration that leaves no rule to run: a gate that checks nothing must not pass."""
        if not self.active_rules():
            where = f"{self.path}: " if self.path else ""
            raise UsageError(
                f"{where}select {self.select!r} with ignore {self.ignore!r} leaves no rule to run; nothing would be checked"
            )

    def enabled(self, code: str) -> bool:
        picked = any(code.startswith(p) for p in self.select)
        return picked and not any(code.startswith(p) for p in self.ignore)

    def active_rules(self) -> list[tuple[str, Rule]]:
        """The enabled rules in order (TD901 runs after suppression, in the engine)."""
        key = ("active",)
        if key not in self._memo:
            self._memo[key] = [(c, r) for c, r in RULES.items() if c != "TD901" and self.enabled(c)]
        return self._memo[key]  # type: ignore[no-any-return]

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
        key = ("severity", code, section)
        if key not in self._memo:
            value = self.settings(code, section).get("severity")
            try:
                self._memo[key] = None if value is None else Severity(value)
            except ValueError:
                raise UsageError(f"{self.path}: severity of {code} must be 'error' or 'warning', not {value!r}") from None
        return self._memo[key]  # type: ignore[no-any-return]

    def excluded(self, path: Path) -> bool:
        """True if ``path`` matches an ``exclude`` glob (relative to the configuration's folder)."""
        if not self.exclude:
            return False
        base = self.path.parent.resolve() if self.path else Path.cwd()
        try:
            rel = path.resolve().relative_to(base).as_posix()
        except ValueError:
            rel = path.as_posix()
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(path.name, pat) for pat in self.exclude)

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
    return _config_in(here if here.is_dir() else here.parent)


def forget_config_locations() -> None:
    """Start each check afresh: a configuration file may have been added since the last one."""
    _config_in.cache_clear()


@lru_cache(maxsize=1024)
def _config_in(folder: Path) -> Path | None:
    """Walk up from one folder (cached: a folder of 1,000 overlays is walked once)."""
    for directory in [folder, *folder.parents]:
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


_TOP_KEYS = ("select", "ignore", "min_words", "rules", "sections", "lexicon", "exclude", "acronyms")
SECTION_KEYS = ("title", "at_a_glance", "what", "good_fit", "not_a_fit", "benefit", "similar_studies", "criteria")


def _did_you_mean(word: str, options: list[str]) -> str:
    lookalike = word.upper().replace("L", "1").replace("I", "1").replace("O", "0")
    close = [lookalike] if lookalike in options else difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close and word.upper() != word:
        close = difflib.get_close_matches(word.upper(), options, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def resolve_rules(items: list[str], where: str, *, allow_empty: bool = False) -> list[str]:
    """Rule codes, names or code prefixes as code prefixes; anything else is a usage error.

    ``fk-grade`` becomes ``TD101``; ``TD1`` stays (it picks TD101-TD104);
    ``TD999`` or ``TD10l`` are errors that name the closest rule, so a typo
    never turns the gate off.
    """
    names = {rule.name: code for code, rule in RULES.items()}
    out = []
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        if item.lower() in names:
            out.append(names[item.lower()])
        elif re.fullmatch(r"TD\d{0,3}", item.upper()) and any(c.startswith(item.upper()) for c in RULES):
            out.append(item.upper())
        else:
            hint = _did_you_mean(item, [*RULES, *names])
            raise UsageError(f"{where}: unknown rule {item!r}{hint}")
    if not out and not allow_empty:
        raise UsageError(f"{where}: names no rule ({items!r}); it would leave nothing checked")
    return out


def _number(value: Any, where: str, *, integer: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or (integer and not isinstance(value, int)):
        kind = "a whole number" if integer else "a finite number"
        raise UsageError(f"{where} must be {kind}, not {value!r}")
    return float(value)


def _rule_settings(code: str, settings: Any, where: str) -> dict[str, Any]:
    """One rule's table, checked against the rule's defaults: known keys, values of the right type."""
    if not isinstance(settings, dict):
        raise UsageError(f"{where} must be a table of settings, not {settings!r}")
    defaults = RULES[code].defaults
    for key, value in settings.items():
        at = f"{where}.{key}"
        if key == "severity":
            if value not in ("error", "warning"):
                raise UsageError(f"{at} must be 'error' or 'warning', not {value!r}")
            continue
        if key not in defaults:
            known = [*defaults, "severity"]
            raise UsageError(f"{where}: unknown setting {key!r}{_did_you_mean(key, known)} (known: {', '.join(known)})")
        default = defaults[key]
        if isinstance(default, int | float) and not isinstance(default, bool):
            _number(value, at)
        elif isinstance(default, list | tuple) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise UsageError(f"{at} must be a list of strings, not {value!r}")
    return settings


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {key} must be a list of strings, not {value!r}")
    return value


def load_config(path: Path | None) -> Config:
    """Read a configuration file. Unknown rules, keys and sections, and values of
    the wrong type, are usage errors that name the key and the value."""
    if path is None:
        return Config()
    table = _table(path) or {}
    unknown = sorted(set(table) - set(_TOP_KEYS))
    if unknown:
        hint = _did_you_mean(unknown[0], list(_TOP_KEYS))
        raise UsageError(f"{path}: unknown setting(s) {', '.join(unknown)} in the check configuration{hint}")
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise UsageError(f"{path}: rules must be a table of rule codes")
    checked_rules = {}
    for key, settings in rules.items():
        code = key if key in RULES else resolve_rules([key], f"{path}: rules")[0]
        if code not in RULES:
            raise UsageError(f"{path}: rules.{key}: a rule table needs one rule, not a prefix")
        checked_rules[code] = _rule_settings(code, settings, f"{path}: rules.{key}")
    sections = table.get("sections", {})
    if not isinstance(sections, dict):
        raise UsageError(f"{path}: sections must be a table of section names")
    checked_sections: dict[str, dict[str, dict[str, Any]]] = {}
    for name, sec in sections.items():
        if name not in SECTION_KEYS:
            raise UsageError(f"{path}: unknown section {name!r}{_did_you_mean(name, list(SECTION_KEYS))}")
        if not isinstance(sec, dict) or set(sec) - {"rules"}:
            raise UsageError(f"{path}: sections.{name} may only hold a 'rules' table")
        per_rule = {}
        for key, settings in sec.get("rules", {}).items():
            if key not in RULES:
                raise UsageError(f"{path}: sections.{name}.rules: unknown rule {key!r}{_did_you_mean(key, list(RULES))}")
            per_rule[key] = _rule_settings(key, settings, f"{path}: sections.{name}.rules.{key}")
        checked_sections[name] = {"rules": per_rule}
    min_words = int(_number(table.get("min_words", DEFAULT_MIN_WORDS), f"{path}: min_words", integer=True))
    return Config(
        select=resolve_rules(_strings(table, "select", str(path)), f"{path}: select") if "select" in table else ["TD"],
        ignore=resolve_rules(_strings(table, "ignore", str(path)), f"{path}: ignore", allow_empty=True),
        min_words=min_words,
        rules=checked_rules,
        sections=checked_sections,
        lexicon_files=[(path.parent / p).resolve() for p in _strings(table, "lexicon", str(path))],
        exclude=_strings(table, "exclude", str(path)),
        acronyms=_strings(table, "acronyms", str(path)),
        path=path,
    )
