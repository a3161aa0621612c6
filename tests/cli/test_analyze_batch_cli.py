"""``interhuman-desktop analyze DIR`` end to end: a killed batch resumes, --concurrency holds.

The CLI runs as a subprocess against the real engine (port 0) through a counting proxy, so
the test sees every upload that reached the engine.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import clip, library_rows
from counting_proxy import CountingProxy
from waiting import until_sync

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if k != "INTERHUMAN_API_KEY"}
    full["INTERHUMAN_DESKTOP_HOME"] = str(tmp_path / "home")
    return full


def batch_cmd(folder: Path, proxy: CountingProxy, key_file: Path, lib: Path,
              *extra: str) -> list[str]:
    return [sys.executable, "-m", "interhuman_desktop", "analyze", str(folder),
            "--base-url", proxy.base_url, "--api-key-file", str(key_file),
            "--library", str(lib), *extra]


def key_file(engine, tmp_path: Path) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(engine.api_key + "\n", encoding="utf-8")
    return path


def _saved(lib: Path) -> int:
    return len(library_rows(lib)) if (lib / "library.sqlite3").exists() else 0


def _done_in_store(lib: Path) -> int:
    if not (lib / "batch.sqlite3").exists():
        return 0
    with sqlite3.connect(lib / "batch.sqlite3") as db:
        try:
            return int(db.execute("SELECT count(*) FROM batch_files WHERE state = 'done'")
                       .fetchone()[0])
        except sqlite3.OperationalError:  # the tables are being made
            return 0


def test_a_killed_batch_resumes_and_no_file_is_analysed_twice(engine, tmp_path, env) -> None:
    folder, lib = tmp_path / "in", tmp_path / "lib"
    names = [clip(folder / f"talk{i}.mp4", i).name for i in range(4)]
    key = key_file(engine, tmp_path)
    with CountingProxy(engine.base_url, hold_after=1) as proxy:
        cmd = batch_cmd(folder, proxy, key, lib, "--concurrency", "1")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            until_sync(lambda: (_done_in_store(lib) >= 1 and proxy.held >= 1)
                       or proc.poll() is not None,
                       240, "the first result saved and the second upload under way")
            assert proc.poll() is None, proc.communicate()
        finally:
            proc.kill()  # SIGKILL: no clean-up of any kind
            proc.communicate(timeout=60)
        assert proc.returncode == -9
        proxy.drop_held()
        assert _saved(lib) == 1 and proxy.forwarded == ["talk0.mp4"]

        again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=300)
    assert again.returncode == 0, again.stderr + again.stdout
    assert sorted(proxy.forwarded) == names  # each file reached the engine exactly once
    rows = library_rows(lib)
    assert sorted(Path(source).name for source, _ in rows) == names
    assert len({h for _, h in rows}) == 4
    assert again.stdout.startswith("batch: 1/4 files · 1 analysed\n"), again.stdout
    assert re.search(r"batch 1 \(resumed\): 4/4 files · 4 analysed in ", again.stdout)
    assert "talk0" not in again.stdout.split("\n", 1)[1].split("batch 1")[0]  # not again
    with sqlite3.connect(lib / "batch.sqlite3") as db:
        batches = list(db.execute("SELECT id, finished_at FROM batches"))
        states = dict(db.execute("SELECT path, state FROM batch_files"))
    assert len(batches) == 1 and batches[0][1] is not None  # one batch, resumed and finished
    assert {Path(p).name: s for p, s in states.items()} == {
        "talk0.mp4": "done", "talk1.mp4": "done", "talk2.mp4": "done", "talk3.mp4": "done"}


def test_concurrency_recursive_and_export(engine, tmp_path, env) -> None:
    folder, lib, out = tmp_path / "in", tmp_path / "lib", tmp_path / "out"
    for i in range(2):
        clip(folder / f"talk{i}.mp4", i)
        clip(folder / "day2" / f"more{i}.mp4", i + 4)
    key = key_file(engine, tmp_path)
    with CountingProxy(engine.base_url, gather=2) as proxy:
        cmd = batch_cmd(folder, proxy, key, lib, "--recursive", "--concurrency", "2",
                        "--export", "csv", "--out", str(out))
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert proxy.max_in_flight == 2  # two at a time reached the engine, never more
    assert sorted(proxy.forwarded) == ["more0.mp4", "more1.mp4", "talk0.mp4", "talk1.mp4"]
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("[")]
    assert len(lines) == 4 and any("analysed: day2/more0.mp4" in ln for ln in lines)
    summary = out / "summary.csv"
    assert f"summary: {summary}" in proc.stdout
    rows = list(csv.DictReader(summary.open(encoding="utf-8")))
    assert sorted(r["file"] for r in rows) == ["day2/more0.mp4", "day2/more1.mp4",
                                               "talk0.mp4", "talk1.mp4"]
    assert {r["outcome"] for r in rows} == {"analysed"} and all(r["entry_id"] for r in rows)
    assert len([p for p in (out / "csv").iterdir() if p.is_dir()]) == 4


def test_folder_usage_errors(tmp_path, env) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for extra, text in ((["--json", "x.json"], "--json is for one file"),
                        (["--no-save"], "drop --no-save"),
                        (["--concurrency", "0"], "at least 1")):
        proc = subprocess.run([sys.executable, "-m", "interhuman_desktop", "analyze",
                               str(folder), "--local", *extra], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and text in proc.stderr, proc.stderr
    clip_path = clip(tmp_path / "one.mp4", 0)
    proc = subprocess.run([sys.executable, "-m", "interhuman_desktop", "analyze",
                           str(clip_path), "--recursive"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "go with a folder" in proc.stderr
