"""The HTML summary in a real browser: axe-core finds no serious or critical
WCAG 2.1 AA violations, and hostile registry text runs no script.

Needs Debian's ``chromium`` and ``chromium-driver`` (see the README); without
them these tests skip with the reason.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from trialdocs import Trial, iter_load, load_one
from trialdocs.summary import load_overlay, parse_overlay, summary

from .conftest import FIXTURES, ROOT, corpus_dir

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
axe_core = pytest.importorskip("axe_core_python", reason="axe-core-python is not installed")
AXE_JS = (Path(axe_core.__file__).parent / "axe.min.js").read_text("utf-8")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Chromium not found: apt-get install chromium chromium-driver (see README)",
)
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1000,1400",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_script_timeout(120)
    yield browser
    browser.quit()


def serious(driver: object, path: Path) -> list[str]:
    driver.get(path.as_uri())  # type: ignore[attr-defined]
    driver.execute_script(AXE_JS)  # type: ignore[attr-defined]
    options = json.dumps({"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    results = driver.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1];"
        f"axe.run(document, {options}).then(r => done(r)).catch(e => done({{error: String(e)}}));"
    )
    assert "error" not in results, results
    return [f"{v['id']}: {v['help']}" for v in results["violations"] if v["impact"] in ("serious", "critical")]


def pages(tmp_path: Path) -> list[Path]:
    out = []
    fixture = load_one(FIXTURES / "NCT06709469.yaml")
    out.append(tmp_path / "fixture-overlay.html")
    out[-1].write_text(summary(fixture, "html", overlay=load_overlay(FIXTURES / "NCT06709469.md")))
    out.append(tmp_path / "fixture-seed.html")
    out[-1].write_text(summary(fixture, "html"))
    trials = [t for t in iter_load([corpus_dir("ctgov-v2")]) if isinstance(t, Trial)]
    # 20 records spread over the corpus, plus the one with the most sites.
    chosen = trials[:: len(trials) // 19][:19] + [max(trials, key=lambda t: len(t.locations))]
    for trial in chosen:
        path = tmp_path / f"{trial.nct_id}.html"
        path.write_text(summary(trial, "html"))
        out.append(path)
    return out


def test_axe_finds_no_serious_violations(driver: object, tmp_path: Path) -> None:
    found = {p.name: serious(driver, p) for p in pages(tmp_path)}
    assert len(found) == 22
    assert {name: v for name, v in found.items() if v} == {}


def test_fixture_screenshot(driver: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "NCT06709469.html"
    page.write_text(summary(load_one(FIXTURES / "NCT06709469.yaml"), "html", overlay=load_overlay(FIXTURES / "NCT06709469.md")))
    driver.get(page.as_uri())  # type: ignore[attr-defined]
    height = driver.execute_script("return document.body.scrollHeight")  # type: ignore[attr-defined]
    driver.set_window_size(1000, min(int(height) + 100, 8000))  # type: ignore[attr-defined]
    shot = ARTIFACTS / "NCT06709469.png"
    assert driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.stat().st_size > 10_000


HOSTILE = (
    '<script>window.__xss = 1; alert(1)</script><img src=x onerror="window.__xss = 2"><a href="javascript:window.__xss=3">x</a>'
)


def test_hostile_registry_text_runs_no_script(driver: object, tmp_path: Path) -> None:
    trial = load_one(FIXTURES / "NCT06709469.yaml").model_copy(
        update={"lay": None, "brief_title": HOSTILE, "conditions": (HOSTILE,), "acronym": HOSTILE}
    )
    overlay = parse_overlay(
        "---\nnct_id: NCT06709469\nlay_title: " + json.dumps(HOSTILE) + "\n---\n\n## Good fit\n\n"
        '- [click me](javascript:window.__xss=4) {{ 7*7 }} {% raw %}\n- <b onmouseover="window.__xss=5">bold</b>\n',
        "hostile.md",
    )
    page = tmp_path / "hostile.html"
    page.write_text(summary(trial, "html", overlay=overlay))
    driver.get(page.as_uri())  # type: ignore[attr-defined]
    assert driver.execute_script("return window.__xss === undefined")  # type: ignore[attr-defined]
    assert driver.execute_script("return document.querySelectorAll('script, img, a[href^=javascript]').length") == 0  # type: ignore[attr-defined]
    assert "<script>" in driver.find_element("tag name", "h1").text  # type: ignore[attr-defined]


LAYOUT_JS = """
const doc = document.documentElement;
const small = [];
for (const t of document.querySelectorAll('svg text')) {
  const ctm = t.getScreenCTM();
  const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
  if (t.textContent.trim() && size < 11.99) small.push(t.textContent.trim().slice(0, 30) + ' ' + size.toFixed(1) + 'px');
}
const facts = [...document.querySelectorAll("dl.facts > dt, dl.facts > dd")].filter(e => e.offsetParent).map(e => Math.round(e.getBoundingClientRect().left));
const cols = [...document.querySelectorAll('.sec:first-of-type > *')].map(e => Math.round(e.getBoundingClientRect().left));
return {scroll: doc.scrollWidth, client: doc.clientWidth, small: small, factLefts: [...new Set(facts)], columnLefts: [...new Set(cols)]};
"""


def layout_pages(tmp_path: Path) -> dict[str, Path]:
    from trialdocs.check import FORMATTERS, check_paths
    from trialdocs.convert import convert

    pages = {"summary": tmp_path / "summary.html"}
    pages["summary"].write_text(
        summary(load_one(FIXTURES / "NCT06709469.yaml"), "html", overlay=load_overlay(FIXTURES / "NCT06709469.md"))
    )
    records = sorted(corpus_dir("ctgov-v2").glob("*.json"))[:40]
    result = check_paths(records)
    pages["check-report"] = tmp_path / "check-report.html"
    pages["check-report"].write_text(FORMATTERS["html"](result))
    convert(records, tmp_path / "out", jobs=1, options=__import__("trialdocs").Options(outputs=("summary-html", "check")))
    pages["index"] = tmp_path / "out" / "index.html"
    return pages


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_the_screen(driver: object, tmp_path: Path, width: int) -> None:
    """No sideways scrolling, readable chart text, stacked facts and one report column on a phone."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
    )
    problems = {}
    try:
        for name, page in layout_pages(tmp_path).items():
            driver.get(page.as_uri())  # type: ignore[attr-defined]
            got = driver.execute_script(LAYOUT_JS)  # type: ignore[attr-defined]
            height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
            driver.execute_cdp_cmd(  # type: ignore[attr-defined]
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": min(int(height), 6000), "deviceScaleFactor": 1, "mobile": width < 600},
            )
            driver.save_screenshot(str(ARTIFACTS / f"{name}-{width}.png"))  # type: ignore[attr-defined]
            driver.execute_cdp_cmd(  # type: ignore[attr-defined]
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
            )
            if got["scroll"] > got["client"]:
                problems[f"{name}: overflow"] = (got["scroll"], got["client"])
            if got["small"]:
                problems[f"{name}: svg text under 12px"] = got["small"][:5]
            if width < 600 and len(got["factLefts"]) > 1:
                problems[f"{name}: quick facts not stacked"] = got["factLefts"]
            if width < 600 and len(got["columnLefts"]) > 1:
                problems[f"{name}: report in {len(got['columnLefts'])} columns"] = got["columnLefts"]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})  # type: ignore[attr-defined]
    assert problems == {}, json.dumps(problems, indent=1)


