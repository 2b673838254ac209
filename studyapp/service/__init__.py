"""The service layer: the one API the CLI (studyapp/commands) and the TUI (studyapp/tui) call.

One module per use case (`study`, `browse`, `stats`, `importing`, `quizzes`, `grading`, `labs`,
`maintenance`, `optimizing`; `interview` comes from its own branch). One calling convention: plain functions
whose first parameter is an open `Collection` (`service.collection`), each call one user action in one
transaction, returning the store's frozen dataclasses (re-exported here, so a caller never imports the store).
What a call needs beyond the collection is passed in: the time (`now`), and where a card is shown, the
note→lab index (`CardLabs`, built once by whoever opens the collection).

Functions, not classes: a call holds no state between two user actions, so a screen can hand
`lambda: study.review_step(collection, now, labs=labs)` to a thread worker and a command can call it inline;
the little state there is (the collection, the lab index, the clock) belongs to the caller and is visible at
every call.

Start-up: the modules the first frame needs (`collection`, `card_labs`, `study`, `errors`) import neither
SQLAlchemy nor rapidfuzz, jieba, torch or the quiz at module level. This package file imports nothing.
"""
