"""ikon-report: municipal integration concepts from Markdown and YAML to Word and PDF."""

__version__ = "0.1.0"
