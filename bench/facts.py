"""Precision and recall of the facts read from postings (tui.facts), against
the hand labels in tests/fixtures/facts_labels.json.

    python -m bench.facts DIR     # DIR: the board's _posts folder the labels were made on
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tui.facts import Facts, Salary
from tui.fields import PER_YEAR
from tui.posting import parse_posting

LABELS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "facts_labels.json"


def labels() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(LABELS.read_text(encoding="utf-8"))
    return loaded


def facts_of(path: Path) -> Facts:
    """The facts of one posting file as the app keeps them: read as a cold
    load reads it (the front matter's fields first, else the text's)."""
    posting = parse_posting(path.read_bytes(), path.name, keep_body=False).posting
    kept = posting.get("salary")
    salary = Salary(kept[0], kept[1], kept[2], kept[3]) if kept and kept[0:2] != (None, None) else None
    return Facts(
        salary,
        posting.get("deadline") or None,
        posting.get("location") or None,
        posting.get("remote") or None,
        bool(posting.get("temporary")),
    )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(abs(a), abs(b))


def salary_matches(got: Salary | None, want: dict[str, Any] | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    per = PER_YEAR[want["period"]]
    lo = None if want["min"] is None else want["min"] * per
    hi = None if want["max"] is None else want["max"] * per
    return _close(got.annual_min, lo) and _close(got.annual_max, hi)


def _norm_place(place: str | None) -> str | None:
    return None if place is None else place.replace("D.C.", "DC").casefold()


def _pr(correct: int, extracted: int, labelled: int) -> tuple[float, float]:
    return (correct / extracted if extracted else 1.0, correct / labelled if labelled else 1.0)


def compare(corpus_dir: Path) -> list[tuple[str, dict[str, Any], Facts]]:
    """(file, label, facts read) for every labelled posting."""
    return [(label["file"], label, facts_of(corpus_dir / label["file"])) for label in labels()]


def scores(corpus_dir: Path) -> list[tuple[str, float, float, int]]:
    """(extractor, precision, recall, labelled postings) for salary, deadline,
    remote, location and temporary."""
    rows = compare(corpus_dir)
    n = len(rows)
    out: list[tuple[str, float, float, int]] = []

    got = sum(f.salary is not None for _, _, f in rows)
    want = sum(lab["salary"] is not None for _, lab, _ in rows)
    ok = sum(f.salary is not None and salary_matches(f.salary, lab["salary"]) for _, lab, f in rows)
    out.append(("salary", *_pr(ok, got, want), n))

    got = sum(f.deadline is not None for _, _, f in rows)
    want = sum(lab["deadline"] is not None for _, lab, _ in rows)
    ok = sum(f.deadline is not None and f.deadline == lab["deadline"] for _, lab, f in rows)
    out.append(("deadline", *_pr(ok, got, want), n))

    got = sum(f.mode == "remote" for _, _, f in rows)
    want = sum(lab["mode"] == "remote" for _, lab, _ in rows)
    ok = sum(f.mode == "remote" and lab["mode"] == "remote" for _, lab, f in rows)
    out.append(("remote", *_pr(ok, got, want), n))

    got = sum(f.location is not None for _, _, f in rows)
    want = sum(lab["location"] is not None for _, lab, _ in rows)
    ok = sum(f.location is not None and _norm_place(f.location) == _norm_place(lab["location"]) for _, lab, f in rows)
    out.append(("location", *_pr(ok, got, want), n))

    got = sum(f.temporary for _, _, f in rows)
    want = sum(bool(lab["temporary"]) for _, lab, _ in rows)
    ok = sum(f.temporary and bool(lab["temporary"]) for _, lab, f in rows)
    out.append(("temporary", *_pr(ok, got, want), n))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m bench.facts DIR  (DIR: the _posts folder the labels were made on)")
        return 2
    print(f"{'extractor':<10} {'precision':>9} {'recall':>7} {'n':>5}")
    for name, precision, recall, n in scores(Path(args[0])):
        print(f"{name:<10} {precision:>9.3f} {recall:>7.3f} {n:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
