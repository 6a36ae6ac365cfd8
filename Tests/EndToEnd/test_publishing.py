"""What a host or CDN gets: pages with nothing inline (so a strict Content-Security-Policy holds),
stylesheets and scripts under names with a hash of their bytes and with SRI, `_headers` for
Netlify and Cloudflare Pages, JSON that cannot break out of its script element, a base URL that is
checked, and Public/ published as it is, dotfiles included, litter and clashes not."""

import base64
import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, REVIEW_DAY, guide_binary, header_pattern_matches, header_rules, page_files, run_build

FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.(css|js)$")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    """Everything a Content-Security-Policy without 'unsafe-inline' would block, and every
    stylesheet and script with its integrity."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.resources = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: address on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            if "src" in names:
                self.resources.append((names["src"], names.get("integrity")))
            elif names.get("type") not in DATA_SCRIPT_TYPES:
                self._script = names.get("type") or "a classic script"
        if tag == "link" and names.get("rel") == "stylesheet":
            self.resources.append((names["href"], names.get("integrity")))

    def handle_data(self, data):
        if self._script and data.strip():
            self.problems.append(f"inline script ({self._script}): {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def scan(file: Path) -> InlineFinder:
    finder = InlineFinder()
    finder.feed(file.read_text(encoding="utf-8"))
    return finder


def sri(file: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(file.read_bytes()).digest()).decode()


def resolve(site: Path, page: str, reference: str) -> Path:
    if reference.startswith("/"):
        return site / reference.lstrip("/")
    return ((site / page).parent / reference).resolve()


# MARK: - CSP-clean and fingerprinted


def test_no_page_has_an_inline_script_a_style_element_a_style_attribute_or_an_event_handler(site):
    pages = page_files(site)
    assert len(pages) > 100
    for page in pages:
        assert scan(site / page).problems == [], page


def test_every_stylesheet_and_script_has_a_hashed_name_and_its_sri_hash(site):
    checked = 0
    for page in page_files(site):
        for reference, integrity in scan(site / page).resources:
            file = resolve(site, page, reference)
            assert FINGERPRINTED.search(reference), f"{page}: {reference} has no hash in its name"
            assert file.is_file(), f"{page}: {reference} does not exist"
            assert integrity == sri(file), f"{page}: {reference} has integrity {integrity}"
            checked += 1
    assert checked > 500


def test_no_stylesheet_or_script_is_published_without_a_hash_but_the_manifest(site):
    plain = sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.suffix in (".css", ".js")
                   and not FINGERPRINTED.search(path.name))
    # The service worker keeps its address too: browsers look for updates to it by name.
    assert plain == ["asset-manifest.js", "sw.js"]
    assert not (site / "search-index.js").exists()
    assert len(list(site.glob("search-index.*.js"))) == 1


def test_the_asset_manifest_names_the_search_engine_and_index_with_their_hashes(site):
    text = (site / "asset-manifest.js").read_text(encoding="utf-8")
    prefix = "window.GUIDE_ASSETS = "
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    manifest = json.loads(text.rstrip()[len(prefix):-1])
    for source in ("js/search.js", "search-index.js", "css/site.css"):
        entry = manifest[source]
        assert FINGERPRINTED.search(entry["path"]), entry
        assert entry["integrity"] == sri(site / entry["path"]), source
    # The pages do not name the index: a change to any page's text would change them all.
    for page in page_files(site):
        assert "search-index" not in (site / page).read_text(encoding="utf-8"), page


def test_site_js_finds_the_search_files_through_the_manifest(site):
    site_js = next((site / "js").glob("site.*.js")).read_text(encoding="utf-8")
    assert '"asset-manifest.js"' in site_js and '"js/search.js"' in site_js and '"search-index.js"' in site_js


# MARK: - _headers


