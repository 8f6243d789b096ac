"""The README runs top to bottom: every shell command in it, in order, in a fresh folder, with no network.

Each command's expected exit status is 0 unless its comment says ``exit N``.
Files a command names as its output (``-o PATH``, ``> PATH``) must exist
afterwards, unless it is expected to stop with exit 2 (no network for fetch). ``make`` and ``sudo`` lines are the set-up this suite runs under.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

from .conftest import CORPUS, ROOT, corpus_dir

SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def commands() -> list[tuple[str, int]]:
    out = []
    for block in SHELL_BLOCK.findall((ROOT / "README.md").read_text("utf-8")):
        for line in block.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "make ", "sudo ")):
                continue
            command, _, comment = line.partition("  #")
            expected = re.search(r"\bexit (\d)", comment)
            out.append((command.strip(), int(expected.group(1)) if expected else 0))
    return out


def outputs(command: str) -> list[str]:
    words = shlex.split(command)
    named = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output", ">")]
    return [n for n in named if n != "-"]


def test_the_readme_runs_top_to_bottom(tmp_path: Path) -> None:
    corpus_dir("ctgov-v2")
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "corpus").symlink_to(CORPUS.resolve())
    (work / "fixtures").symlink_to(ROOT / "fixtures")
    (work / ".venv").symlink_to(ROOT / ".venv")
    offline = {
        **os.environ,
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "ALL_PROXY": "http://127.0.0.1:9",
    }
    ran = commands()
    assert len(ran) >= 15
    for command, expected in ran:
        proc = subprocess.run(
            command, shell=True, cwd=work, env=offline, capture_output=True, text=True, check=False, timeout=600
        )
        assert proc.returncode == expected, (command, proc.returncode, proc.stderr[-1500:])
        for name in outputs(command) if expected != 2 else ():
            assert (work / name).exists(), (command, name)
        assert "Traceback" not in proc.stderr, (command, proc.stderr[-1500:])


def test_make_demo_fits_on_two_screens_and_warns_of_nothing() -> None:
    if not (ROOT / ".venv" / "bin" / "trialdocs").exists():
        import pytest

        pytest.skip("make demo runs the project's .venv; `make test` creates it")
    proc = subprocess.run(
        ["make", "--no-print-directory", "demo"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    lines = (proc.stdout + proc.stderr).splitlines()
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert len(lines) <= 100, len(lines)
    findings = re.compile(r"^fixtures/\S+: (?:error|warning) TD\d{3} |\d+ warning\(s\)|^  TD\d{3} [a-z-]+: ")
    assert not [line for line in lines if re.search(r"warn", line, re.IGNORECASE) and not findings.search(line)]
    summary_title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    assert summary_title <= 3, lines[:5]
    assert "Traceback" not in proc.stderr
