"""The command-line shell: click groups over the domain and store services."""
