"""The Spanish edition (Content/es/ → es/): every page and its other-language version name each
other (hreflang, both ways, plus x-default), the language switch leads there, the pages say they
are Spanish, and the Spanish search forgives accents and finds what Spanish readers type."""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selenium.webdriver.common.by import By

from conftest import wait_for
from test_search_queries import top_three

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')


def alternates(site: Path, path: str) -> dict:
    """hreflang → the file (relative to the site root) it points at, from the page's head. The
    session's site has no base URL, so the alternates are relative to the page."""
    text = (site / path).read_text(encoding="utf-8")
    return {language: urljoin(path, href) for language, href in ALTERNATE.findall(text)}


def html_pages(site: Path) -> list:
    return sorted(file.relative_to(site).as_posix() for file in site.rglob("index.html")
                  if "/handouts/" not in "/" + file.relative_to(site).as_posix() or file.parent.name == "handouts")


def test_every_page_names_its_other_language_version_and_is_named_back(site):
    problems = []
    pairs = 0
    for path in html_pages(site):
        links = alternates(site, path)
        if not links:
            continue
        if set(links) != {"en", "es", "x-default"}:
            problems.append(f"{path}: hreflang {sorted(links)}")
            continue
        for language, target in links.items():
            if not (site / target).is_file():
                problems.append(f"{path}: hreflang={language} → {target}, which does not exist")
                continue
            back = alternates(site, target)
            if path not in back.values():
                problems.append(f"{path}: {target} does not name it back ({back})")
        if links["x-default"] != links["en"]:
            problems.append(f"{path}: x-default is not the English page")
        pairs += 1
    assert problems == []
    # Every English page has a Spanish version (the closing note reports the coverage).
    english = [p for p in html_pages(site) if not p.startswith("es/")]
    assert pairs >= 2 * len([p for p in english if (site / "es" / p).is_file()]) > 300


def test_spanish_pages_are_spanish_and_switch_to_english(page, root_url, site):
    page.get(root_url + "es/drugs/tamoxifen/index.html")
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es-US"
    switch = page.find_element(By.CSS_SELECTOR, "a.language-switch")
    assert switch.get_attribute("hreflang") == "en"
    switch.click()
    wait_for(page, lambda: page.current_url.endswith("/drugs/tamoxifen/index.html") and "/es/" not in page.current_url)
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang").startswith("en")
    page.find_element(By.CSS_SELECTOR, "a.language-switch").click()
    wait_for(page, lambda: "/es/drugs/tamoxifen/" in page.current_url)


@pytest.mark.parametrize("query, first", [
    ("tamoxifeno", "es/drugs/tamoxifen/"),
    ("sofocos", "es/side-effects/hot-flashes/"),
    ("náuseas", "es/side-effects/nausea-and-vomiting/"),
    ("nauseas", "es/side-effects/nausea-and-vomiting/"),
    ("NÁUSEAS", "es/side-effects/nausea-and-vomiting/"),
    ("metástasis", "es/glossary/metastatic/"),
    ("quimioterapia", "es/treatments/chemotherapy/"),
    ("letrozol", "es/drugs/letrozole/"),
    ("tamoxifem", "es/drugs/tamoxifen/"),
])
def test_spanish_search_finds_what_readers_type(page, root_url, query, first):
    assert top_three(page, root_url, query, search_page="es/search/index.html#q=")[:1] == [first]
