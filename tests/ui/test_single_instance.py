"""A second launch hands its files to the running app."""

from pathlib import Path

from waiting import UI_MS

from interhuman_desktop.ui.single_instance import SingleInstance, hand_off


def test_files_from_a_second_launch_reach_the_first(qtbot, tmp_path) -> None:
    name = f"ih-test-{tmp_path.name}"
    first = SingleInstance(name)
    assert first.listen()
    try:
        clip = tmp_path / "call.mp4"
        with qtbot.waitSignal(first.filesReceived, timeout=UI_MS) as got:
            assert hand_off([clip], name, timeout_ms=UI_MS)
        assert got.args == [[clip.resolve()]]
    finally:
        first.close()


def test_no_running_instance_means_no_hand_off(tmp_path) -> None:
    assert not hand_off([Path("x.mp4")], f"ih-nobody-{tmp_path.name}", timeout_ms=200)
