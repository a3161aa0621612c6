"""What ``analyze FILE`` prints or writes: the summary on stdout, or the JSON document."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import interhumanai
from interhumanai import AnalysisResult

from interhuman_desktop import __version__
from interhuman_desktop.api.backend import Backend
from interhuman_desktop.api.summary import render_summary
from interhuman_desktop.api.upload import UploadOutcome
from interhuman_desktop.commands.backend_choice import note as _note
from interhuman_desktop.encode.fit import Part, stitch
from interhuman_desktop.encode.probe import MediaInfo


def emit(
    args: argparse.Namespace,
    info: MediaInfo,
    backend: Backend,
    parts: list[Part],
    outcomes: list[UploadOutcome],
) -> None:
    result = _combined(parts, outcomes)
    if args.json_out is None:
        sys.stdout.write(render_summary(result, title=f"{info.path.name} ({backend.kind})"))
        return
    text = json.dumps(_json_document(info, backend, parts, outcomes, result), indent=2)
    if str(args.json_out) == "-":
        sys.stdout.write(text + "\n")
        return
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(text + "\n", encoding="utf-8")
    _note(f"wrote {args.json_out}")


def _combined(parts: list[Part], outcomes: list[UploadOutcome]) -> AnalysisResult:
    if len(outcomes) == 1:
        return outcomes[0].result
    return stitch([(p.offset, o.result) for p, o in zip(parts, outcomes, strict=True)])


def _json_document(
    info: MediaInfo,
    backend: Backend,
    parts: list[Part],
    outcomes: list[UploadOutcome],
    result: AnalysisResult,
) -> dict[str, Any]:
    single = len(outcomes) == 1
    doc: dict[str, Any] = {
        "app": "interhuman-desktop",
        "app_version": __version__,
        "sdk_version": interhumanai.__version__,
        "file": {"name": info.path.name, "size_bytes": info.size_bytes, "duration": info.duration},
        "backend": {"kind": backend.kind, "base_url": backend.base_url},
        "result": (outcomes[0].raw if single else None) or result.model_dump(mode="json"),
    }
    if not single:
        doc["parts"] = [
            {"offset": p.offset, "duration": p.duration, "result": o.raw}
            for p, o in zip(parts, outcomes, strict=True)
        ]
    return doc
