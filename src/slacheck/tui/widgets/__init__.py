"""Widgets of the dashboard: tables and charts that display, and post past-tense messages."""
