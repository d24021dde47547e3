"""The dashboard's screens: one module per screen, each handling its widgets' messages."""
