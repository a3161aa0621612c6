"""Settings "Live stream" (issue 13): V1 or V2 and the V2 model, saved in the JSON settings,
read back after a restart, turned into the live request, and named on the health line."""

from __future__ import annotations

import json

from waiting import UI_MS

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.config.settings_store import JsonSettingsStore
from interhuman_desktop.session.live_options import LiveOptions, stream_label
from interhuman_desktop.ui.live_health import health_light
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController
from interhuman_desktop.ui.views.settings import SettingsView
from interhuman_desktop.ui.widgets.health import health_text


def test_choosing_v2_and_a_model_is_saved_and_survives_a_restart(qtbot, tmp_path) -> None:
    path = tmp_path / "s.json"
    view = SettingsView(JsonSettingsStore(path, keep_api_key=True))
    qtbot.addWidget(view)
    choice = view.live_stream
    assert choice.api.currentData() == "v1" and not choice.model.isEnabled()  # V1: no model
    with qtbot.waitSignal(view.settingsChanged, timeout=UI_MS):
        choice.api.setCurrentIndex(choice.api.findData("v2"))
    assert choice.model.isEnabled()
    with qtbot.waitSignal(view.settingsChanged, timeout=UI_MS):
        choice.model.setCurrentIndex(choice.model.findData("inter-2-audio"))
    on_disk = json.loads(path.read_text())
    assert (on_disk["live_api"], on_disk["live_model"]) == ("v2", "inter-2-audio")
    again = SettingsView(JsonSettingsStore(path, keep_api_key=True))  # a restart
    qtbot.addWidget(again)
    assert again.live_stream.api.currentData() == "v2"
    assert again.live_stream.model.currentData() == "inter-2-audio"
    assert again.live_stream.model.isEnabled()
    assert again.settings().live_stream == ("v2", "inter-2-audio")


def test_the_v1_choice_names_no_segment_length(qtbot) -> None:
    """Settings said "V1 (3-s segments)" beside a Live segment length of 5.0 s."""
    view = SettingsView(MemorySettingsStore(AppSettings(segment_seconds=5.0)))
    qtbot.addWidget(view)
    api = view.live_stream.api
    labels = [api.itemText(i) for i in range(api.count())]
    assert labels == ["V1 (one file per segment)", "V2 (one continuous stream)"]
    assert "-s" not in api.toolTip() and "segment length" in api.toolTip()


def test_unknown_values_in_the_file_fall_back_to_v1_and_inter_2(tmp_path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"live_api": "v9", "live_model": "inter-2-deep", "theme": "dark"}))
    loaded = JsonSettingsStore(path, keep_api_key=True).load()
    assert (loaded.live_api, loaded.live_model, loaded.theme) == ("v1", "inter-2", "dark")
    assert loaded.live_stream == ("v1", None)  # no model is sent on V1


def test_the_live_request_carries_the_chosen_stream(qtbot) -> None:
    store = MemorySettingsStore(AppSettings(live_api="v2", live_model="inter-2"))
    view = LiveView()
    qtbot.addWidget(view)
    controller = LiveController(view, None, store=store)
    request = controller.request()
    assert (request.api, request.model) == ("v2", "inter-2")
    store.save(AppSettings(live_api="v1", live_model="inter-2-audio"))
    assert (controller.request().api, controller.request().model) == ("v1", None)


def test_the_health_line_names_the_stream() -> None:
    label = stream_label(LiveOptions(api="v2", model="inter-2"))
    assert label == "V2 stream · inter-2"
    assert stream_label(LiveOptions(), 5.0) == "V1 stream · 5-s segments"  # the real length
    assert stream_label(LiveOptions(), 3.5) == "V1 stream · 3.5-s segments"
    assert stream_label(LiveOptions()) == "V1 stream"
    health = {"state": "streaming", "socket": "open", "fps_in": 30.0, "stream": label}
    assert health_light(health, 1.0).reason == "All good · V2 stream · inter-2 · 30 fps · " \
                                               "analysis 1.0 s behind"
    assert health_text(health).startswith("V2 stream · inter-2 · streaming")
