import pytest

from interhuman_desktop.cli import build_parser, with_default_command


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ["gui"]),
    (["-v"], ["-v", "gui"]),
    (["talk.mp4", "call.mkv"], ["gui", "talk.mp4", "call.mkv"]),  # "Open with": Exec=… %F
    (["--theme", "dark"], ["gui", "--theme", "dark"]),
    (["analyze", "x.mp4"], ["analyze", "x.mp4"]),
    (["--version"], ["--version"]),
])
def test_files_and_gui_options_go_to_the_gui(argv, expected) -> None:
    assert with_default_command(argv) == expected


def test_gui_takes_the_files() -> None:
    args = build_parser().parse_args(with_default_command(["a.mp4", "b.webm"]))
    assert args.command == "gui" and [p.name for p in args.files] == ["a.mp4", "b.webm"]
