"""Modal screens returning typed values: a yes/no confirmation and the event forms."""
