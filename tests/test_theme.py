"""The observatory's colours: WCAG contrast of the defaults, refusal of a failing colour at
start-up, and the colours reaching every page as CSS custom properties."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ckanext.digicanvis import theme

ROOT = Path(__file__).resolve().parent.parent
PRIMARY = "ckanext.digicanvis.theme.primary_colour"
ACCENT = "ckanext.digicanvis.theme.accent_colour"


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is the lightest grey with 4.54:1.
    assert theme.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_default_colours_pass_aa_both_ways(ckan_config) -> None:
    for key in (PRIMARY, ACCENT):
        colour = ckan_config[key]
        assert theme.colour_problem(colour) is None
        assert theme.contrast_ratio(colour, "#ffffff") >= 4.5
    assert round(theme.contrast_ratio("#1d4e89", "#ffffff"), 1) == 8.4
    assert round(theme.contrast_ratio("#b3261e", "#ffffff"), 1) == 6.5


@pytest.mark.parametrize("colour, said", [
    ("#ffdd00", "1.35:1"),
    ("#6fa8dc", "2.53:1"),
    ("blue", "is not a colour written as #rrggbb"),
    ("#12345", "is not a colour written as #rrggbb"),
    ("#1d4e89;}body{display:none", "is not a colour written as #rrggbb"),
])
def test_failing_colours_are_explained(colour: str, said: str) -> None:
    assert said in theme.colour_problem(colour)


def test_suggested_shade_passes_and_is_the_lightest_that_does() -> None:
    suggested = theme.darkest_passing("#6fa8dc")
    assert theme.contrast_ratio(suggested, "#ffffff") >= 4.5
    lighter = theme.mixed_with_black("#6fa8dc", 0)
    assert theme.contrast_ratio(lighter, "#ffffff") < 4.5
    assert f"A darker shade that passes: {suggested}" in theme.colour_problem("#6fa8dc")


def start_with(tmp_path: Path, settings: str) -> subprocess.CompletedProcess:
    """Start CKAN (its CLI loads the whole site) with test.ini plus ``settings``."""
    ini = tmp_path / "site.ini"
    ini.write_text(f"[app:main]\nuse = config:{ROOT / 'test.ini'}\n{settings}\n", encoding="utf-8")
    ckan = Path(sys.executable).parent / "ckan"
    return subprocess.run([str(ckan), "-c", str(ini), "config", "validate"],
                          capture_output=True, text=True, timeout=180, env=os.environ.copy())


def test_site_refuses_to_start_with_a_colour_that_fails_contrast(tmp_path: Path) -> None:
    started = start_with(tmp_path, f"{PRIMARY} = #ffdd00\n{ACCENT} = #b3261e")
    assert started.returncode != 0
    assert "Colours that fail contrast" in started.stderr
    assert f"{PRIMARY}: #ffdd00 has a contrast of 1.35:1 with white" in started.stderr
    assert ACCENT not in started.stderr.split("Colours that fail contrast")[1]


def test_site_starts_with_a_colour_that_passes(tmp_path: Path) -> None:
    started = start_with(tmp_path, f"{PRIMARY} = #0B5563")
    assert started.returncode == 0, started.stderr[-2000:]


@pytest.mark.ckan_config(PRIMARY, "#0b5563")
def test_configured_colours_reach_every_page(app) -> None:
    page = app.get("/").body
    assert "--digicanvis-primary: #0b5563;" in page
    assert "--digicanvis-primary-rgb: 11, 85, 99;" in page
    assert "--digicanvis-accent: #b3261e;" in page
    # A shade for hover: the colour with 20 % black.
    assert f"--digicanvis-primary-dark: {theme.mixed_with_black('#0b5563', 0.2)};" in page
