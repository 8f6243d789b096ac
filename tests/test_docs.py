"""The Python examples in docs/ run, and print what their comments say they print."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = ["docs/convert.md", "docs/summary.md", "docs/check.md", "docs/fhir.md", "README.md"]


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def expected_output(block: str) -> list[str]:
    """The comment after each print(...) line: what the docs promise it prints."""
    return [
        m.group(1).strip()
        for line in block.splitlines()
        if line.startswith("print(") and (m := re.search(r"\)\s+#\s*(.+)$", line))
    ]


@pytest.mark.parametrize("doc", DOCS)
def test_python_examples_run(doc: str, tmp_path: Path) -> None:
    blocks = python_blocks((ROOT / doc).read_text())
    assert blocks, doc
    for block in blocks:
        script = tmp_path / "example.py"
        script.write_text(block)
        proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
        assert proc.returncode == 0, (doc, proc.stderr[-2000:])
        printed = proc.stdout.splitlines()
        for got, want in zip(printed, expected_output(block), strict=False):
            assert got.strip() == want or got.strip().startswith(want), (doc, got, want)


def test_every_help_example_is_in_the_docs() -> None:
    """What `--help` shows a user is also written down, in context, in the README or docs/."""
    from trialdocs.cli import main

    docs = " ".join(" ".join(p.read_text("utf-8").split()) for p in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"])
    missing = [
        f"{name}: {example}"
        for name, command in main.commands.items()
        for line in (command.help or "").splitlines()
        if line.strip().startswith("trialdocs ") and (example := " ".join(line.split("#")[0].split())) not in docs
    ]
    assert missing == []
