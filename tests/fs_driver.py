"""Run inside ``unshare -rm`` by test_output_safety.py: real full and read-only file systems.

``python fs_driver.py MOUNTPOINT PROJECT CLI...`` mounts a small tmpfs at MOUNTPOINT (private to
this mount namespace), builds PROJECT into it, then provokes a full disk at several fill levels
and a read-only remount, running the real command each time. It prints one JSON object with what
happened (exit codes, messages, output bytes before and after); the test asserts on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

FREE_LEVELS = (0, 30_000, 120_000)  # bytes left free before a rebuild


def run(*args: str) -> dict:
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)
    return {"rc": proc.returncode, "stderr": proc.stderr}


def outputs(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


def temps(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob(".ikon-tmp-*"))


def fill(mount: Path, free: int) -> None:
    """Leave ``free`` bytes available on the tmpfs."""
    filler = mount / "filler"
    filler.unlink(missing_ok=True)
    avail = int(subprocess.run(["df", "-B1", "--output=avail", str(mount)], capture_output=True, text=True,
                               check=True).stdout.split()[-1])
    with filler.open("wb") as fh:
        left = max(avail - free, 0)
        while left > 0:
            chunk = min(left, 1 << 20)
            try:
                fh.write(b"\0" * chunk)
                fh.flush()
            except OSError:
                break
            left -= chunk


CHART = """
import sys
from pathlib import Path
from ikon_report.content.charts import bar_chart
from ikon_report.errors import IkonError
try:
    bar_chart(Path(sys.argv[1]), "T", ["a"], {"x": [1]}, "Anzahl")
except IkonError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
"""


def chart_into(chart_dir: Path) -> dict:
    """A chart drawn into a read-only folder, matplotlib's configuration folder not set."""
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    proc = subprocess.run([sys.executable, "-c", CHART, str(chart_dir)], capture_output=True, text=True, env=env,
                          check=False)
    return {"rc": proc.returncode, "stderr": proc.stderr}


def main() -> None:
    mount, project = Path(sys.argv[1]), Path(sys.argv[2])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], check=True)
    out = mount / "out"
    chapter = project / "chapters" / "01-einleitung.md"
    text = chapter.read_text(encoding="utf-8")
    report: dict = {"first": run("build", str(project), "--out", str(out), "-q")}
    report["before"] = outputs(out)
    report["full"] = []
    for n, free in enumerate(FREE_LEVELS):
        chapter.write_text(text + f"\nVoll {n}.\n", encoding="utf-8")
        subprocess.run(["rm", "-rf", str(out / ".cache" / "work")], check=True)  # intermediate files need space too
        fill(mount, free)
        result = run("build", str(project), "--out", str(out), "-q")
        result |= {"free": free, "outputs": outputs(out), "temps": temps(out)}
        report["full"].append(result)
    report["export_full"] = run("services", "export", str(project), str(mount / "angebote.xlsx"))
    (mount / "filler").unlink()
    chapter.write_text(text + "\nNach dem Aufräumen.\n", encoding="utf-8")
    report["after"] = run("build", str(project), "--out", str(out), "-q") | {"outputs": outputs(out),
                                                                              "temps": temps(out)}
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    report["readonly_build"] = run("build", str(project), "--out", str(out), "--force")
    report["readonly_fresh"] = run("build", str(project), "--out", str(mount / "new"))
    report["readonly_monitoring"] = run("monitoring", str(project), "--year", "2020", "--out", str(out))
    report["readonly_export"] = run("services", "export", str(project), str(mount / "angebote.xlsx"))
    report["readonly_chart"] = chart_into(out / ".cache" / "charts")
    report["readonly_outputs"] = outputs(out)
    chapter.write_text(text, encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    CLI = sys.argv[3:]
    main()
