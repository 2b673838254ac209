"""Runnable labs: `python -m labs list` and `python -m labs ID --device auto --mode quick --out RESULT.json`.

Importing this package (and `labs.registry`) never imports torch; each lab's experiment does.
"""
