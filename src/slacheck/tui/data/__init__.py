"""What the dashboard shows, computed without Textual: evaluation snapshots, trends, countdowns,
filters, event actions and the text of cells.  Everything here runs in worker threads or is
pure, and is tested without an app."""
