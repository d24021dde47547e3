"""The pure domain core: durations, calendars, working time, agreements and evaluation.

Nothing in this package imports Textual, click or SQL; ``tests/test_import_hygiene.py`` proves it.
"""
