"""Opening a workspace's store, whichever backend its database is on.

The one place that turns a :class:`~slacheck.config.workspace.Workspace` into an open store:
its database (``--db``, ``SLACHECK_DB``, ``database`` in ``slacheck.toml``, or the default
file) and its identity (the ``id`` that names its schema on a shared server).
"""

from __future__ import annotations

from ..config.workspace import Workspace
from ..store import StoreBackend, open_store


def open_workspace_store(workspace: Workspace, *, read_only: bool = False,
                         verify: bool = False, shared: bool = False) -> StoreBackend:
    """The workspace's store; ``read_only`` never writes, ``verify`` refuses a damaged file,
    ``shared`` reuses server connections (see :func:`~slacheck.store.open_store`)."""
    return open_store(workspace.database(), workspace_id=workspace.identity,
                      read_only=read_only, verify=verify, shared=shared)
