"""What hosts and feed readers get: a .gz and a .br copy beside every text file that decode to
the file itself, and an Atom feed of reviews and approvals, newest first, linked from every page."""

import gzip
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import build_site, page_files

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest")
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/guide/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("published"), base_url=BASE)


def originals(site):
    return sorted(path for path in site.rglob("*") if path.is_file() and path.suffix not in (".gz", ".br") and not path.name.startswith("."))


def test_every_text_file_has_gzip_and_brotli_copies_of_itself(published):
    checked = 0
    for path in originals(published):
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if path.name.endswith(COMPRESSIBLE):
            data = path.read_bytes()
            assert gzip.decompress(gz.read_bytes()) == data, gz
            assert gz.read_bytes()[4:8] == b"\0\0\0\0", f"{gz} carries a time"
            assert subprocess.run(["brotli", "-d", "-c", str(br)], capture_output=True, check=True).stdout == data, br
            checked += 1
        else:
            assert not gz.exists() and not br.exists(), path
    assert checked > 200


def test_the_feed_is_atom_newest_first_with_reviews_and_approvals(published):
    feed = ElementTree.parse(published / "feed.xml").getroot()
    assert feed.tag == ATOM + "feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + required) is not None, required
    assert feed.find(ATOM + "link[@rel='self']").get("href") == BASE + "feed.xml"
    entries = feed.findall(ATOM + "entry")
    ids = [entry.find(ATOM + "id").text for entry in entries]
    assert len(ids) == len(set(ids)), "every entry has its own id"
    updated = [entry.find(ATOM + "updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    assert feed.find(ATOM + "updated").text == updated[0]
    titles = [entry.find(ATOM + "title").text for entry in entries]
    assert any(title.startswith("Reviewed: ") for title in titles)
    assert any(title.startswith("FDA approval: ") for title in titles)
    for entry in entries:
        assert entry.find(ATOM + "link[@rel='alternate']").get("href").startswith(BASE)
        assert entry.find(ATOM + "summary").text.strip()


def test_every_page_links_the_feed_and_the_sitemap_dates_come_from_reviews(published):
    for relative in page_files(published):
        if relative.endswith("404.html"):
            continue
        text = (published / relative).read_text(encoding="utf-8")
        assert 'rel="alternate" type="application/atom+xml"' in text, relative
    sitemap = ElementTree.parse(published / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = sitemap.findall(namespace + "url")
    assert urls and all(url.find(namespace + "lastmod") is not None for url in urls)


def test_without_a_base_url_there_is_no_feed(site):
    assert not (site / "feed.xml").exists()
    assert "application/atom+xml" not in (site / "index.html").read_text(encoding="utf-8")
