"""Noticing edits to the agreement files: a cheap signature of ``agreements/**.toml``.

The dashboard polls :func:`files_signature` about once a second; when it differs from the last
one, the files are loaded and validated again (in a worker).  Adding, removing, touching or
rewriting any TOML file below ``agreements/`` changes the signature.
"""

from __future__ import annotations

import os
from pathlib import Path

Signature = tuple[tuple[str, int, int], ...]


def files_signature(agreements_dir: Path) -> Signature:
    """``(relative path, mtime_ns, size)`` of every ``*.toml`` below the folder, sorted."""
    found: list[tuple[str, int, int]] = []
    stack = [str(agreements_dir)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=True):
                    if not entry.name.startswith("."):
                        stack.append(entry.path)
                elif entry.name.endswith(".toml"):
                    stat = entry.stat(follow_symlinks=True)
                    found.append((os.path.relpath(entry.path, agreements_dir), stat.st_mtime_ns, stat.st_size))
            except OSError:
                continue
    return tuple(sorted(found))
