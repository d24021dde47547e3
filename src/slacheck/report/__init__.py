"""Renderers: evaluated figures -> table / markdown / json / csv.  No I/O, no evaluation."""
