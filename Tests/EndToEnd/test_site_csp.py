"""The built site served as a host would serve it, with the headers of its own `_headers` file
(a strict Content-Security-Policy, default-src 'self'), by a small real HTTP server: not one
violation on any kind of page, and search, the finder and the glossary still work."""

import http.server
import re
from pathlib import Path
from urllib.request import urlopen

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import REPO, Server, build_site, header_pattern_matches, header_rules, example_brand, page_with_term, pages_by_kind, run_build, wait_for

# Collects every violation the page reports, from before its first script runs.
VIOLATION_LISTENER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: the files, `404.html` for what is missing, and the headers of `_headers`
    for the path asked for (with the prefix the site is served under taken off)."""

    rules: list = []
    prefix = "/"

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        for pattern, headers in self.rules:
            if header_pattern_matches(pattern, path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.prefix.strip("/") / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Host(Server):
    """The folder `root` as a host serves it: `site`'s _headers, under `prefix`."""

    def __init__(self, root: Path, site: Path, prefix: str = "/"):
        super().__init__(root, type("Handler", (HostHandler,), {"rules": header_rules(site), "prefix": prefix}))
        self.url = self.origin + prefix


@pytest.fixture(scope="module")
def host(site):
    server = Host(site, site)
    yield server.url
    server.close()