def test_headers_file_sets_a_strict_policy_on_everything(site):
    rules = header_rules(site)
    everything = dict(dict(rules)["/*"])
    policy = everything["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert everything["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    assert "camera=()" in everything["Permissions-Policy"]
    assert "Cache-Control" not in everything
    assert len(rules) <= 100, "Cloudflare Pages reads at most 100 rules"


def test_headers_file_caches_hashed_files_forever_and_revalidates_the_rest(site):
    rules = [(pattern, dict(headers)["Cache-Control"]) for pattern, headers in header_rules(site) if "Cache-Control" in dict(headers)]
    urls = []
    for path in site.rglob("*"):
        if path.is_file() and path.name not in ("_headers", ".guide-output"):
            relative = path.relative_to(site).as_posix()
            urls.append("/" + relative)
            if path.name == "index.html":
                urls.append("/" + relative[: -len("index.html")])
    for url in urls:
        found = [value for pattern, value in rules if header_pattern_matches(pattern, url)]
        # One rule per address: Cloudflare Pages would join two values with a comma.
        assert len(found) == 1, f"{url}: {found}"
        # A hashed file's .gz and .br copies never change either.
        if FINGERPRINTED.search(re.sub(r"\.(gz|br)$", "", url)):
            assert "immutable" in found[0] and "max-age=31536000" in found[0], url
        else:
            assert found[0] == "no-cache", url


# MARK: - JSON in script elements


def test_json_in_script_elements_escapes_markup(site):
    for page in page_files(site):
        html = (site / page).read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/(?:ld\+)?json"[^>]*>(.*?)</script>', html, re.S):
            assert not re.search(r"[<>&]", block), f"{page}: {block[:80]}"
            json.loads(block)


def content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "Content"
    shutil.copytree(REPO / "Content", content)
    return content


def test_a_title_with_script_markup_is_escaped_in_the_json_ld(tmp_path):
    content = content_copy(tmp_path)
    about = content / "about.md"
    text = about.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)[1]
    about.write_text(text.replace(f"title: {title}", f"title: \"{title} <!-- <script> & more\"", 1), encoding="utf-8")
    result = run_build(content, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert r"\u003c!-- \u003cscript\u003e \u0026 more" in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert json.loads(block)["name"] == f"{title} <!-- <script> & more"


# MARK: - --base-url


@pytest.mark.parametrize("address, reason", [
    ("https://example.org/guide", "must end in '/'"),
    ("https://example.org/guide/?utm=1", "has a query"),
    ("https://example.org/guide/#top", "has a fragment"),
    ("https://editor:secret@example.org/guide/", "has user info"),
    ("https://example.org/my guide/", "contains a space"),
    ("ftp://example.org/guide/", "is not an absolute http(s) address"),
    ("/guide/", "is not an absolute http(s) address"),
])
def test_a_base_url_with_anything_but_a_folder_path_exits_with_2_and_says_why(tmp_path, address, reason):
    result = run_build(REPO / "Content", tmp_path / "site", base_url=address)
    assert result.returncode == 2, result.stderr
    assert f"--base-url '{address}' {reason}" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_good_base_url_is_used_as_it_is(tmp_path):
    result = run_build(REPO / "Content", tmp_path / "site", base_url="http://127.0.0.1:8080/a%20guide/")
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8080/a%20guide/drugs/" in (tmp_path / "site" / "drugs" / "index.html").read_text(encoding="utf-8")


# MARK: - Public/


def run_with_public(public: Path, output: Path, base_url=None):
    command = [str(guide_binary()), "build", "--content", str(REPO / "Content"), "--templates", str(REPO / "Templates"),
               "--public", str(public), "--output", str(output), "--today", REVIEW_DAY]
    if base_url:
        command += ["--base-url", base_url]
    return subprocess.run(command, cwd=public.parent, capture_output=True, text=True)


def copy_public(tmp_path: Path, files: dict) -> Path:
    public = tmp_path / "Public"
    shutil.copytree(REPO / "Public", public)
    for name, text in files.items():
        (public / name).parent.mkdir(parents=True, exist_ok=True)
        (public / name).write_text(text, encoding="utf-8")
    return public


def test_dotfiles_in_public_are_published_but_editor_and_system_litter_is_not(tmp_path):
    public = copy_public(tmp_path, {
        ".well-known/security.txt": "Contact: mailto:security@example.org\n",
        ".htaccess": "Options -Indexes\n",
        ".DS_Store": "x", "Thumbs.db": "x", "css/notes.txt~": "x", "css/.site.css.swp": "x",
        ".git/config": "[core]\n", "images/desktop.ini": "x", "images/#draft.svg#": "x",
    })
    result = run_with_public(public, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / ".well-known" / "security.txt").read_text() == "Contact: mailto:security@example.org\n"
    assert (site / ".htaccess").is_file()
    for litter in (".DS_Store", "Thumbs.db", "css/notes.txt~", "css/.site.css.swp", ".git", "images"):
        assert not (site / litter).exists(), litter


@pytest.mark.parametrize("name, made_from, base_url", [
    ("404.html", "Templates/404.mustache", None),
    ("model.json", None, None),
    ("sitemap.xml", None, "https://example.org/guide/"),
    ("drugs/olaparib/index.html", "drugs/olaparib.md", None),
    ("_headers", None, None),
])
def test_a_public_file_that_would_replace_a_generated_one_is_an_error_naming_both(tmp_path, name, made_from, base_url):
    public = copy_public(tmp_path, {name: "mine\n"})
    result = run_with_public(public, tmp_path / "site", base_url)
    assert result.returncode == 1, result.stderr
    assert f"Public/{name}: error: 'Public/{name}' would replace the generated '{name}'" in result.stderr
    if made_from:
        assert made_from in result.stderr
    assert not (tmp_path / "site").exists()


# MARK: - 404.html


def test_without_a_base_url_the_build_says_what_the_404_page_assumes(tmp_path):
    result = run_build(REPO / "Content", tmp_path / "site")
    assert result.returncode == 0
    assert "warning: no base URL: 404.html links to its stylesheet and pages by paths from the domain root" in result.stderr
    # Said once (the other warning without a base URL is the handouts' missing QR codes).
    assert result.stderr.count("404.html links to its stylesheet") == 1
    based = run_build(REPO / "Content", tmp_path / "based", base_url="https://example.org/guide/")
    assert "404.html" not in based.stderr and "0 warnings" in based.stderr


def test_the_404_page_links_by_path_from_the_base_url_and_never_names_the_host(tmp_path):
    result = run_build(REPO / "Content", tmp_path / "site", base_url="https://example.org/guide/")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert "example.org" not in html
    references = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert references and all(reference.startswith("/guide/") for reference in references), references
    for reference in references:
        assert (tmp_path / "site" / reference[len("/guide/"):]).is_file(), reference
