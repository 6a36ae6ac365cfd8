"""axe-core on every kind of page, in light and dark colours, at desktop and phone width, and
with the interactive parts open: no serious or critical violations of WCAG 2.2 AA rules."""

import importlib.util
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import emulate_media, example_brand, page_with_term, pages_by_kind, wait_for

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_source() -> str:
    """axe-core 4 from selenium-axe-python when installed; axe-selenium-python's copy otherwise."""
    for module, relative in (("selenium_axe_python", "axe-core/axe.min.js"),
                             ("axe_selenium_python", "node_modules/axe-core/axe.min.js")):
        spec = importlib.util.find_spec(module)
        if spec and spec.origin:
            file = Path(spec.origin).parent / relative
            if file.is_file():
                return file.read_text(encoding="utf-8")
    raise RuntimeError("axe-core not found: pip install selenium-axe-python")


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def run_axe(driver, source: str) -> list:
    driver.execute_script(source)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(function (r) { done({version: axe.version, violations: r.violations}); })"
        ".catch(function (e) { done({error: String(e)}); });", WCAG_AA)
    assert "error" not in result, result.get("error")
    return result


def serious(result) -> list:
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_is_version_4(page, root_url, axe):
    page.get(root_url + "index.html")
    result = run_axe(page, axe)
    assert re.match(r"4\.", result["version"]), f"axe-core {result['version']}; install selenium-axe-python for 4.x"


@pytest.mark.parametrize("edition", ["", "es"], ids=["english", "spanish"])
def test_every_page_kind_has_no_serious_violations(page, root_url, site, axe, edition):
    page.set_script_timeout(60)
    failures = {}
    for kind, path in sorted(pages_by_kind(site, edition).items()):
        page.get(root_url + path)
        problems = serious(run_axe(page, axe))
        if problems:
            failures[f"{kind} ({path})"] = problems
    assert failures == {}


def emulate(driver, width=None, dark=False):
    if width:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    emulate_media(driver, dark)


@pytest.mark.parametrize("width, dark", [(None, True), (375, False), (375, True)], ids=["desktop-dark", "phone-light", "phone-dark"])
def test_page_kinds_pass_in_dark_colours_and_at_phone_width(page, root_url, site, axe, width, dark):
    page.set_script_timeout(60)
    kinds = pages_by_kind(site)
    failures = {}
    try:
        emulate(page, width, dark)
        for kind in ("home", "drug", "cell-type", "treatment", "side-effect", "compare", "finder", "search", "section drugs"):
            if kind not in kinds:
                continue
            page.get(root_url + kinds[kind])
            problems = serious(run_axe(page, axe))
            if problems:
                failures[kind] = problems
    finally:
        emulate(page)
    assert failures == {}


def test_open_definitions_search_results_and_finder_choices_pass(page, root_url, site, model, axe):
    page.set_script_timeout(60)
    path = page_with_term(site)
    page.get(root_url + path)
    for button in page.find_elements(By.CSS_SELECTOR, "main a.term.has-toggle")[:5]:
        button.click()
    assert serious(run_axe(page, axe)) == []

    brand, _ = example_brand(model)
    page.find_element(By.ID, "header-search-input").send_keys(brand)
    wait_for(page, lambda: page.find_element(By.ID, "quick-results").is_displayed())
    assert serious(run_axe(page, axe)) == []

    page.get(root_url + "search/index.html?q=" + brand)
    wait_for(page, lambda: page.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert serious(run_axe(page, axe)) == []

    page.get(root_url + "find/index.html?hr=positive&her2=low")
    assert serious(run_axe(page, axe)) == []


def test_the_404_page_passes_without_its_stylesheet(page, root_url, axe):
    """A server shows 404.html at any address, where its stylesheet may fail to load: as plain
    HTML it must still pass, target size (WCAG 2.5.8) included."""
    page.set_script_timeout(60)
    page.execute_cdp_cmd("Network.enable", {})
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*.css"]})
    try:
        page.get(root_url + "404.html")
        # The stylesheet takes the underline off the site's title; here it is plain HTML.
        assert "underline" in page.execute_script("return getComputedStyle(document.querySelector('.site-title')).textDecorationLine"), "the stylesheet loaded"
        result = run_axe(page, axe)
        assert serious(result) == []
        assert not any(v["id"] == "target-size" for v in result["violations"])
    finally:
        page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        page.execute_cdp_cmd("Network.disable", {})
