"""Where a live segment's feedback latency goes, from bench/latency_probe's timing lines.

Each segment ``i`` (the client's index) is the engine's binary frame ``i + 1`` (one
connection, nothing rejected: checked). Its latency is the pipeline's own figure: from the
capture time of its last frame to the first event that refers to a time inside it. A segment is
*answered by its own window* when that event was sent while the engine processed this very
segment; the first segments of a session are answered only when the first 8-s window closes
(docs/analyzer.md §2.4) and are counted apart. The analysis parts are the summed wall time of
each step from the segment's decode on: FaceMesh starts on the pictures while the segment is
still decoding (engine/analysis/prefetch.py), so ``facemesh`` may overlap ``decode``.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

STAGES = (
    # (name, start mark, end mark): client marks are per index, engine marks per frame number
    ("wait_for_end", "last_frame", "rotate"),  # writer sees video and audio past the end
    ("finish_mp4", "rotate", "published"),  # flush the encoders, write the moov, rename
    ("hand_off", "published", "send_start"),  # writer thread → loop → send loop
    ("send", "send_start", "recv"),  # read back from disk, WebSocket, engine receive
    ("queue", "recv", "decode_start"),  # the session's worker picks it up
    ("decode", "decode_start", "decode_end"),
    ("analysis", "feed_start", "feed_end"),  # cues + windows (below)
    ("engine_send", "feed_end", "events_sent"),
    ("client_receive", "events_sent", "arrived"),  # loopback, websockets, JSON, the pump
    ("apply", "arrived", "answered"),  # timeline apply until the segment's latency is set
)
ANALYSIS_PARTS = ("facemesh", "expression", "vad", "pitch", "windows")


def load(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows


def _marks(rows: list[dict[str, Any]]) -> tuple[dict, dict]:
    """First time of each (stage, segment) on the client (indexes) and the engine (frames)."""
    client_stages = {"rotate", "published", "send_start", "sent", "latency"}
    client: dict[tuple[str, int], dict] = {}
    engine: dict[tuple[str, int], dict] = {}
    for row in rows:
        if row["seg"] is None:
            continue
        marks = client if row["stage"] in client_stages else engine
        marks.setdefault((row["stage"], row["seg"]), row)
    return client, engine


def per_segment(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    client, engine = _marks(rows)
    out = []
    indexes = sorted(i for (stage, i) in client if stage == "published")
    for i in indexes:
        published, answer = client[("published", i)], client.get(("latency", i))
        n = i + 1
        t = {"last_frame": published.get("last_frame_t")}
        for stage in ("rotate", "published", "send_start"):
            t[stage] = client[(stage, i)]["t"] if (stage, i) in client else None
        for stage in ("recv", "decode_start", "decode_end", "feed_start", "feed_end",
                      "events_start", "events_sent"):
            t[stage] = engine[(stage, n)]["t"] if (stage, n) in engine else None
        t["arrived"] = answer["arrived"] if answer else None
        t["answered"] = answer["t"] if answer else None
        nxt = engine.get(("events_start", n + 1), {}).get("t")
        own = bool(answer and t["events_start"] is not None and t["arrived"] >= t["events_start"]
                   and (nxt is None or t["arrived"] < nxt))
        row: dict[str, Any] = {"index": i, "own_window": own,
                               "latency": round(answer["latency"], 4) if answer else None}
        for name, a, b in STAGES:
            if t.get(a) is not None and t.get(b) is not None and (own or name not in
                                                                  ("client_receive", "apply")):
                row[name] = round(t[b] - t[a], 4)
        feed = engine.get(("feed_end", n), {})
        parts = {k: feed.get(k, 0.0) for k in ANALYSIS_PARTS}
        row["analysis_parts"] = {k: round(v, 4) for k, v in parts.items()}
        row["frames"] = engine.get(("feed_start", n), {}).get("frames")
        out.append(row)
    return out


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def summary(segments: list[dict[str, Any]]) -> dict[str, Any]:
    own = [s for s in segments if s["own_window"]]
    later = [s for s in segments if not s["own_window"] and s["latency"] is not None]
    stages = {name: _median([s[name] for s in own if name in s]) for name, _, _ in STAGES}
    parts = {k: _median([s["analysis_parts"][k] for s in own]) for k in ANALYSIS_PARTS}
    return {
        "segments": len(segments),
        "answered_by_own_window": len(own),
        "latency_median_own_window": _median([s["latency"] for s in own]),
        "latency_median_all": _median([s["latency"] for s in segments
                                       if s["latency"] is not None]),
        "answered_by_a_later_window": [(s["index"], s["latency"]) for s in later],
        "stage_medians": stages,
        "analysis_part_medians": parts,
    }


def table(s: dict[str, Any]) -> str:
    lines = [f"{'stage':<16}{'median s':>9}"]
    for name, value in s["stage_medians"].items():
        lines.append(f"{name:<16}{value if value is not None else '-':>9}")
        if name == "analysis":
            for part, v in s["analysis_part_medians"].items():
                lines.append(f"  {part:<14}{v if v is not None else '-':>9}")
    lines.append(f"{'latency':<16}{s['latency_median_own_window']!s:>9}  "
                 f"({s['answered_by_own_window']} of {s['segments']} segments answered by "
                 f"their own window; all segments: median {s['latency_median_all']})")
    return "\n".join(lines)
