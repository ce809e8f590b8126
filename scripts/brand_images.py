"""Render the observatory's raster images from its SVGs (run by hand after changing them; the
PNG and ICO files are committed): favicon.png (32 px), apple-touch-icon.png (180 px),
favicon.ico (16, 32 and 48 px) and social-preview.png (1200 x 630, the link-preview picture).

    .venv/bin/python scripts/brand_images.py

Uses the Chromium of the browser tests (Playwright, /usr/bin/chromium).
"""

from __future__ import annotations

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

PUBLIC = Path(__file__).resolve().parent.parent / "ckanext-digicanvis/ckanext/digicanvis/public"
IMAGES = PUBLIC / "digicanvis"
PRIMARY, ACCENT = "#1d4e89", "#b3261e"

SOCIAL = f"""<!doctype html><html><body style="margin:0">
<div style="width:1200px;height:630px;background:{PRIMARY};display:flex;flex-direction:column;
  justify-content:center;padding:0 96px;box-sizing:border-box;border-bottom:24px solid {ACCENT};
  font-family:'DejaVu Sans',Arial,sans-serif;color:#fff">
  <img src="logo.svg" style="height:168px;width:auto;align-self:flex-start">
  <p style="font-size:44px;margin:48px 0 0">Observatori DigiCanvis</p>
  <p style="font-size:30px;margin:16px 0 0;opacity:.9">Projectes de transformació digital dels governs locals</p>
</div></body></html>"""


def ico(pngs: list[bytes], sizes: list[int]) -> bytes:
    """An ICO file holding PNG images (every browser since IE Vista reads them)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, data = b"", b""
    for png, size in zip(pngs, sizes):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()

        def shot(html: str, width: int, height: int) -> bytes:
            # A page beside the SVGs, so that they load by relative address.
            sheet = IMAGES / "render.html"
            sheet.write_text(html, encoding="utf-8")
            page.set_viewport_size({"width": width, "height": height})
            page.goto(sheet.as_uri())
            page.wait_for_load_state()
            sheet.unlink()
            return page.screenshot(omit_background=True)

        def icon(size: int) -> bytes:
            return shot(f'<body style="margin:0"><img src="favicon.svg" width="{size}" height="{size}" '
                        f'style="display:block"></body>', size, size)

        (IMAGES / "favicon.png").write_bytes(icon(32))
        (IMAGES / "apple-touch-icon.png").write_bytes(icon(180))
        (PUBLIC / "favicon.ico").write_bytes(ico([icon(size) for size in (16, 32, 48)], [16, 32, 48]))
        (IMAGES / "social-preview.png").write_bytes(shot(SOCIAL, 1200, 630))
        browser.close()


if __name__ == "__main__":
    main()
