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
    wait_for(page, lambda: search_results(page))
    first = search_results(page)[0]
    assert first.text == drug["title"]
    assert first.get_attribute("href") == root_url + drug["path"] + "index.html"
    assert brand in page.find_element(By.CSS_SELECTOR, "#search-results li").text
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


def visible_drugs(driver):
    return sorted(item.find_element(By.TAG_NAME, "a").text
                  for item in driver.find_elements(By.CSS_SELECTOR, ".finder-drugs li") if item.is_displayed())


def expected_drugs(model, picked):
    """What the finder should show, worked out from model.json: the drugs whose own test results
    and cell types fit the choices."""
    def allows(biomarkers):
        return all(key not in biomarkers or value in biomarkers[key] for key, value in picked.items())

    def allows_any(alternatives):
        return not alternatives or any(allows(alternative) for alternative in alternatives)
    cells = {cell["id"] for cell in model["cellTypes"] if allows(cell["biomarkers"]) and allows_any(cell.get("biomarkersAnyOf"))}
    treatments = {t["id"] for t in model["treatments"] if cells & set(t["cellTypes"])}
    return sorted(drug["title"] for drug in model["drugs"]
                  if drug["status"] == "approved" and drug["treatment"] in treatments and allows(drug["biomarkers"])
                  and allows_any(drug.get("biomarkersAnyOf"))
                  and (not drug["approvedFor"] or cells & set(drug["approvedFor"])))


def choose(driver, key, value):
    driver.find_element(By.CSS_SELECTOR, f"input[name='{key}'][value='{value}']").click()


def test_finder_narrows_the_treatments_when_biomarkers_change(page, root_url, model):
    page.get(root_url + "find/index.html")
    form = page.find_element(By.ID, "finder")
    assert form.is_displayed()
    everything = visible_drugs(page)
    assert everything == expected_drugs(model, {})

    choose(page, "hr", "positive")
    hormone_positive = visible_drugs(page)
    assert hormone_positive == expected_drugs(model, {"hr": "positive"})
    assert 0 < len(hormone_positive) < len(everything)

    choose(page, "her2", "positive")
    both = visible_drugs(page)
    assert both == expected_drugs(model, {"hr": "positive", "her2": "positive"})
    assert both != hormone_positive

    choose(page, "hr", "negative")
    choose(page, "her2", "negative")
    choose(page, "brca", "mutated")
    assert visible_drugs(page) == expected_drugs(model, {"hr": "negative", "her2": "negative", "brca": "mutated"})
    status = page.find_element(By.ID, "finder-status").text
    assert "Showing" in status and "Inherited BRCA1 or BRCA2 mutated" in status

    page.find_element(By.CSS_SELECTOR, "#finder button[type=reset]").click()
    wait_for(page, lambda: visible_drugs(page) == everything)
    assert severe_console_messages(page) == []


def test_finder_needs_one_of_the_alternative_results(page, root_url, model):
    """Capivasertib needs a change in PIK3CA, or in AKT1 or PTEN: ruling out both hides it."""
    drug = next(d for d in model["drugs"] if d["id"] == "capivasertib")
    assert drug["biomarkersAnyOf"] == [{"pik3ca": ["mutated"]}, {"akt1-pten": ["altered"]}]
    base = "find/index.html?hr=positive&her2=negative"
    page.get(root_url + base + "&pik3ca=not-mutated")
    assert drug["title"] in visible_drugs(page)
    page.get(root_url + base + "&pik3ca=not-mutated&akt1-pten=not-altered")
    assert drug["title"] not in visible_drugs(page)
    assert visible_drugs(page) == expected_drugs(model, {"hr": "positive", "her2": "negative", "pik3ca": "not-mutated", "akt1-pten": "not-altered"})
    page.get(root_url + base + "&pik3ca=not-mutated&akt1-pten=altered")
    assert drug["title"] in visible_drugs(page)


def test_finder_reads_choices_from_the_address(page, root_url, model):
    page.get(root_url + "find/index.html?hr=positive&her2=negative")
    assert page.find_element(By.CSS_SELECTOR, "input[name='hr'][value='positive']").is_selected()
    assert visible_drugs(page) == expected_drugs(model, {"hr": "positive", "her2": "negative"})


def test_glossary_definition_opens_and_closes_by_keyboard(page, root_url, site):
    path = page_with_term(site)
    assert path, "no page links a glossary term"
    page.get(root_url + path)
    link = page.find_element(By.CSS_SELECTOR, "main .prose a.term")
    definition_text = link.get_attribute("data-definition")
    page.execute_script("arguments[0].focus()", link)
    page.switch_to.active_element.send_keys(Keys.TAB)
    button = page.switch_to.active_element
    assert "term-toggle" in button.get_attribute("class").split()
    assert button.aria_role == "button"
    assert link.text in button.accessible_name and "mean" in button.accessible_name
    assert button.get_attribute("aria-expanded") == "false"
    definition = page.find_element(By.ID, button.get_attribute("aria-controls"))
    assert not definition.is_displayed()

    button.send_keys(Keys.ENTER)
    assert button.get_attribute("aria-expanded") == "true"
    assert definition.is_displayed() and definition_text in definition.text
    button.send_keys(Keys.ESCAPE)
    assert button.get_attribute("aria-expanded") == "false" and not definition.is_displayed()
    button.send_keys(Keys.SPACE)
    assert definition.is_displayed()

    # The link itself still leads to the glossary entry.
    href = link.get_attribute("href")
    link.send_keys(Keys.ENTER)
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
        assert all(not toggle.is_displayed() for toggle in page.find_elements(By.CSS_SELECTOR, ".term-toggle"))
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
        page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/js/site.js"]})
        page.get(root_url + path)
        assert page.execute_script("return document.documentElement.classList.contains('js')")
        assert not page.find_elements(By.CSS_SELECTOR, ".term-toggle"), "site.js was not blocked"
        before = page.execute_script(BLOCK_POSITIONS)
        page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        page.get(root_url + path)
        after = page.execute_script(BLOCK_POSITIONS)
        assert before == after, f"{path}: blocks move when site.js runs"
    page.execute_cdp_cmd("Network.disable", {})
    assert page.find_elements(By.CSS_SELECTOR, ".term-toggle")


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
