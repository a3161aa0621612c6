"""Small files: every module outside ``ui/`` has at most 250 lines; ``ui/`` has a ratchet.

``ui/`` files over the limit may not grow past today's length (:data:`UI_CEILINGS`), and when
one shrinks its ceiling must follow, so the list only ever tightens (a file that reaches 250
leaves it).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "interhuman_desktop"
LIMIT = 250

# path under interhuman_desktop/ -> the most lines it may have (today's length when listed).
UI_CEILINGS: dict[str, int] = {}  # none left: every ui/ file is within the limit
EXEMPT: set[str] = set()


def _lengths() -> dict[str, int]:
    return {path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_modules_outside_ui_have_at_most_250_lines() -> None:
    over = {p: n for p, n in _lengths().items()
            if n > LIMIT and not p.startswith("ui/") and p not in EXEMPT}
    assert over == {}, f"split these into cohesive modules (≤ {LIMIT} lines each): {over}"


def test_ui_modules_over_the_limit_are_listed_and_do_not_grow() -> None:
    lengths = _lengths()
    unlisted = {p: n for p, n in lengths.items()
                if n > LIMIT and p.startswith("ui/") and p not in UI_CEILINGS}
    grown = {p: (lengths[p], most) for p, most in UI_CEILINGS.items()
             if lengths.get(p, 0) > most}
    assert unlisted == {}, f"new ui/ files over {LIMIT} lines (split them instead): {unlisted}"
    assert grown == {}, f"(lines, ceiling): these grew past their ceiling: {grown}"


def test_the_ceilings_follow_every_improvement() -> None:
    lengths = _lengths()
    stale = {p: max(lengths.get(p, 0), LIMIT) for p, most in UI_CEILINGS.items()
             if lengths.get(p, 0) < most}
    assert stale == {}, (
        f"files shrank: lower their ceilings in {Path(__file__).name} to {stale} "
        f"(remove those at {LIMIT} or less)")
