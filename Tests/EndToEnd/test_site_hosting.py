"""The same files work at a domain root, under a sub-path (/guide/) and opened from disk
(file://): following the menu and links, and searching."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import example_brand, severe_console_messages, wait_for


@pytest.fixture(params=["root", "sub-path", "file"])
def base(request, root_url, guide_url, site):
    return {"root": root_url, "sub-path": guide_url, "file": site.as_uri() + "/"}[request.param]


def click_link(driver, text):
    driver.find_element(By.LINK_TEXT, text).click()


def test_menu_and_links_lead_to_real_pages(page, base, model):
    brand, drug = example_brand(model)
    page.get(base + "index.html")
    click_link(page, "Drugs A–Z")
    assert page.current_url == base + "drugs/index.html"
    assert page.find_element(By.TAG_NAME, "h1").text
    page.find_element(By.XPATH, f"//main//a[normalize-space()='{brand}']").click()
    assert page.current_url == base + drug["path"] + "index.html"
    assert page.find_element(By.TAG_NAME, "h1").text == drug["title"]
    page.find_element(By.CSS_SELECTOR, ".breadcrumbs a").click()
    assert page.current_url == base + "index.html"
    click_link(page, "My cell type")
    first_cell_type = model["cellTypes"][0]
    click_link(page, first_cell_type["title"])
    assert page.current_url == base + first_cell_type["path"] + "index.html"
    assert severe_console_messages(page) == []


def test_search_works(page, base, model):
    brand, drug = example_brand(model)
    page.get(base + "index.html")
    box = page.find_element(By.ID, "header-search-input")
    box.send_keys(brand, Keys.ENTER)
    wait_for(page, lambda: page.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    # The query goes in the fragment, which no server sees.
    assert page.current_url.startswith(base + "search/index.html#q=")
    page.find_element(By.CSS_SELECTOR, "#search-results li a").click()
    assert page.current_url == base + drug["path"] + "index.html"
    assert severe_console_messages(page) == []


def test_finder_works(page, base, model):
    page.get(base + "find/index.html")
    page.find_element(By.CSS_SELECTOR, "input[name='her2'][value='positive']").click()
    shown = [item for item in page.find_elements(By.CSS_SELECTOR, ".finder-cell-types li") if item.is_displayed()]
    expected = [cell for cell in model["cellTypes"] if "positive" in cell["biomarkers"]["all"].get("her2", ["positive"])]
    assert len(shown) == len(expected) > 0
