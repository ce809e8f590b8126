"""Template helpers."""

from __future__ import annotations

import pytest

from ckanext.digicanvis import helpers


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=3", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://example.cat/video.mp4", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("javascript:alert(1)", None),
        (None, None),
    ],
)
def test_video_embed_url(url, embed):
    assert helpers.digicanvis_video_embed_url(url) == embed


def test_choice_label_in_the_default_language(app):
    with app.flask_app.test_request_context("/"):
        assert helpers.digicanvis_choice_label("phase", "pilot") == "Prova pilot"


def test_choice_label_of_unknown_value_is_the_value(app):
    with app.flask_app.test_request_context("/"):
        assert helpers.digicanvis_choice_label("phase", "unheard-of") == "unheard-of"
