"""A Footer that updates its keys in place, only when what it shows has changed, at most once per frame.

Textual's Footer recomposes (removes and mounts every key widget, restyles them) on each bindings signal,
and one answer sends several: the answer widget is disabled, the focus moves, the screen refreshes its
bindings.  Profiling an answer showed four rebuilds of about 10 ms each after the verdict.  This footer
coalesces the signals, skips the update when the shown keys are unchanged, and when only their labels
or enabled states change (Skip becomes Next) it relabels the existing key widgets instead of remounting.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Shown = tuple[tuple[str, str, str, bool], ...]


class KeyFooter(Footer):
    """Footer with coalesced, change-only, in-place updates."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pending = False
        self._shown: Shown | None = None

    def visible_bindings(self) -> list[tuple[Binding, bool, str]]:
        """The bindings Footer.compose would show: the first binding of each action, in order."""
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                seen.setdefault(binding.action, (binding, enabled, tooltip))
        return list(seen.values())

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_later(self._update_keys)  # in the same frame as the change, not one frame (and layout) later

    async def _update_keys(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        visible = self.visible_bindings()
        shown: Shown = tuple((b.key, b.description, b.action, enabled) for b, enabled, _ in visible)
        if shown == self._shown:
            return
        keys = [child for child in self.children if isinstance(child, FooterKey)]
        grouped = any(b.group is not None for b, _, _ in visible)
        same_layout = len(keys) == len(self.children) == len(visible) and self._shown is not None
        self._shown = shown
        if grouped or not same_layout:
            await self.recompose()
            return
        for widget, (binding, enabled, tooltip) in zip(keys, visible, strict=True):
            widget.key, widget.action, widget.description = binding.key, binding.action, binding.description
            widget.key_display = self.app.get_key_display(binding)
            widget.tooltip = tooltip or None
            widget._disabled = not enabled
            widget.set_class(not enabled, "-disabled")
            widget.refresh(layout=True)
