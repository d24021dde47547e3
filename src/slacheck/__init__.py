"""slacheck: internal service agreements between departments, made explicit and measured."""

__version__ = "0.1.0"
