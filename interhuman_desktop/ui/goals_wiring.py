"""One goals setting: Analyze, Live and Settings all show the goals the settings store holds.

Analyze's goals and context are saved when the user changes them; Live saves its own; after
either, or a save in Settings, the other views follow. Installed on the main window by
:func:`install`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

log = logging.getLogger(__name__)


class Goals:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.store = window.store

    def remember_analyze_options(self) -> None:
        analyze = self.window.analyze
        self.store.save(replace(self.store.load(), goals=analyze.goals(),
                                conversation_context=analyze.context()))
        self.sync()

    def sync(self) -> None:
        """Every view that shows other goals than the store's shows the store's."""
        w = self.window
        s = self.store.load()
        goals = set(s.goals)
        if set(w.analyze.goals()) != goals:
            w.analyze.set_options(s.goals, w.analyze.context())
        if set(w.live.setup.goals()) != goals and w.live_session.handle is None:
            w.live.setup.set_goals(s.goals)
        if set(w.settings_view.settings().goals) != goals:
            w.settings_view.show_settings(s)


def install(window: Any) -> Goals:
    """Show the stored goals in Analyze and keep the three views in step."""
    goals = Goals(window)
    s = window.store.load()
    window.analyze.set_options(s.goals, s.conversation_context)
    window.analyze.optionsChanged.connect(goals.remember_analyze_options)
    window.live.setup.goalsChanged.connect(lambda _g: goals.sync())  # saved by Live
    return goals
