"""The site in a real browser (Debian's chromium, headless): search, the treatment finder,
glossary definitions by keyboard, no console errors, no sideways scrolling on a small phone."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import emulate_media, example_brand, page_with_term, pages_by_kind, severe_console_messages, wait_for


def loaded_resources(driver):
    return driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")


def search_results(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#search-results li a")


def test_search_page_finds_a_drug_by_its_brand_name(page, root_url, model):
    brand, drug = example_brand(model)
    page.get(root_url + "search/index.html")
    assert not any("search-index.js" in name for name in loaded_resources(page)), "the index loads before anyone searches"
    field = page.find_element(By.ID, "search-input")
    field.send_keys(brand, Keys.ENTER)
    # Typing searches as it goes and Enter searches again, drawing the list anew: read the first
    # result of the whole name in one go, and again if the list was drawn anew while it was read.
    def first_result():
        items = page.find_elements(By.CSS_SELECTOR, "#search-results li")
        if not items or brand not in items[0].text:
            return None
        link = items[0].find_element(By.TAG_NAME, "a")
        return link.text, link.get_attribute("href")
    title, href = wait_for(page, first_result)
    assert title == drug["title"]
    assert href == root_url + drug["path"] + "index.html"
    assert "result" in page.find_element(By.ID, "search-status").text
    assert "q=" + brand in page.current_url
    assert severe_console_messages(page) == []


def test_search_ignores_case_and_accents(page, root_url, model):
    brand, drug = example_brand(model)
    accented = brand.upper().replace("A", "Á", 1).replace("E", "É", 1)
    page.get(root_url + "search/index.html?q=" + accented)
    wait_for(page, lambda: search_results(page))
    assert search_results(page)[0].text == drug["title"]


def test_search_finds_glossary_terms_and_side_effects(page, root_url, model):
    term = model["terms"][0]
    effect = model["sideEffects"][0]
    for query, expected in ((term["title"].lower(), term), (effect["title"].lower(), effect)):
        page.get(root_url + "search/index.html")
        page.find_element(By.ID, "search-input").send_keys(query, Keys.ENTER)
        wait_for(page, lambda: search_results(page))
        titles = [link.text for link in search_results(page)[:3]]
        assert expected["title"] in titles, (query, titles)


def test_header_box_shows_matches_and_leads_to_the_search_page(page, root_url, model):
    brand, drug = example_brand(model)
    page.get(root_url + drug["path"] + "index.html")
    assert not any("search-index.js" in name for name in loaded_resources(page))
    box = page.find_element(By.ID, "header-search-input")
    box.send_keys(brand.lower())
    wait_for(page, lambda: page.find_element(By.ID, "quick-results").is_displayed())
    quick = page.find_elements(By.CSS_SELECTOR, "#quick-results a")
    assert quick and drug["title"] in quick[0].text
    box.send_keys(Keys.ARROW_DOWN)
    assert page.switch_to.active_element == quick[0]
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not page.find_element(By.ID, "quick-results").is_displayed()
    assert page.switch_to.active_element == box
    box.send_keys(Keys.ENTER)
    wait_for(page, lambda: "search/index.html" in page.current_url and search_results(page))
    assert search_results(page)[0].text == drug["title"]
    assert severe_console_messages(page) == []


def shown(driver):
    """The drug ids the finder shows, in its two lists, as the reader sees them."""
    def ids(section):
        return sorted(item.get_attribute("data-drug")
                      for item in driver.find_elements(By.CSS_SELECTOR, f"{section} li[data-drug]") if item.is_displayed())
    return {"fits": ids(".finder-fits"), "maybe": ids(".finder-maybe")}


def choose(driver, key, value):
    driver.find_element(By.CSS_SELECTOR, f"input[name='{key}'][value='{value}']").click()


def test_finder_narrows_the_drugs_when_results_change(page, root_url, finder_answers):
    page.get(root_url + "find/index.html")
    form = page.find_element(By.ID, "finder")
    assert form.is_displayed()
    everything = shown(page)
    assert everything == finder_answers[""]

    choose(page, "hr", "positive")
    hormone_positive = shown(page)
    assert hormone_positive == finder_answers["hr=positive"]
    assert len(hormone_positive["fits"] + hormone_positive["maybe"]) < len(everything["fits"] + everything["maybe"])

    choose(page, "her2", "positive")
    assert shown(page) == finder_answers["hr=positive&her2=positive"]

    choose(page, "hr", "negative")
    choose(page, "her2", "zero")
    choose(page, "brca", "mutated")
    assert shown(page) == finder_answers["hr=negative&her2=zero&brca=mutated"]
    status = page.find_element(By.ID, "finder-status").text
    assert "Showing" in status and "Inherited BRCA1 or BRCA2 Mutated" in status

    page.find_element(By.CSS_SELECTOR, "#finder button[type=reset]").click()
    wait_for(page, lambda: shown(page) == everything)
    assert severe_console_messages(page) == []


def test_finder_says_which_result_a_drug_still_needs(page, root_url, finder_answers):
    page.get(root_url + "find/index.html#hr=negative&her2=zero")
    assert "olaparib" in finder_answers["hr=negative&her2=zero"]["maybe"]
    needs = page.find_element(By.CSS_SELECTOR, ".finder-maybe li[data-drug='olaparib'] .finder-needs")
    assert needs.is_displayed() and needs.text == "Needs your Inherited BRCA1 or BRCA2 result"
    choose(page, "brca", "mutated")
    assert "olaparib" in shown(page)["fits"]


def test_finder_needs_one_of_the_alternative_results(page, root_url, finder_answers):
    """Capivasertib needs a change in PIK3CA, or in AKT1 or PTEN: ruling out both hides it."""
    base = "find/index.html#hr=positive&her2=zero"
    page.get(root_url + base + "&pik3ca=not-mutated")
    assert "capivasertib" in shown(page)["maybe"]
    page.get(root_url + base + "&pik3ca=not-mutated&akt1-pten=not-altered")
    result = shown(page)
    assert "capivasertib" not in result["fits"] + result["maybe"]
    assert result == finder_answers["hr=positive&her2=zero&pik3ca=not-mutated&akt1-pten=not-altered"]
    page.get(root_url + base + "&pik3ca=not-mutated&akt1-pten=altered")
    assert "capivasertib" in shown(page)["fits"]


def test_finder_keeps_its_choices_in_the_address_fragment(page, root_url, finder_answers):
    page.get(root_url + "find/index.html#hr=negative&her2=ultralow")
    assert page.find_element(By.CSS_SELECTOR, "input[name='her2'][value='ultralow']").is_selected()
    assert shown(page) == finder_answers["hr=negative&her2=ultralow"]
    choose(page, "esr1", "not-mutated")
    # Never in the query string, which a server would log.
    assert page.current_url.endswith("find/index.html#hr=negative&her2=ultralow&esr1=not-mutated")
    page.refresh()
    assert page.find_element(By.CSS_SELECTOR, "input[name='esr1'][value='not-mutated']").is_selected()
    assert shown(page) == finder_answers["hr=negative&her2=ultralow&esr1=not-mutated"]


def test_finder_still_reads_older_links_with_a_query(page, root_url, finder_answers):
    page.get(root_url + "find/index.html?hr=positive&her2=positive")
    assert page.find_element(By.CSS_SELECTOR, "input[name='hr'][value='positive']").is_selected()
    assert shown(page) == finder_answers["hr=positive&her2=positive"]


def test_finder_shows_exactly_what_the_model_derives_for_every_combination(page, root_url, finder_answers):
    """Every biomarker at every value and at "not known": the page's script, applying the table the
    build wrote, must show the same drugs in the same list as the Swift model (`guide finder --all`)."""
    page.get(root_url + "find/index.html")
    page.set_script_timeout(600)
    answers = page.execute_script("""
        var form = document.getElementById("finder");
        var groups = Array.prototype.map.call(form.querySelectorAll("fieldset"), function (fieldset) {
          return Array.prototype.slice.call(fieldset.querySelectorAll("input[type=radio]"));
        });
        function ids(section) {
          return Array.prototype.filter.call(document.querySelectorAll(section + " li[data-drug]"), function (item) {
            return !item.closest("[hidden]");
          }).map(function (item) { return item.getAttribute("data-drug"); }).sort();
        }
        var results = {};
        function visit(index, parts) {
          if (index === groups.length) {
            form.dispatchEvent(new Event("change"));
            results[parts.join("&")] = { fits: ids(".finder-fits"), maybe: ids(".finder-maybe") };
            return;
          }
          groups[index].forEach(function (input) {
            input.checked = true;
            visit(index + 1, input.value ? parts.concat(input.name + "=" + input.value) : parts);
          });
        }
        visit(0, []);
        return results;
    """)
    assert len(answers) == len(finder_answers) == 3 * 6 * 3 ** 5
    differing = [key for key in finder_answers if answers.get(key) != finder_answers[key]]
    assert differing == [], f"{len(differing)} combinations differ, e.g. {differing[0]}: page {answers.get(differing[0])} model {finder_answers[differing[0]]}"


def test_glossary_definition_opens_and_closes_by_keyboard(page, root_url, site):
    """A term is one control and one Tab stop: Enter or Space opens its definition in place, with
    the link to its glossary entry inside; Escape closes it."""
    path = page_with_term(site)
    assert path, "no page links a glossary term"
    page.get(root_url + path)
    term = page.find_element(By.CSS_SELECTOR, "main .prose a.term")
    definition_text = term.get_attribute("data-definition")
    href = term.get_attribute("href")
    page.execute_script("arguments[0].focus()", term)
    assert term.aria_role == "button"
    assert term.text in term.accessible_name
    assert term.get_attribute("aria-expanded") == "false"
    definition = page.find_element(By.ID, term.get_attribute("aria-controls"))
    assert not definition.is_displayed()

    term.send_keys(Keys.ENTER)
    assert term.get_attribute("aria-expanded") == "true"
    assert definition.is_displayed() and definition_text in definition.text
    assert page.current_url == root_url + path, "Enter followed the link instead of opening the definition"
    term.send_keys(Keys.ESCAPE)
    assert term.get_attribute("aria-expanded") == "false" and not definition.is_displayed()
    term.send_keys(Keys.SPACE)
    assert definition.is_displayed()

    # The glossary entry is one Tab further, inside the open definition.
    term.send_keys(Keys.TAB)
    more = page.switch_to.active_element
    assert more.get_attribute("href") == href and "glossary" in more.text
    more.send_keys(Keys.ENTER)
    wait_for(page, lambda: page.current_url == href)
    assert "/glossary/" in page.current_url
    assert severe_console_messages(page) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, root_url):
    page.get(root_url + "index.html")
    page.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = page.switch_to.active_element
    assert skip.text == "Skip to main content" and skip.is_displayed()
    skip.send_keys(Keys.ENTER)
    assert page.execute_script("return document.activeElement.id") == "main"


def test_no_console_errors_and_no_sideways_scrolling_on_a_small_phone(page, root_url, site):
    kinds = pages_by_kind(site)
    kinds.pop("404")
    page.set_window_size(1280, 900)
    for kind, path in sorted(kinds.items()):
        page.get(root_url + path)
        assert severe_console_messages(page) == [], kind
    # 320 CSS pixels wide, as on the smallest phones in use (and desktop zoomed to 400%).
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    try:
        for kind, path in sorted(kinds.items()):
            page.get(root_url + path)
            width = page.execute_script("return document.documentElement.scrollWidth")
            assert width <= 320, f"{kind} ({path}) is {width}px wide at 320px"
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_pages_work_with_javascript_off(page, root_url, model):
    page.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page.get(root_url + "search/index.html")
        assert not page.find_element(By.ID, "search-form").is_displayed()
        notice = page.find_element(By.CSS_SELECTOR, ".no-js-only")
        assert notice.is_displayed() and "JavaScript" in notice.text
        assert notice.find_element(By.PARTIAL_LINK_TEXT, "Drugs A to Z").get_attribute("href") == root_url + "drugs/index.html"

        page.get(root_url + "find/index.html")
        assert not page.find_element(By.ID, "finder").is_displayed()
        assert page.find_element(By.CSS_SELECTOR, ".no-js-only").is_displayed()
        links = [item.find_element(By.TAG_NAME, "a") for item in page.find_elements(By.CSS_SELECTOR, ".finder-cell-types li")]
        assert [link.text for link in links if link.is_displayed()] == [cell["title"] for cell in model["cellTypes"]]

        page.get(root_url + model["drugs"][0]["path"] + "index.html")
        assert not page.find_elements(By.CSS_SELECTOR, "a.term[role=button], .term-definition")
    finally:
        page.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


BLOCK_POSITIONS = """
    return Array.prototype.map.call(document.querySelectorAll("main p, main li, main h2, main h3, footer"), function (e) {
      var r = e.getBoundingClientRect();
      return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
    });"""


def test_nothing_moves_when_the_script_arrives(page, root_url, site):
    """Where every block sits before site.js runs (it is blocked) and after: the same."""
    kinds = pages_by_kind(site)
    paths = [kinds[kind] for kind in ("drug", "finder", "search", "home", "cell-type", "side-effect")] + [page_with_term(site)]
    page.execute_cdp_cmd("Network.enable", {})
    for path in paths:
        page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/js/site.*.js"]})
        page.get(root_url + path)
        assert page.execute_script("return document.documentElement.classList.contains('js')")
        assert not page.find_elements(By.CSS_SELECTOR, "a.term.has-toggle"), "site.js was not blocked"
        before = page.execute_script(BLOCK_POSITIONS)
        page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        page.get(root_url + path)
        after = page.execute_script(BLOCK_POSITIONS)
        assert before == after, f"{path}: blocks move when site.js runs"
    page.execute_cdp_cmd("Network.disable", {})
    assert page.find_elements(By.CSS_SELECTOR, "a.term.has-toggle")


def test_printing_leaves_out_the_navigation(page, root_url, model):
    page.get(root_url + model["drugs"][0]["path"] + "index.html")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not page.find_element(By.CSS_SELECTOR, ".site-nav").is_displayed()
        assert not page.find_element(By.CSS_SELECTOR, ".header-search").is_displayed()
        assert page.find_element(By.CSS_SELECTOR, ".drug-card").is_displayed()
        assert page.find_element(By.CSS_SELECTOR, ".reviewed").is_displayed()
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        emulate_media(page)


def test_drug_pages_lead_with_the_summary_card_and_link_to_neighbours(page, root_url, model):
    drug = next(d for d in model["drugs"][1:-1] if d["brands"])
    page.get(root_url + drug["path"] + "index.html")
    sections = page.find_elements(By.CSS_SELECTOR, "main article > section, main article > .prose")
    assert "drug-card" in sections[0].get_attribute("class")
    card = sections[0].text
    assert drug["generic"] in card and drug["brands"][0] in card and drug["schedule"] in card
    crumbs = [link.text for link in page.find_elements(By.CSS_SELECTOR, ".breadcrumbs a")]
    assert crumbs[0] == "Home" and len(crumbs) == 2
    assert page.find_element(By.CSS_SELECTOR, ".pager a[rel=prev]").is_displayed()
    assert page.find_element(By.CSS_SELECTOR, ".pager a[rel=next]").is_displayed()


def test_cell_type_pages_lead_with_the_treatments_that_may_be_part_of_care(page, root_url, model):
    cell = model["cellTypes"][0]
    page.get(root_url + cell["path"] + "index.html")
    first = page.find_element(By.CSS_SELECTOR, "main article > section")
    assert first.find_element(By.TAG_NAME, "h2").text == "Treatments that may be part of your care"
    listed = [link.text for link in first.find_elements(By.CSS_SELECTOR, ".care-item h3 a")]
    titles = {t["id"]: t["title"] for t in model["treatments"]}
    assert listed == [titles[t] for t in cell["treatments"]]


def test_keyboard_focus_is_clearly_visible(page, root_url):
    page.get(root_url + "index.html")
    body = page.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    page.switch_to.active_element.send_keys(Keys.TAB)
    focused = page.switch_to.active_element
    assert focused.get_attribute("class") == "site-title"
    # The focus style: a yellow background with a dark bar under it, whatever the colour scheme.
    assert focused.value_of_css_property("background-color") == "rgba(255, 221, 0, 1)"
    field = page.find_element(By.ID, "header-search-input")
    focused.send_keys(Keys.TAB)
    assert page.switch_to.active_element == field
    assert field.value_of_css_property("outline-style") == "solid"
    assert field.value_of_css_property("outline-width") == "3px"
