"""The site with the browser's text at 200% on a 390 px phone (an iPhone 12 to 15 in CSS pixels):
the header leaves at least half of the screen to the page, its menu folds behind a button that
works without JavaScript, headings never break inside a word, and nothing (handouts included)
needs sideways scrolling."""

import contextlib

from selenium.webdriver.common.by import By

from conftest import pages_by_kind

WIDTH, HEIGHT = 390, 844

# Titles with the longest words in the guide, where a heading is most likely to break.
LONG_WORDS = ["glossary/immunohistochemistry/index.html", "options/radiopharmaceuticals/index.html",
              "drugs/cyclophosphamide/index.html", "drugs/ado-trastuzumab-emtansine/index.html"]


@contextlib.contextmanager
def large_text_phone(driver, javascript=True):
    """390 × 844 CSS pixels and the browser's default text size doubled (16 px → 32 px), as a
    reader who has set text to 200% in the browser's settings has it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    if not javascript:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def root_font_size(driver) -> float:
    return float(driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)"))


# Every word of every heading, with the lines it is drawn on: a word on two lines is broken.
BROKEN_HEADING_WORDS = """
    var broken = [];
    document.querySelectorAll("h1, h2, h3, h4").forEach(function (heading) {
      if (!heading.getClientRects().length) return;
      var walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        // A hyphen or slash is a place to break; a word is what lies between them and spaces.
        var pattern = /[^\\s\\-\\u2010-\\u2014\\/]+/g, match;
        while ((match = pattern.exec(node.data))) {
          var range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          var tops = {};
          Array.prototype.forEach.call(range.getClientRects(), function (rect) { if (rect.width > 0) tops[Math.round(rect.top)] = true; });
          if (Object.keys(tops).length > 1) broken.push(heading.tagName + ": " + match[0]);
        }
      }
    });
    return broken;"""


def test_the_header_takes_at_most_half_the_screen_and_the_menu_folds(page, root_url, site):
    kinds = pages_by_kind(site)
    kinds.pop("handout", None)
    heights = {}
    with large_text_phone(page):
        for kind, path in sorted(kinds.items()):
            page.get(root_url + path)
            assert root_font_size(page) >= 32, "the text did not grow to 200%"
            header = page.find_element(By.CSS_SELECTOR, ".site-header")
            heights[kind] = header.size["height"]
            if kind == "404":
                continue  # plain HTML with no menu (see test_the_404_page_passes_without_its_stylesheet)
            assert not page.find_element(By.CSS_SELECTOR, ".site-menu .site-nav").is_displayed(), f"{kind}: the menu is open on a phone"
            assert not page.find_element(By.CSS_SELECTOR, ".site-nav-wide").is_displayed()
        too_tall = {kind: height for kind, height in heights.items() if height > HEIGHT / 2}
        assert too_tall == {}, f"headers over {HEIGHT // 2}px: {too_tall}"
        print(f"\nheader height at {WIDTH}px with 200% text: {max(heights.values())}px of {HEIGHT}px at most")

        # The menu button opens the navigation, and it lists every section.
        page.get(root_url + "index.html")
        page.find_element(By.CSS_SELECTOR, ".site-menu > summary").click()
        # (Search is left out: its box is right above.)
        links = page.find_elements(By.CSS_SELECTOR, ".site-menu .site-nav li:not(.nav-search) a")
        assert len(links) >= 5 and all(link.is_displayed() for link in links)


def test_the_menu_button_works_without_javascript(page, root_url, model):
    with large_text_phone(page, javascript=False):
        page.get(root_url + model["drugs"][0]["path"] + "index.html")
        summary = page.find_element(By.CSS_SELECTOR, ".site-menu > summary")
        assert summary.is_displayed() and "Menu" in summary.text
        nav = page.find_element(By.CSS_SELECTOR, ".site-menu .site-nav")
        assert not nav.is_displayed()
        summary.click()
        assert nav.is_displayed()
        assert page.find_element(By.CSS_SELECTOR, ".site-menu").get_attribute("open") is not None


def test_on_a_wide_screen_the_menu_is_always_open(page, root_url):
    page.get(root_url + "index.html")
    links = page.find_elements(By.CSS_SELECTOR, ".site-nav-wide a")
    assert len(links) >= 5 and all(link.is_displayed() for link in links)
    assert not page.find_element(By.CSS_SELECTOR, ".site-menu").is_displayed()


def test_headings_never_break_inside_a_word(page, root_url, site):
    paths = sorted(set(pages_by_kind(site).values()) | set(LONG_WORDS) | {first_handout(site)})
    broken = {}
    with large_text_phone(page):
        for path in paths:
            page.get(root_url + path)
            words = page.execute_script(BROKEN_HEADING_WORDS)
            if words:
                broken[path] = words
    assert broken == {}


def first_handout(site) -> str:
    return next(path.relative_to(site).as_posix() for path in sorted(site.glob("handouts/*/index.html")))


def test_nothing_scrolls_sideways_and_handouts_reflow(page, root_url, site):
    kinds = pages_by_kind(site)
    kinds["handout"] = first_handout(site)
    wide = {}
    with large_text_phone(page):
        for kind, path in sorted(kinds.items()):
            page.get(root_url + path)
            width = page.execute_script("return document.documentElement.scrollWidth")
            if width > WIDTH:
                wide[kind] = width
        # A handout's table of drugs reflows into the width of the screen.
        for path in sorted(site.glob("handouts/*/index.html")):
            page.get(root_url + path.relative_to(site).as_posix())
            for table in page.find_elements(By.CSS_SELECTOR, "table"):
                assert table.size["width"] <= WIDTH, f"{path.parent.name}: a table is {table.size['width']}px wide"
    assert wide == {}, f"pages wider than {WIDTH}px with 200% text: {wide}"


def test_titles_grow_with_the_text_unless_a_word_would_not_fit(page, root_url, site):
    """At 200% text a title is at least as large as the body text (WCAG 1.4.4), except a title
    with a word of 17 letters or more ("Immunohistochemistry"), which stops where the word fits."""
    small = {}
    with large_text_phone(page):
        for path in sorted(set(pages_by_kind(site).values()) | set(LONG_WORDS) | {first_handout(site)}):
            page.get(root_url + path)
            heading = page.find_element(By.TAG_NAME, "h1")
            size = float(heading.value_of_css_property("font-size").removesuffix("px"))
            body = root_font_size(page)
            classes = heading.get_attribute("class") or ""
            if size < body and not any(f"title-fit-{n}" in classes for n in (18, 20, 22)):
                small[path] = f"{size}px title on {body}px text ({classes or 'no class'})"
    assert small == {}
