"""`make pictures-check`: the pictures ``sentemb.py --svg`` draws, rendered to PNG by
headless Chromium, in a light theme and in a dark one, for a person to look at.

It draws the README's picture (docs/exercise.svg, as `make pictures` made it), the
6-token reading, and maps of the Lee fixture (1,000 lines: averaged, ranked against a
query, and by SIF) into build/pictures/, then renders each SVG at its own size to
NAME.light.png and NAME.dark.png beside it.  Without Chromium (Debian's package
``chromium``) it says so and renders nothing: exit status 0, as a skipped check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "pictures"
LEE = ROOT / "fixtures" / "lee"
QUERY = "bushfires forced people from their homes"
DRAWN = {
    "words-only": ["--words-only"],
    "lee-map": ["--vectors", f"{LEE}/vectors.bin", "--input", f"{LEE}/fit.txt"],
    "lee-rank": ["--vectors", f"{LEE}/vectors.bin", "--rank", QUERY, f"{LEE}/fit.txt"],
    "lee-sif": ["--vectors", f"{LEE}/vectors.bin", "--input", f"{LEE}/fit.txt",
                "--method", "sif", "--counts", f"{LEE}/counts.txt"],
}  # fmt: skip


def chromium() -> str:
    found = [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((path for path in found if path), "")


def render(browser: str, svg: Path) -> List[Path]:
    """The SVG as PNGs at its own size, light and dark (Chromium's --force-dark-mode
    makes prefers-color-scheme: dark)."""
    head = svg.read_text(encoding="utf-8")[:400]
    size = re.search(r'width="(\d+)" height="(\d+)"', head)
    assert size, f"{svg}: no width and height"
    made = []
    for theme, flags in (("light", []), ("dark", ["--force-dark-mode"])):
        png = OUT / f"{svg.stem}.{theme}.png"
        window = f"--window-size={size[1]},{size[2]}"
        command = [browser, "--headless", "--disable-gpu", "--hide-scrollbars", *flags,
                   f"--screenshot={png}", window, svg.as_uri()]  # fmt: skip
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        made.append(png)
    return made


def main() -> int:
    browser = chromium()
    if not browser:
        print("pictures-check: skipped: no Chromium here (Debian: apt-get install chromium)")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    svgs = [ROOT / "docs" / "exercise.svg"]
    for name, args in DRAWN.items():
        svgs.append(OUT / f"{name}.svg")
        subprocess.run([sys.executable, str(ROOT / "sentemb.py"), *args, "--svg", str(svgs[-1])],
                       check=True)  # fmt: skip
    for svg in svgs:
        for png in render(browser, svg):
            print(f"{png.relative_to(ROOT)}: {png.stat().st_size:,} bytes, from {svg.name}")
    print("pictures-check: look at them: build/pictures/*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
