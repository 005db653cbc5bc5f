"""``python -m ikon_report.cli``."""

from ikon_report.cli.main import main

main()
