"""Editions (catalogue volumes above all) render two at once: the outputs are the same bytes as one at a
time, and a volume that fails leaves the last good set untouched (the output set still changes together)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from project_helpers import large_project

from conftest import build_project
from ikon_report import build as build_module
from ikon_report.render import publish as publish_module


def digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The generated large project, built one edition at a time here and two at once by
    ``large_project`` (``LARGE_JOBS``; shared by the run: read-only)."""
    root, parallel = large_project("generated")
    serial = tmp_path_factory.mktemp("parallel") / "out-1"
    os.environ["IKON_REPORT_JOBS"] = "1"
    try:
        proc = build_project(root, serial)
    finally:
        del os.environ["IKON_REPORT_JOBS"]
    assert proc.returncode == 0, proc.stderr
    return root, serial, parallel


def test_two_at_once_writes_the_same_bytes_as_one_at_a_time(serial_and_parallel: tuple[Path, Path, Path]) -> None:
    _, serial, parallel = serial_and_parallel
    volumes = [name for name in digests(serial) if "-Band-" in name]
    assert len(volumes) >= 4  # at least two volumes, DOCX and PDF each
    assert digests(serial) == digests(parallel)


def test_a_failing_volume_leaves_the_last_good_set(serial_and_parallel: tuple[Path, Path, Path], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root, _, shared = serial_and_parallel
    out = tmp_path / "out"  # the shared output stays as it is
    shutil.copytree(shared, out, symlinks=True)
    before = digests(out)
    real = publish_module.publish
    started: list[str] = []

    def failing(project, edition, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(edition.stem)
        if "-Band-2-" in edition.stem:
            time.sleep(0.5)  # the other volume is rendering meanwhile
            raise RuntimeError("volume 2 failed")
        return real(project, edition, *args, **kwargs)

    monkeypatch.setattr(publish_module, "publish", failing)
    monkeypatch.setenv("IKON_REPORT_JOBS", "2")
    with pytest.raises(RuntimeError, match="volume 2 failed"):
        build_module.build(root, out, force=True)
    assert any("-Band-2-" in stem for stem in started) and len(started) > 2
    assert digests(out) == before


def test_render_jobs_from_the_environment_bounded_by_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    cpus = len(os.sched_getaffinity(0))
    monkeypatch.setenv("IKON_REPORT_JOBS", "1")
    assert build_module.render_jobs() == 1
    monkeypatch.setenv("IKON_REPORT_JOBS", "64")
    assert build_module.render_jobs() == cpus
    monkeypatch.setenv("IKON_REPORT_JOBS", "many")
    assert build_module.render_jobs() == min(build_module.RENDER_JOBS, cpus)
    monkeypatch.delenv("IKON_REPORT_JOBS")
    assert build_module.render_jobs() == min(build_module.RENDER_JOBS, cpus)
