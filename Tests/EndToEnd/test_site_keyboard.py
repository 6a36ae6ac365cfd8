"""The site by keyboard alone: skip links straight to the finder's choices and to search results,
the finder's first choice within six Tab presses of the top of the page, and each glossary term
one Tab stop."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import page_with_term, wait_for


def tab(driver):
    driver.switch_to.active_element.send_keys(Keys.TAB)
    return driver.switch_to.active_element


def test_the_finders_first_choice_is_at_most_six_tab_presses_from_the_top(page, root_url):
    page.get(root_url + "find/index.html")
    first_choice = page.find_element(By.CSS_SELECTOR, "#finder input[type=radio]")
    presses = 0
    focused = None
    while presses < 30 and focused != first_choice:
        focused = tab(page)
        presses += 1
        if focused.tag_name == "a" and focused.get_attribute("href").endswith("#finder"):
            assert "choices" in focused.text and focused.is_displayed()
            focused.send_keys(Keys.ENTER)
            assert page.switch_to.active_element.get_attribute("id") == "finder"
    print(f"\nTab presses from the top of the finder page to its first choice: {presses}")
    assert focused == first_choice, "Tab never reached the finder's first choice"
    assert presses <= 6


def test_the_search_page_skips_to_the_box_and_to_the_results(page, root_url):
    page.get(root_url + "search/index.html#q=tamoxifen")
    wait_for(page, lambda: page.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    stops = [tab(page) for _ in range(3)]
    assert [stop.get_attribute("textContent") for stop in stops] == ["Skip to main content", "Skip to the search box", "Skip to the search results"]
    stops[1].send_keys(Keys.ENTER)
    assert page.switch_to.active_element.get_attribute("id") == "search-input"

    # A new document (only the fragment changed, the page would stay as it is).
    page.get(root_url + "search/index.html?q=letrozole")
    wait_for(page, lambda: page.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    for _ in range(3):
        skip = tab(page)
    skip.send_keys(Keys.ENTER)
    assert page.switch_to.active_element.get_attribute("id") == "search-results"
    assert tab(page).text == "Letrozole"


def test_without_javascript_the_finder_skip_link_is_not_offered(page, root_url):
    page.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page.get(root_url + "find/index.html")
        skips = page.find_elements(By.CSS_SELECTOR, "a.skip-link[href='#finder']")
        assert skips and not page.execute_script("return getComputedStyle(arguments[0]).display !== 'none'", skips[0])
    finally:
        page.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_each_glossary_term_is_one_tab_stop(page, root_url, site):
    page.get(root_url + page_with_term(site))
    terms = page.find_elements(By.CSS_SELECTOR, "main .prose a.term.has-toggle")
    assert terms
    # Every focusable thing in the text, in Tab order: each term once, nothing beside it.
    stops = page.execute_script("""
        return Array.prototype.filter.call(document.querySelectorAll("main .prose a[href], main .prose button"), function (e) {
          return e.tabIndex >= 0 && e.getClientRects().length && !e.closest("[hidden]");
        });""")
    terms_as_stops = [stop for stop in stops if "term" in (stop.get_attribute("class") or "").split()]
    assert len(terms_as_stops) == len(terms)
    assert not page.find_elements(By.CSS_SELECTOR, "main .prose button")
    page.execute_script("arguments[0].focus()", terms[0])
    after = tab(page)
    assert after != terms[0] and "term-more" not in (after.get_attribute("class") or ""), "a closed definition took a Tab stop"