def results_pages(tmp_path: Path) -> dict[str, Path]:
    """The hand-written fixture and four corpus records with results (v2 and legacy XML)."""
    from trialdocs.summary import build_results, render_results

    chosen = [
        FIXTURES / "results" / "NCT09990001.json",
        corpus_dir("ctgov-v2") / "NCT00777179.json",
        corpus_dir("ctgov-v2") / "NCT02299791.json",
        corpus_dir("ctgov-legacy-xml") / "NCT00023673.xml",
        corpus_dir("ctgov-legacy-xml") / "NCT01076361.xml",
    ]
    out = {}
    for source in chosen:
        trial = load_one(source)
        path = tmp_path / f"{trial.nct_id}.results.html"
        path.write_text(render_results(build_results(trial), "html"))
        out[trial.nct_id] = path
    return out


@pytest.mark.parametrize("width", [390, 1280])
def test_results_pages_pass_axe_and_fit_the_screen(driver: object, tmp_path: Path, width: int) -> None:
    """Zero serious or critical axe violations, no sideways scrolling and chart text of 12px or more."""
    ARTIFACTS.mkdir(exist_ok=True)
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
    problems: dict[str, object] = {}
    try:
        for nct_id, page in results_pages(tmp_path).items():
            if violations := serious(driver, page):
                problems[f"{nct_id}: axe"] = violations
            got = driver.execute_script(LAYOUT_JS)  # type: ignore[attr-defined]
            if got["scroll"] > got["client"]:
                problems[f"{nct_id}: overflow"] = (got["scroll"], got["client"])
            if got["small"]:
                problems[f"{nct_id}: svg text under 12px"] = got["small"][:5]
            if nct_id in ("NCT09990001", "NCT00777179"):
                height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
                driver.execute_cdp_cmd(  # type: ignore[attr-defined]
                    "Emulation.setDeviceMetricsOverride", {**metrics, "height": min(int(height), 9000)}
                )
                shot = ARTIFACTS / f"results-{nct_id}-{width}.png"
                assert driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})  # type: ignore[attr-defined]
    assert problems == {}, json.dumps(problems, indent=1)
