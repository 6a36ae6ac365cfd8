"""The two offline copies: the zip of the whole site, unzipped and opened from disk; and the
service worker, which after one visit over HTTP shows a page never visited with the server gone,
and takes up a new build (a new cache, the old one deleted)."""

import shutil
import zipfile

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, Server, run_build, severe_console_messages, wait_for


def test_the_about_page_links_the_zip(site):
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../offline/treatment-guide.zip"' in about
    assert (site / "offline" / "treatment-guide.zip").stat().st_size > 100_000


def test_the_unzipped_copy_works_from_disk(page, site, tmp_path):
    with zipfile.ZipFile(site / "offline" / "treatment-guide.zip") as archive:
        names = archive.namelist()
        assert all(name.startswith("treatment-guide/") for name in names)
        assert not any(name.endswith((".gz", ".br")) for name in names)
        archive.extractall(tmp_path)
    folder = tmp_path / "treatment-guide"
    page.get((folder / "index.html").as_uri())
    page.find_element(By.LINK_TEXT, "Drugs A–Z").click()
    assert page.current_url == (folder / "drugs" / "index.html").as_uri()
    assert page.find_element(By.TAG_NAME, "h1").text
    page.find_element(By.CSS_SELECTOR, "main ul a").click()
    assert page.current_url.startswith(folder.as_uri()) and page.find_element(By.TAG_NAME, "h1").text
    # The stylesheet loaded: the page is not in the browser's default font.
    assert page.execute_script("return getComputedStyle(document.body).fontFamily") != "\"Times New Roman\""
    assert severe_console_messages(page) == []


def controlled(page):
    return page.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)")


def cache_names(page):
    return page.execute_async_script("var done = arguments[0]; caches.keys().then(done, function () { done(null); });")


def serve_until_controlled(page, site, tmp_path):
    """`site` served through a link (`live`, which a test may point at another build), visited
    once, until its service worker controls the page: it has kept every file (install, then activate)."""
    live = tmp_path / "live"
    live.symlink_to(site, target_is_directory=True)
    server = Server(live)
    try:
        page.get(server.origin + "/index.html")
        wait_for(page, lambda: controlled(page), timeout=60)
    except BaseException:
        server.close()
        raise
    return server, live


def test_a_page_never_visited_opens_with_the_server_gone(page, site, tmp_path):
    server, _ = serve_until_controlled(page, site, tmp_path)
    server.close()
    page.get(server.origin + "/drugs/olaparib/index.html")
    assert page.find_element(By.TAG_NAME, "h1").text == "Olaparib"
    page.get(server.origin + "/glossary/")
    assert page.find_element(By.TAG_NAME, "h1").text


def test_a_new_build_replaces_the_cache(page, site, tmp_path):
    server, live = serve_until_controlled(page, site, tmp_path)
    try:
        first = cache_names(page)
        assert len(first) == 1
        # A one-word edit, built and published in place of the first build.
        content = tmp_path / "Content"
        shutil.copytree(REPO / "Content", content)
        about = content / "about.md"
        about.write_text(about.read_text(encoding="utf-8").replace("trusted public sources", "trusted, public sources"), encoding="utf-8")
        result = run_build(content, tmp_path / "second")
        assert result.returncode == 0, result.stderr
        live.unlink()
        live.symlink_to(tmp_path / "second", target_is_directory=True)
        page.get(server.origin + "/about/index.html")
        # The new worker keeps the new build in a cache of its own, then deletes the old one.
        wait_for(page, lambda: (lambda names: bool(names) and len(names) == 1 and names != first)(cache_names(page)), timeout=60)
        names = cache_names(page)
        kept = page.execute_async_script(
            "var done = arguments[arguments.length - 1]; caches.open(arguments[0]).then(function (c) { return c.match(new URL('about/index.html', location.origin + '/')); })"
            ".then(function (r) { return r.text(); }).then(done);", names[0])
        assert "trusted, public sources" in kept
    finally:
        server.close()
