"""Count the drafted Good fit / Not a fit bullets whose text loses something of their criterion.

    .venv/bin/python bench/conservation_count.py [corpus dir ...]

Prints the bullets, how many keep the registry's words, how many are rewrites, how many rewrites lose
something by kind (trialdocs.conservation), and a few examples. A baseline for the criteria issue.
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

from trialdocs import Trial, iter_load
from trialdocs.conservation import losses
from trialdocs.scope import scoped
from trialdocs.summary import fit, names


def main(paths: list[Path]) -> None:
    total = kept = lossy = 0
    by_kind: collections.Counter[str] = collections.Counter()
    examples: list[str] = []
    for trial in iter_load(paths):
        if not isinstance(trial, Trial):
            continue
        items = tuple(scoped(trial.eligibility))
        heading = {s.path: s.heading for s in items}
        table = names.acronyms(trial)
        for section in ("inclusion", "exclusion"):
            for b in fit.bullets(items, section, table):
                total += 1
                if " ".join(b.text.split()).rstrip(".").casefold() == " ".join(b.original.split()).rstrip(".").casefold():
                    kept += 1
                    continue
                found = losses(b.original, b.text, group=heading.get(b.source))
                if found:
                    lossy += 1
                    by_kind.update({loss.kind for loss in found})
                    if len(examples) < 12:
                        examples.append(
                            f"{trial.nct_id} {b.source}\n    record: {b.original}\n    bullet: {b.text}\n    lost: {', '.join(map(str, found))}"
                        )
    print(f"bullets {total}; in the registry's words {kept}; rewrites {total - kept}; rewrites that lose something {lossy}")
    print("by kind:", dict(by_kind.most_common()))
    print("\n".join(examples))


if __name__ == "__main__":
    corpus = Path(os.environ.get("TRIALDOCS_CORPUS", "../shared/corpus"))
    main([Path(p) for p in sys.argv[1:]] or [corpus / "ctgov-v2", corpus / "ctgov-legacy-xml"])
