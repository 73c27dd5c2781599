"""The insights report in a real browser (Debian's Chromium driven by Playwright): no console errors,
every Plotly chart drawn (an svg in its div), offline (no network request leaves the file).
A screenshot goes to artifacts/screenshots/insights.png."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_insights import corpus

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("plotly")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


def test_report_renders_in_chromium_without_errors(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from empathic.insights import analyze_conversations

    page_path = tmp_path / "report.html"
    analyze_conversations(corpus()).to_html(page_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
            page.goto(page_path.as_uri())
            charts = page.locator("div.chart")
            assert charts.count() >= 4
            for i in range(charts.count()):
                chart = charts.nth(i)
                sync_api.expect(chart.locator("svg.main-svg").first).to_be_attached(timeout=15_000)
            assert page.locator("#arc-chart .scatterlayer .trace").count() >= 2  # curves are drawn, not just axes
            assert page.get_by_role("heading", name="Key findings").is_visible()
            page.screenshot(path=str(SHOTS / "insights.png"), full_page=True)
            assert errors == [] and requests == []
        finally:
            browser.close()
