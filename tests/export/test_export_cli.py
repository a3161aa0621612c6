"""``analyze --export``, ``export`` and ``import`` end to end, and what an export never holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pympi.Elan import Eaf

from interhuman_desktop.storage.library import Library

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"
PLANTED_KEY = "ih-planted-key-7f3a9c2e51"  # in the environment
SETTINGS_KEY = "ih-settings-key-93b1d0aa77"  # saved the way Settings saves a key


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "INTERHUMAN_DESKTOP_HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "xdg-config"),  # the secrets' fallback file goes here
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # never the real keyring
            "INTERHUMAN_API_KEY": PLANTED_KEY}


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interhuman_desktop", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=_env(home))


def _plant_settings_key(home: Path) -> None:
    code = ("import sys\nfrom interhuman_desktop.storage.secrets import SecretStore\n"
            "s = SecretStore(); s.set('api_key', sys.argv[1])\n"
            "assert not s.uses_keyring and s.get('api_key') == sys.argv[1]\n")
    subprocess.run([sys.executable, "-c", code, SETTINGS_KEY], cwd=ROOT, check=True,
                   env=_env(home), capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """``analyze CLIP --local --export pdf``: the home, the clip and the PDF it wrote."""
    work = tmp_path_factory.mktemp("cli")
    clip = work / "clips" / "Client pitch.mp4"
    clip.parent.mkdir()
    shutil.copy2(SAMPLE, clip)
    home, pdf = work / "home", work / "out" / "report.pdf"
    _plant_settings_key(home)
    done = cli("analyze", str(clip), "--local", "--include", "overall,timeline", "--goals",
               "clarity", "--export", "pdf", "--out", str(pdf), home=home)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "saved to the library as entry 1" in done.stderr
    return home, clip, pdf


def test_analyze_saves_into_the_library_and_exports(analysed) -> None:
    home, clip, pdf = analysed
    library = Library(home / "data" / "library")
    try:
        (entry,) = library.search()
    finally:
        library.close()
    assert entry.title == "Client pitch" and entry.kind == "file" and entry.cqi is not None
    assert entry.media is not None and entry.media.read_bytes() == clip.read_bytes()
    stored = json.loads((entry.folder / "result.json").read_text())
    assert stored["parts"][0]["signals"] and stored["offsets"] == [0.0]
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_analyze_keeps_the_basis_and_the_pdf_says_no_evidence_by_it(analysed) -> None:
    from interhuman_desktop.session.timeline import SessionTimeline

    home, _clip, pdf = analysed
    library = Library(home / "data" / "library")
    try:
        (entry,) = library.search()
    finally:
        library.close()
    timeline = SessionTimeline.from_dict(json.loads((entry.folder / "timeline.json").read_text()))
    basis = timeline.quality_basis
    assert basis is not None and any(basis.values())  # kept, as the app keeps it
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                   text=True, timeout=60, check=True).stdout.split())
    for dim in ("clarity", "authority", "energy", "rapport", "learning"):
        said = f"{dim.capitalize()} no evidence" in text
        assert said is (not basis.get(dim)), (dim, basis)


def test_export_every_format_and_import(analysed, tmp_path) -> None:
    home, _, _ = analysed
    for fmt in ("json", "eaf", "pdf"):
        done = cli("export", "Client pitch", "--format", fmt, "--out",
                   str(tmp_path / f"one.{fmt}"), home=home)
        assert done.returncode == 0, done.stderr
    assert Eaf(str(tmp_path / "one.eaf")).get_tier_names()
    done = cli("export", "1", "--format", "csv", "--out", str(tmp_path / "one.zip"), home=home)
    assert done.returncode == 0, done.stderr
    assert "signals.csv" in zipfile.ZipFile(tmp_path / "one.zip").namelist()
    other = tmp_path / "other-home"
    done = cli("import", str(tmp_path / "one.json"), home=other)
    assert done.returncode == 0 and "without video" in done.stderr, done.stderr
    again = cli("export", "--all", "--format", "json", "--out", str(tmp_path / "again.json"),
                home=other)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.json").read_text() == (tmp_path / "one.json").read_text()


def test_several_entries_go_into_a_folder(analysed, tmp_path) -> None:
    home, _, _ = analysed
    json_out = tmp_path / "one.json"
    assert cli("export", "1", "--format", "json", "--out", str(json_out), home=home).returncode == 0
    assert cli("import", str(json_out), home=home).returncode == 0  # entry 2, same title
    ambiguous = cli("export", "Client pitch", "--format", "pdf", "--out", str(tmp_path / "x.pdf"),
                    home=home)
    assert ambiguous.returncode == 2 and "matches several entries" in ambiguous.stderr
    done = cli("export", "1", "2", "--format", "csv", "--out", str(tmp_path / "tables"),
               home=home)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "1-Client-pitch", "2-Client-pitch"]
    assert (tmp_path / "tables" / "2-Client-pitch" / "signals.csv").is_file()
    missing = cli("export", "nothing like it", "--format", "json", "--out",
                  str(tmp_path / "n.json"), home=home)
    assert missing.returncode == 2 and "no entry" in missing.stderr
    into_file = cli("export", "--all", "--format", "pdf", "--out", str(tmp_path / "all.pdf"),
                    home=home)
    assert into_file.returncode == 2 and "folder" in into_file.stderr


def _everything_written(folder: Path) -> str:
    """Every export's content as text: files, zip members, and the PDF's extracted text."""
    texts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts.append(data.decode("latin-1"))
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(n).decode("utf-8") for n in archive.namelist()]
        if path.suffix == ".pdf":
            texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                        text=True, check=True).stdout)
    return "\n".join(texts)


def test_no_export_holds_a_key_or_an_outside_path(analysed, tmp_path) -> None:
    home, clip, _ = analysed
    out = tmp_path / "exports"
    for fmt, name in (("json", "e.json"), ("csv", "e.zip"), ("csv", "tables"), ("eaf", "e.eaf"),
                      ("pdf", "e.pdf")):
        done = cli("export", "1", "--format", fmt, "--out", str(out / name), home=home)
        assert done.returncode == 0, done.stderr
    written = _everything_written(out)
    assert "Client pitch" in written  # the grep sees the content
    assert PLANTED_KEY not in written and SETTINGS_KEY not in written
    for private in (str(clip.parent), str(home), str(Path.home()), str(tmp_path)):
        assert private not in written, private
    asked = cli("export", "1", "--format", "json", "--media-paths", "--out",
                str(tmp_path / "with-paths.json"), home=home)
    assert asked.returncode == 0, asked.stderr
    doc = json.loads((tmp_path / "with-paths.json").read_text())
    assert doc["entry"]["source"] == str(clip) and doc["entry"]["media"]["path"].startswith("/")
    with_paths = (tmp_path / "with-paths.json").read_text()
    assert PLANTED_KEY not in with_paths and SETTINGS_KEY not in with_paths
