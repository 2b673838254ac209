"""The Textual app (placeholder home until the app issue lands)."""
from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class StudyApp(App):
    TITLE = "studyapp"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, collection):
        super().__init__()
        self.collection = collection

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("studyapp — LLM基础知识", id="home")
        yield Footer()


def create_app(collection) -> StudyApp:
    return StudyApp(collection)
