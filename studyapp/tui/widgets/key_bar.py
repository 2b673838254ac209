"""The screen's keys on one line, drawn by one widget.

Textual's Footer mounts a widget per key, and mounts them all again whenever the bindings change; with the
eight keys of Home that was a third of the app's start-up (bench/tui_startup.py). This bar draws the same
line, in the theme's footer colours, and a click on a key presses it."""
from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

_DIM = Style(dim=True)


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled) of each drawn key


    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, key as shown, description, enabled) of each key the bar shows, the palette's last."""
        shown: dict[str, tuple[str, str, str, bool]] = {}
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            elif binding.show and binding.action not in shown:  # one entry per action, as the Footer does
                shown[binding.action] = (binding.key, self.app.get_key_display(binding), binding.description,
                                         enabled)
        return list(shown.values()) + ([palette] if palette else [])

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        keys = self.keys()
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for index, (key, display, description, enabled) in enumerate(keys):
            is_palette = index == len(keys) - 1 and key == self.app.COMMAND_PALETTE_BINDING
            if is_palette:  # on the right, as in Textual's footer
                width = len(display) + len(description) + 3
                line.append(" " * max(1, self.size.width - line.cell_len - width))
            start = line.cell_len
            dim = Style() if enabled else _DIM
            line.append(f" {display} ", key_style + dim)
            if description:
                line.append(f"{description} ", description_style + dim)
            self._spans.append((start, line.cell_len, key, enabled))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
