"""Services shared by the CLI and the TUI: they join the domain, the config and the store."""
