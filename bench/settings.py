#!/usr/bin/env python3
"""What a settings ``load()`` costs: the cached store against a fresh read per call (what the
GUI did before, once per ``client()``), both with the real keyring adapter of this machine.

    .venv/bin/python bench/settings.py [--calls N]

Prints microseconds per call and writes bench/out/settings.json. The settings and the
fallback secrets file live in a temporary folder, never in the user's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interhuman_desktop.config.settings import AppSettings  # noqa: E402
from interhuman_desktop.config.settings_store import JsonSettingsStore  # noqa: E402
from interhuman_desktop.storage.api_key import KeyringApiKey  # noqa: E402

OUT = ROOT / "bench" / "out"


def _per_call_us(fn, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--calls", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ih-bench-settings-") as tmp:
        path, cfg = Path(tmp) / "gui-settings.json", Path(tmp) / "cfg"
        secret = KeyringApiKey(cfg)
        JsonSettingsStore(path, secret=secret).save(AppSettings(theme="dark", goals=("rapport",)))
        cached = JsonSettingsStore(path, secret=secret)
        cached.load()
        figures = {
            "calls": args.calls,
            "keyring_backend": type(secret._store._backend).__name__,
            "uses_keyring": secret._store.uses_keyring,
            "fresh_read_us_per_load": round(_per_call_us(
                lambda: JsonSettingsStore(path, secret=secret).load(), args.calls), 1),
            "cached_us_per_load": round(_per_call_us(cached.load, args.calls), 2),
        }
    for key, value in figures.items():
        print(f"{key:<24} {value}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "settings.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
