"""Bootstrap and Plotly are served by the app itself: no CDN."""

import pytest
from django.core.management import call_command

from emognad.staticfiles import PLOTLY_CSS, plotly_bundled_style_hash, plotly_css


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/vendor/plotly/plotly.min.js",
        "/static/vendor/plotly/plotly.css",
    ],
)
def test_vendor_assets_are_served_by_the_app(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:200].strip()


def test_collectstatic_gathers_plotly_from_the_installed_package(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path

    call_command("collectstatic", interactive=False, verbosity=0)

    plotly = tmp_path / "vendor/plotly/plotly.min.js"
    assert plotly.stat().st_size > 1_000_000
    assert not (tmp_path / "vendor/plotly/widgetbundle.js").exists()
    assert (tmp_path / "vendor/bootstrap/bootstrap.min.css").exists()


def test_pages_load_no_third_party_assets(client, db):
    page = client.get("/konto/logga-in/").content.decode()

    assert "cdn" not in page.lower() and "https://" not in page


def test_plotlys_stylesheet_matches_the_installed_plotly():
    # After upgrading plotly: python -m emognad.staticfiles
    assert PLOTLY_CSS.read_text(encoding="utf-8") == plotly_css()
    assert ".js-plotly-plot .plotly .main-svg{position:absolute;" in plotly_css()


def test_the_csp_allows_the_stylesheet_the_installed_plotly_writes_inline(settings):
    assert plotly_bundled_style_hash() == settings.PLOTLY_BUNDLED_STYLE
