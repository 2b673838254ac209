"""The title line at the top of every screen, drawn by one widget.

It looks as Textual's Header does (the palette icon on the left, "title — screen" in the middle), but
Header is four widgets whose mounting cost a fifth of the app's start-up (bench/tui_startup.py). A click on
the icon opens the command palette, as on Header."""
from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH, RIGHT_WIDTH = 8, 10  # the icon's column and the space Header keeps for its clock


class TitleBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        middle = max(0, self.size.width - ICON_WIDTH - RIGHT_WIDTH)
        icon = Content(f" {ICON}").extend_right(ICON_WIDTH - 2)
        return Content.assemble(icon, self.title_content().center(middle, ellipsis=True),
                                Content(" " * RIGHT_WIDTH))

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            self.app.action_command_palette()
