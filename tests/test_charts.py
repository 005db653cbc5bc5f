"""Charts: matplotlib reads no system font (only the package's Noto Sans, so a chart is the same on
every machine), and a label is text, never mathtext."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ikon_report import resources

PROBE = """
import json, sys
from pathlib import Path
from ikon_report.content import charts
charts_dir = Path(sys.argv[1])
chart = charts.bar_chart(charts_dir, "Kosten in $\\\\frac{1}{2}$ {{ x }} #a", ["$\\\\frac{$", "100 % _b_"],
                         {"2019 $x$": [1, 2]}, "Euro $")
from matplotlib import font_manager
print(json.dumps({"fonts": [f.fname for f in font_manager.fontManager.ttflist], "chart": str(chart)}))
"""


def test_charts_use_only_the_package_font_and_draw_dollar_signs_as_text(tmp_path: Path):
    charts_dir = tmp_path / "out" / ".cache" / "charts"
    charts_dir.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(charts_dir)], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 0, proc.stderr  # with mathtext, "$\frac{$" would be a parse error
    assert "findfont" not in proc.stderr and "missing from font" not in proc.stderr, proc.stderr
    found = json.loads(proc.stdout)
    package_font = str(resources.font_file("NotoSans-Regular.ttf"))
    assert found["fonts"] == [package_font], "matplotlib scanned the system's fonts"
    assert Path(found["chart"]).stat().st_size > 1000
    [listing] = (tmp_path / "out" / ".cache" / "matplotlib").glob("fontlist-v*.json")
    assert json.loads(listing.read_text(encoding="utf-8"))["ttflist"] == []
