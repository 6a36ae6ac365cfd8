"""Addresses never vanish: a glossary page of the real guide is renamed. Without `moved-from:` the
build fails and names the old address and the page to add it to; with it, the old address has a
valid, accessible page that sends the reader on, at a domain root and from disk alike."""

import json
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, Server, run_build, wait_for
from test_site_accessibility import axe_source, run_axe, serious
from test_site_html import vnu_jar

OLD, NEW = "ablation", "tumor-ablation"


def renamed_content(folder, moved_from):
    content = folder / "Content"
    shutil.copytree(REPO / "Content", content)
    page = content / "glossary" / f"{OLD}.md"
    text = page.read_text(encoding="utf-8")
    if moved_from:
        text = text.replace("\nreviewed:", f"\nmoved-from: [glossary/{OLD}/]\nreviewed:", 1)
    page.unlink()
    (content / "glossary" / f"{NEW}.md").write_text(text, encoding="utf-8")
    # Its Spanish translation moves with it, and takes its moved-from (a fact) from the English page.
    spanish = content / "es" / "glossary" / f"{OLD}.md"
    if spanish.exists():
        spanish.rename(content / "es" / "glossary" / f"{NEW}.md")
    for file in content.rglob("*.md"):
        body = file.read_text(encoding="utf-8")
        if f"{OLD}.md" in body:
            file.write_text(body.replace(f"glossary/{OLD}.md", f"glossary/{NEW}.md").replace(f"]({OLD}.md", f"]({NEW}.md"), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("moved")
    content = renamed_content(folder, moved_from=True)
    result = run_build(content, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_the_ledger_of_the_real_guide_is_complete(tmp_path):
    """A build of the real content adds nothing: Content/addresses.txt is committed up to date."""
    content = tmp_path / "Content"
    shutil.copytree(REPO / "Content", content)
    result = run_build(content, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (content / "addresses.txt").read_text(encoding="utf-8") == (REPO / "Content" / "addresses.txt").read_text(encoding="utf-8")


def test_a_renamed_page_without_moved_from_fails_the_build(tmp_path):
    content = renamed_content(tmp_path, moved_from=False)
    result = run_build(content, tmp_path / "site")
    assert result.returncode == 1
    assert "Content/addresses.txt:" in result.stderr
    assert f"address '/glossary/{OLD}/' was published before" in result.stderr
    assert f"moved-from: [glossary/{OLD}/]" in result.stderr and f"glossary/{NEW}.md" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_redirect_page_passes_the_nu_html_checker(moved_site):
    page = moved_site / "glossary" / OLD / "index.html"
    result = subprocess.run([shutil.which("java"), "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(page)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages] == []
    assert f"/glossary/{OLD}/ /glossary/{NEW}/ 301!" in (moved_site / "_redirects").read_text(encoding="utf-8")
    assert (moved_site / "es" / "glossary" / OLD / "index.html").is_file(), "the Spanish edition keeps its old address too"


def test_the_old_address_leads_to_the_page(page, moved_site):
    server = Server(moved_site)
    try:
        for start in (server.origin + f"/glossary/{OLD}/", moved_site.as_uri() + f"/glossary/{OLD}/index.html"):
            page.get(start)
            wait_for(page, lambda: page.current_url.endswith(f"glossary/{NEW}/index.html"))
            assert page.find_element(By.TAG_NAME, "h1").text
    finally:
        server.close()


def test_the_redirect_page_is_accessible(page, moved_site):
    """axe on the page itself, its refresh taken out so that the browser stays on it."""
    html = (moved_site / "glossary" / OLD / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=' in html
    still = moved_site / "glossary" / OLD / "still.html"
    still.write_text(html.replace('http-equiv="refresh"', 'name="refresh-taken-out"'), encoding="utf-8")
    page.get(still.as_uri())
    assert serious(run_axe(page, axe_source())) == []
    link = page.find_element(By.CSS_SELECTOR, "main a")
    assert link.get_attribute("href").endswith(f"glossary/{NEW}/index.html") and link.text