@pytest.fixture
def strict(browser):
    """The shared browser with the violation listener on every new document."""
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": VIOLATION_LISTENER})
    browser.set_window_size(1280, 900)
    browser.get_log("browser")
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def violations(driver) -> list:
    """What the page reported, and every console error but the 404 status of a missing page itself."""
    reported = driver.execute_script("return window.__violations || []")
    here = driver.current_url
    logged = [entry["message"] for entry in driver.get_log("browser")
              if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"] or "integrity" in entry["message"]]
    return reported + [message for message in logged if not (message.startswith(here) and "status of 404" in message)]


def test_the_server_sends_the_strict_policy(host):
    with urlopen(host + "index.html") as response:
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert response.headers["Cache-Control"] == "no-cache"


def test_no_page_kind_reports_a_violation(strict, host, site):
    kinds = pages_by_kind(site)
    kinds["404 at a missing address"] = "no/such/page/"
    assert len(kinds) >= 12, kinds
    for kind, path in sorted(kinds.items()):
        strict.get(host + path)
        wait_for(strict, lambda: strict.execute_script("return document.readyState") == "complete")
        assert violations(strict) == [], f"{kind} ({path})"
        # The scripts ran: the page is marked as having them, and a stylesheet applied.
        assert "js" in strict.execute_script("return document.documentElement.className") or kind.startswith("404"), kind
        assert strict.execute_script("return getComputedStyle(document.body).marginTop") == "0px", f"{kind}: unstyled"


def test_search_works_under_the_policy(strict, host, model):
    brand, drug = example_brand(model)
    strict.get(host + drug["path"] + "index.html")
    box = strict.find_element(By.ID, "header-search-input")
    box.send_keys(brand.lower())
    wait_for(strict, lambda: strict.find_element(By.ID, "quick-results").is_displayed())
    assert drug["title"] in strict.find_elements(By.CSS_SELECTOR, "#quick-results a")[0].text
    box.send_keys(Keys.ENTER)
    wait_for(strict, lambda: "search/index.html#q=" in strict.current_url and strict.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    assert strict.find_element(By.CSS_SELECTOR, "#search-results li a").text == drug["title"]
    assert not strict.find_element(By.CSS_SELECTOR, ".search-form ~ .notice").is_displayed(), "says it needs JavaScript"
    loaded = strict.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert any(re.search(r"/search-index\.[0-9a-f]{8}\.js$", name) for name in loaded), loaded
    assert violations(strict) == []


def test_the_finder_works_under_the_policy(strict, host, finder_answers):
    strict.get(host + "find/index.html")
    strict.find_element(By.CSS_SELECTOR, "input[name='hr'][value='positive']").click()
    strict.find_element(By.CSS_SELECTOR, "input[name='her2'][value='positive']").click()
    shown = sorted(item.get_attribute("data-drug") for item in strict.find_elements(By.CSS_SELECTOR, ".finder-fits li[data-drug]")
                   if item.is_displayed())
    assert shown == finder_answers["hr=positive&her2=positive"]["fits"]
    assert strict.current_url.endswith("find/index.html#hr=positive&her2=positive")
    assert violations(strict) == []


def test_glossary_definitions_open_under_the_policy(strict, host, site):
    strict.get(host + page_with_term(site))
    term = strict.find_element(By.CSS_SELECTOR, "main a.term.has-toggle")
    term.click()
    definition = strict.find_element(By.ID, term.get_attribute("aria-controls"))
    assert definition.is_displayed() and definition.text
    assert violations(strict) == []


# MARK: - Privacy


def test_an_older_link_with_a_query_moves_it_into_the_fragment(strict, host, finder_answers, model):
    strict.get(host + "find/index.html?hr=positive&her2=positive")
    assert strict.current_url == host + "find/index.html#hr=positive&her2=positive"
    assert strict.find_element(By.CSS_SELECTOR, "input[name='her2'][value='positive']").is_selected()
    brand, drug = example_brand(model)
    strict.get(host + "search/index.html?q=" + brand)
    wait_for(strict, lambda: strict.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    assert strict.current_url == host + "search/index.html#q=" + brand


def test_no_search_box_sends_its_words_to_the_server(site):
    """Sent without the script (before it loads, or when blocked), a form with a named box would
    put ?q= in the server's logs."""
    for page in ("index.html", "search/index.html", "drugs/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        for form in re.findall(r'<form class="(?:header-search|search-form)[^"]*".*?</form>', html, re.S):
            assert not re.search(r"<input[^>]* name=", form), page


# MARK: - 404.html on any host


def test_the_404_page_works_under_a_sub_path_on_any_host(strict, tmp_path_factory):
    site = build_site(tmp_path_factory.mktemp("sub-path"), base_url="https://guide.example.org/guide/")
    parent = site.parent / "served"
    parent.mkdir()
    (parent / "guide").symlink_to(site, target_is_directory=True)
    server = Host(parent, site, prefix="/guide/")
    try:
        strict.get(server.url + "drugs/no-such-drug/")
        assert strict.find_element(By.TAG_NAME, "h1").text == "Page not found"
        assert strict.execute_script("return getComputedStyle(document.body).marginTop") == "0px", "404.html is unstyled"
        links = [link.get_attribute("href") for link in strict.find_elements(By.CSS_SELECTOR, "a[href]")]
        assert len(links) >= 3
        for link in links:
            assert link.startswith(server.url), link
            with urlopen(link) as response:
                assert response.status == 200, link
        assert violations(strict) == []
    finally:
        server.close()


# MARK: - JSON-LD


def test_a_title_with_script_markup_leaves_the_rest_of_the_page_whole(strict, tmp_path):
    content = tmp_path / "Content"
    import shutil
    shutil.copytree(REPO / "Content", content)
    about = content / "about.md"
    text = about.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)[1]
    about.write_text(text.replace(f"title: {title}", f"title: \"{title} <!-- <script>\"", 1), encoding="utf-8")
    result = run_build(content, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    server = Host(tmp_path / "site", tmp_path / "site")
    try:
        strict.get(server.url + "about/index.html")
        assert strict.find_element(By.TAG_NAME, "h1").text == f"{title} <!-- <script>"
        assert strict.find_element(By.CSS_SELECTOR, "footer.site-footer").is_displayed()
        data = strict.execute_script("return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
        assert data["name"] == f"{title} <!-- <script>"
        assert violations(strict) == []
    finally:
        server.close()


# MARK: - From disk


def test_built_without_integrity_the_site_works_opened_from_disk(tmp_path_factory, model):
    """Chromium checks no integrity= on file:// (the shared browser is allowed to, with
    --allow-file-access-from-files; a reader's is not): --no-integrity makes a copy that opens."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from conftest import CHROMEDRIVER, CHROMIUM, REVIEW_DAY, guide_binary
    import subprocess

    output = tmp_path_factory.mktemp("disk") / "site"
    result = subprocess.run([str(guide_binary()), "build", "--content", str(REPO / "Content"), "--templates", str(REPO / "Templates"),
                             "--public", str(REPO / "Public"), "--output", str(output), "--today", REVIEW_DAY, "--no-integrity"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "integrity=" not in (output / "index.html").read_text(encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    reader = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        brand, drug = example_brand(model)
        reader.get((output / "search" / "index.html").as_uri() + "#q=" + brand)
        wait_for(reader, lambda: reader.find_elements(By.CSS_SELECTOR, "#search-results li a"))
        assert reader.find_element(By.CSS_SELECTOR, "#search-results li a").text == drug["title"]
        assert reader.execute_script("return getComputedStyle(document.body).marginTop") == "0px"
        assert [entry for entry in reader.get_log("browser") if entry["level"] == "SEVERE"] == []
    finally:
        reader.quit()
