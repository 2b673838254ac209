"""How a screen runs work off the UI thread: one helper, typed messages back.

`screen.fetch(job, SomethingRead)` runs `job()` in a thread worker (through `app.store`, which waits out a locked
collection) and posts `SomethingRead(result)` to the screen; the screen handles it in `on_something_read`. A
result kind is a `WorkDone` dataclass whose first field is the job's return value; more fields can be given to
`fetch` by keyword (what the screen knew when it asked). A job that raises posts `WorkFailed` instead: every
screen's base handler turns it into one notification in the user's words (never a traceback); a screen that
must also undo something (a busy flag, a status line) handles `on_work_failed` too, and calls
`message.prevent_default()` when it has shown the failure itself.

A message reaches a screen only while it is up: one posted before the screen is mounted waits for its mount,
one posted after it is dismissed is dropped. A screen that reads ahead of its mount (Home, Review) can take a
result that is already in when it mounts (`arrived(worker)`), so its first frame shows it; the message that
follows is then one it has seen."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker


@dataclass(eq=False)  # a message is an event, compared by identity; Message.__post_init__ sets it up
class WorkDone(Message, bubble=False):
    """Base of every worker result; a subclass is one result kind, its fields the result."""

    def __init_subclass__(cls, bubble: bool = False, **kwargs) -> None:  # a result is for its screen alone
        super().__init_subclass__(bubble=bubble, **kwargs)


class WorkFailed(Message, bubble=False):
    """A worker's job raised. `kind`: the WorkDone class it would have posted, so a screen tells its jobs apart."""

    def __init__(self, error: Exception, kind: type[WorkDone]):
        super().__init__()
        self.error, self.kind = error, kind


def run_job(node, job: Callable[[], Any], done: type[WorkDone], *, retry: bool = True,
            group: str = "default", exclusive: bool = False, **fields) -> Worker:
    """Run `job` in a thread worker of `node` (a screen) and post its result, or its failure, back to it.
    retry=False: the job makes its own `app.store` calls (a write must not be repeated with a read)."""

    def work() -> WorkDone | None:
        worker, app = get_current_worker(), node.app
        try:
            value = app.store(job) if retry else job()
        except Exception as error:  # reported on screen: a worker must not take the app down
            if not worker.is_cancelled:
                node.post_message(WorkFailed(error, done))
            return None
        if worker.is_cancelled:
            return None
        message = done(value, **fields)
        node.post_message(message)
        return message

    return node.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def arrived(worker: Worker | None) -> WorkDone | None:
    """The result a job has already posted, or None while it runs (or when it failed). Read on the UI thread:
    Textual sets a worker's result there."""
    if worker is None or worker.state is not WorkerState.SUCCESS:
        return None
    return worker.result
