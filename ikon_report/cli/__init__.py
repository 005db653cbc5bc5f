"""The command line ``ikon-report``: one module per command group; commands only map flags to calls."""

from ikon_report.cli.main import main

__all__ = ["main"]
