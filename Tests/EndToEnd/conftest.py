"""Shared set-up for the browser tests of the built site.

The site is built once per test run from the real Content/ with the guide binary named by
$GUIDE_BIN, into a temporary folder; if the content has errors, every test here fails with the
build's diagnostics. The site is served over loopback twice (at the root and under /guide/) and driven
with Debian's chromium through chromium-driver.
"""

import functools
from html.parser import HTMLParser
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# The day the guide was last reviewed, given as --today wherever the real content is checked, so that
# no test turns red on a calendar date. Move it forward when the content is reviewed again.
REVIEW_DAY = "2026-12-01"


def guide_binary() -> Path:
    value = os.environ.get("GUIDE_BIN")
    if not value:
        raise RuntimeError("set GUIDE_BIN to the guide executable (make test does: .build/debug/guide)")
    path = Path(value)
    if not path.is_file():
        raise RuntimeError(f"GUIDE_BIN={value} does not exist; build it with `swift build --product guide`")
    return path


def run_build(content: Path, output: Path, base_url=None) -> subprocess.CompletedProcess:
    command = [str(guide_binary()), "build", "--content", str(content), "--templates", str(REPO / "Templates"),
               "--public", str(REPO / "Public"), "--output", str(output), "--today", REVIEW_DAY]
    if base_url:
        command += ["--base-url", base_url]
    return subprocess.run(command, cwd=content.parent, capture_output=True, text=True)


def build_site(workdir: Path, base_url=None) -> Path:
    """Builds the real content. A content error fails every browser test: the site must build."""
    output = workdir / "site"
    result = run_build(REPO / "Content", output, base_url)
    assert result.returncode == 0, "guide build failed on the real content:\n" + result.stderr
    return output


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def model(site) -> dict:
    return json.loads((site / "model.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def finder_answers() -> dict:
    """What the finder must show for every combination of results, from the Swift model itself."""
    result = subprocess.run([str(guide_binary()), "finder", "--all", "--content", str(REPO / "Content"),
                             "--templates", str(REPO / "Templates"), "--public", str(REPO / "Public"), "--today", REVIEW_DAY],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class Server:
    """`directory` over real HTTP on a free port, by `handler` (a SimpleHTTPRequestHandler)."""

    def __init__(self, directory: Path, handler: type = QuietHandler):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def header_rules(site: Path) -> list:
    """(pattern, [(header, value)]) for each rule of the site's _headers, in order (Netlify syntax)."""
    rules = []
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line.strip(), []))
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name, value.strip()))
    return rules


def header_pattern_matches(pattern: str, path: str) -> bool:
    """Whether a _headers pattern (`*` for any characters) covers `path`."""
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path) is not None


@pytest.fixture(scope="session")
def root_url(site):
    """The site served at a domain root: `root_url + 'drugs/index.html'`."""
    server = Server(site)
    yield server.origin + "/"
    server.close()


@pytest.fixture(scope="session")
def guide_url(site, tmp_path_factory):
    """The same files served under a sub-path: `http://127.0.0.1:port/guide/`."""
    parent = tmp_path_factory.mktemp("subpath")
    (parent / "guide").symlink_to(site, target_is_directory=True)
    server = Server(parent)
    yield server.origin + "/guide/"
    server.close()


# MARK: - The browser


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--allow-file-access-from-files"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    emulate_media(driver)
    yield driver
    driver.quit()


def emulate_media(driver, dark=False):
    """Reduced motion throughout (smooth scrolling would race WebDriver's clicks); light or dark colours."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-reduced-motion", "value": "reduce"},
        {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})


@pytest.fixture
def page(browser):
    """The shared browser, at desktop size, with its console log emptied before each test."""
    browser.set_window_size(1280, 900)
    browser.get_log("browser")
    return browser


def severe_console_messages(driver) -> list:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


EDITIONS = ["es"]


def pages_by_kind(site: Path, edition: str = "") -> dict:
    """One representative page file (relative to the site root) for each page kind and template,
    of the original edition or of the translated edition in the folder `edition` ("es")."""
    chosen = {}
    root = site / edition if edition else site
    for file in sorted(root.rglob("index.html")):
        if not edition and file.relative_to(site).parts[0] in EDITIONS:
            continue
        text = file.read_text(encoding="utf-8")
        match = re.search(r'<body class="kind-([\w-]+)(?: template-([\w-]+))?', text)
        if not match:
            continue
        kind = match[2] or match[1]
        if kind == "section":
            kind = "section " + file.parent.name
        if file.parent.parent.name == "handouts" and file.parent.name != "handouts":
            kind = "handout"
        chosen.setdefault(kind, file.relative_to(site).as_posix())
    chosen["404"] = edition + "/404.html" if edition else "404.html"
    return chosen


def page_with_term(site: Path):
    """A page whose prose links a glossary term (for the definition toggle)."""
    for file in sorted(site.rglob("index.html")):
        if 'class="term"' in file.read_text(encoding="utf-8"):
            return file.relative_to(site).as_posix()
    return None


def page_files(site: Path) -> list:
    """Every HTML page of the site, relative to its root."""
    return sorted(file.relative_to(site).as_posix() for file in site.rglob("*.html"))


def example_brand(model: dict):
    """A brand name and its drug: Lynparza and olaparib while the guide has them."""
    drugs = [drug for drug in model["drugs"] if drug["brands"] and drug["status"] == "approved"]
    preferred = [drug for drug in drugs if "Lynparza" in drug["brands"]]
    drug = (preferred or drugs)[0]
    brand = "Lynparza" if preferred else drug["brands"][0]
    return brand, drug


def wait_for(driver, condition, timeout=10):
    """Until condition() is true. An element the page replaced meanwhile (results drawn again as
    the query changes) is looked up again on the next try, not a failure."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(lambda _: condition())


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageParser(HTMLParser):
    """One HTML page as the tests read it: headings, links (and the classes of the elements
    around each), assets, ids, JSON-LD, language, text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.links = []
        self.assets = []
        self.ids = set()
        self.json_ld = []
        self.lang = None
        self.main = 0
        self.text = []
        self._in_json_ld = False
        # (href, classes of every element around the link)
        self.anchors = []
        self._classes = []
        # the datetime of every <time>, in order
        self.datetimes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID_ELEMENTS:
            self._classes.append(attrs.get("class") or "")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main += 1
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
            self.anchors.append((attrs["href"], list(self._classes)))
        elif tag == "time" and "datetime" in attrs:
            self.datetimes.append(attrs["datetime"])
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append(attrs["href"])
        elif tag == "script":
            if attrs.get("type") == "application/ld+json":
                self._in_json_ld = True
                self.json_ld.append("")
            elif "src" in attrs:
                self.assets.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self._classes:
            self._classes.pop()
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data
        else:
            self.text.append(data)


def parse(file: Path) -> PageParser:
    parser = PageParser()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser
