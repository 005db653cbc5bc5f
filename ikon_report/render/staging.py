"""The staging folder of an edition: pandoc and typst see only the files the build put here.

Every image an edition shows (photos, the logo, chapter images, charts) is copied into
``OUT/.cache/work/<stem>/media/<content hash>/<name>``, and the document names the copy by its
path relative to that folder; typst's root is the folder itself and pandoc's resource path too, so
neither can read anything else. A copy the previous build left there is kept if its bytes are the
same (a rebuild in ``watch`` writes only what changed); what this build did not stage is removed
(``Stage.prune``). A source outside the allowed folders (the project and the output folder, whose
charts the build wrote) is refused: ``check`` reports such images at their ``path:line``, so this
is a last line of defence.
"""

from __future__ import annotations

import hashlib
import marshal
import shutil
from pathlib import Path
from typing import Any

from ikon_report import pandoc_ast as a
from ikon_report.errors import ToolError

MEDIA = "media"
PNG, JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


class Stage:
    """Copies files into one staging folder; ``allowed`` are the folders they may come from."""

    def __init__(self, folder: Path, allowed: list[Path]) -> None:
        self.folder = folder
        self.allowed = [p.resolve() for p in allowed]
        self._done: dict[str, str] = {}

    def file(self, source: str | Path) -> str:
        """The staged copy of ``source`` (an absolute path), relative to the staging folder."""
        key = str(source)
        if key in self._done:
            return self._done[key]
        path = Path(source)
        real = path.resolve()
        if not path.is_absolute() or not any(real.is_relative_to(root) for root in self.allowed) \
                or not real.is_file():
            raise ToolError(f"refusing to read '{source}': a build reads files of the project only")
        data = real.read_bytes()
        suffix = ".png" if data.startswith(PNG) else ".jpg" if data.startswith(JPEG) else real.suffix.lower()
        name = f"{MEDIA}/{hashlib.sha256(data).hexdigest()[:20]}/{real.stem}{suffix}"
        target = self.folder / name
        if not target.is_file() or target.read_bytes() != data:  # kept from the last build if the same
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self._done[key] = name
        return name

    def prune(self) -> None:
        """Remove the copies this stage did not make: the folder holds only what this build staged."""
        used = {self.folder / name for name in self._done.values()}
        media = self.folder / MEDIA
        for entry in sorted(media.glob("*/*")):
            if entry not in used:
                _remove(entry)
        for entry in sorted(media.glob("*")):
            if entry.is_symlink() or not entry.is_dir() or not any(entry.iterdir()):
                _remove(entry)

    def top_blocks(self, blocks: list[a.Node]) -> list[a.Node]:
        """``blocks`` with staged images; a block with no image in it is passed on as it is."""
        new = [self.blocks(block) if _may_hold_image(block) else block for block in blocks]
        return new if any(x is not y for x, y in zip(new, blocks, strict=True)) else blocks

    def blocks(self, node: Any) -> Any:
        """``node`` with every image replaced by one naming its staged copy (copies only where changed)."""
        if isinstance(node, list):
            new = [self.blocks(item) for item in node]
            return new if any(x is not y for x, y in zip(new, node, strict=True)) else node
        if not isinstance(node, dict):
            return node
        if node.get("t") == "Image":
            attr, caption, (src, title) = node["c"]
            return {**node, "c": [attr, self.blocks(caption), [self.file(src), title]]}
        changed = {key: self.blocks(value) for key, value in node.items()}  # citations too
        return node if all(changed[key] is node[key] for key in node) else changed


def _may_hold_image(block: a.Node) -> bool:
    """False only if no string in ``block`` contains "Image" (so no node is an image): the block's
    marshal bytes (made in C, a tenth of the Python walk's time) hold every string's text at least
    once (ASCII as is, others as UTF-8). Anything marshal cannot write is walked."""
    try:
        return b"Image" in marshal.dumps(block)
    except ValueError:
        return True


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink(missing_ok=True)


def stage_blocks(blocks: list[a.Node], folder: Path, allowed: list[Path]) -> tuple[list[a.Node], Stage]:
    """The blocks with staged images, and the stage (for further files such as the logo; then ``prune``)."""
    stage = Stage(folder, allowed)
    return stage.top_blocks(blocks), stage
