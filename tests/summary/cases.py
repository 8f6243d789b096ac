"""Loading the YAML case corpora of ``criteria/`` and ``criteria_meaning/``: one file per class, one case per item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml


def load_cases(directory: Path) -> list[Any]:
    """Every case of every YAML file in ``directory``, as a pytest param with id ``<file stem>-<index>-<nct_id>``."""
    out = []
    for path in sorted(directory.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text("utf-8"))):
            out.append(pytest.param(case, id=f"{path.stem}-{i}-{case['nct_id']}"))
    return out
