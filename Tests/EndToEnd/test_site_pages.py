"""The built site, read as files: structure every page must have, links that work anywhere,
structured data, and the weight of a first visit."""

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import build_site, page_files, parse

# What a phone downloads on a first visit to any page (its HTML, CSS and JS), compressed as every
# host sends text and as the build ships it (.gz beside each file): the budget that matters on a
# slow connection. The files as the browser parses them have a looser ceiling.
FIRST_LOAD_COMPRESSED_LIMIT = 40 * 1024
FIRST_LOAD_LIMIT = 150 * 1024


def is_external(href: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", href))


@pytest.fixture(scope="module")
def pages(site):
    return {path: parse(site / path) for path in page_files(site)}


def in_edition(path: str) -> str:
    """The path within its edition: es/handouts/x/index.html is handouts/x/index.html."""
    return path[3:] if path.startswith("es/") else path


def is_handout(path: str) -> bool:
    path = in_edition(path)
    return path.startswith("handouts/") and path != "handouts/index.html"


def content_pages(pages):
    """The pages made with the site's layout: all but the 404 pages and the printable handouts."""
    return {path: page for path, page in pages.items() if in_edition(path) != "404.html" and not is_handout(path)}


# The words every page ends with, in each edition's language (Templates/strings/*.yml).
FOOTER_WORDS = {"en": ["Last reviewed", "This is general information", "Talk with your care team"],
                "es": ["Revisado por última vez", "Esta es información general", "Hable con su equipo de atención médica"]}


def test_every_page_has_one_h1_a_language_and_a_main_landmark(pages):
    for path, page in pages.items():
        assert page.h1 == 1, f"{path} has {page.h1} h1 elements"
        assert page.lang, f"{path} has no lang"
        assert page.main == 1, f"{path} has {page.main} main elements"


def test_every_content_page_has_a_review_line_and_the_general_information_line(pages):
    for path, page in content_pages(pages).items():
        text = " ".join(" ".join(page.text).split())
        review, general, talk = FOOTER_WORDS["es" if path.startswith("es/") else "en"]
        assert review in text, f"{path} has no review line"
        assert general in text, f"{path} lacks the 'general information' line"
        assert talk in text, f"{path} lacks 'talk with your care team'"


def test_links_are_relative_name_index_html_and_reach_a_file_and_heading(site, pages):
    for path, page in content_pages(pages).items():
        here = (site / path).parent
        for href in page.links + page.assets:
            if is_external(href):
                continue
            parts = urlsplit(href)
            if not parts.path:
                assert parts.fragment in page.ids, f"{path}: #{parts.fragment} is not on the page"
                continue
            assert not parts.path.startswith("/"), f"{path}: absolute link {href}"
            assert not parts.path.endswith("/"), f"{path}: {href} must name index.html (file:// needs it)"
            target = (here / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path}: {href} does not exist"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target.relative_to(site).as_posix()].ids, f"{path}: {href} has no such heading"


def test_not_found_page_uses_root_relative_addresses(pages):
    page = pages["404.html"]
    for href in page.links + page.assets:
        if href.startswith("#"):
            continue
        assert href.startswith("/") or is_external(href), f"404.html: {href} would break at another depth"


def test_structured_data_is_a_medical_web_page_and_a_drug_on_drug_pages(site, pages, model):
    for path, page in content_pages(pages).items():
        assert len(page.json_ld) == 1, f"{path} has {len(page.json_ld)} JSON-LD blocks"
        data = json.loads(page.json_ld[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalWebPage"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["lastReviewed"]), path
    for drug in model["drugs"]:
        data = json.loads(pages[drug["path"] + "index.html"].json_ld[0])
        assert data["about"]["@type"] == "Drug"
        assert data["about"]["nonProprietaryName"] == drug["generic"]
        if drug["brands"]:
            assert data["about"]["proprietaryName"] == drug["brands"]


def test_open_graph_title_and_description_on_every_page(site):
    for path in page_files(site):
        if is_handout(path):
            continue
        html = (site / path).read_text(encoding="utf-8")
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), path
        assert re.search(r'<meta property="og:description" content="[^"]+">', html), path


def test_no_page_downloads_over_40_kb_on_first_load(site, pages):
    import gzip
    heaviest = (0, 0, "")
    for path, page in pages.items():
        here = (site / path).parent
        files = [site / path] + [(site / asset.lstrip("/")) if asset.startswith("/") else (here / asset) for asset in page.assets]
        raw = sum(file.resolve().stat().st_size for file in files)
        sent = sum(len(gzip.compress(file.resolve().read_bytes(), 9)) for file in files)
        heaviest = max(heaviest, (sent, raw, path))
        assert sent < FIRST_LOAD_COMPRESSED_LIMIT, f"{path} downloads {sent} bytes of HTML, CSS and JS (gzip)"
        assert raw < FIRST_LOAD_LIMIT, f"{path} loads {raw} bytes of HTML, CSS and JS"
        assert "search-index.js" not in " ".join(page.assets), f"{path} loads the search index up front"
    print(f"heaviest first load: {heaviest[2]}, {heaviest[0]} bytes compressed, {heaviest[1]} as files")


def test_no_external_resources(pages):
    for path, page in pages.items():
        for asset in page.assets:
            assert not is_external(asset), f"{path} loads {asset} from elsewhere"


def test_a_base_url_adds_canonical_links_and_makes_the_404_page_link_from_its_path(tmp_path_factory):
    base = "https://example.org/guide/"
    site = build_site(tmp_path_factory.mktemp("based"), base_url=base)
    drug = (site / "drugs" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}drugs/">' in drug
    assert f'<meta property="og:url" content="{base}drugs/">' in drug
    not_found = parse(site / "404.html")
    # By path, never by host: the same file works on a preview or staging host, over http or https.
    assert "/guide/index.html" in not_found.links
    assert all(href.startswith("/guide/") for href in not_found.links + not_found.assets if not href.startswith("#"))


def test_glossary_terms_link_only_in_their_sense(site, pages):
    """'An infection can spread' is not metastasis: the Metastatic entry lists that phrase in
    'other-senses', so the word is not linked there; where cancer has spread, it still is."""
    fever = (site / "side-effects" / "fever-and-infection" / "index.html").read_text(encoding="utf-8")
    assert "infection can spread" in fever
    assert 'data-term="metastatic"' not in fever
    memory = (site / "side-effects" / "memory-and-thinking-changes" / "index.html").read_text(encoding="utf-8")
    assert 'data-term="metastatic"' in memory and "has spread" in memory
