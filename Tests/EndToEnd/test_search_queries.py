"""The query set: what readers really type (typos, shorthand, brand names from other countries,
British spellings, symptoms in plain words) through the site's own search script in a browser.
At least 90% must find the expected page first and 98% within the first three."""

from pathlib import Path

import yaml
from selenium.webdriver.common.by import By

from conftest import wait_for

QUERIES = Path(__file__).with_name("search-queries.yml")


def load_queries() -> list:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def top_three(driver, root_url, query, search_page="search/index.html?q=") -> list:
    """The site paths of the first three results, as the search page lists them."""
    from urllib.parse import quote
    driver.get(root_url + search_page + quote(query))
    status = driver.find_element(By.ID, "search-status")
    wait_for(driver, lambda: status.text.strip() != "")
    links = driver.find_elements(By.CSS_SELECTOR, "#search-results li a:not(.suggestion)")[:3]
    return [link.get_attribute("href")[len(root_url):].removesuffix("index.html") for link in links]


def test_the_query_set_is_big_enough_and_points_at_real_pages(site):
    queries = load_queries()
    assert len(queries) >= 60
    assert len({entry["q"].lower() for entry in queries}) == len(queries), "a query is listed twice"
    missing = [entry["first"] for entry in queries if not (site / entry["first"] / "index.html").is_file()]
    assert missing == [], f"expected pages that the site does not have: {missing}"


def test_search_finds_what_readers_type(page, root_url):
    queries = load_queries()
    first = top3 = 0
    misses = []
    for entry in queries:
        found = top_three(page, root_url, entry["q"])
        if found[:1] == [entry["first"]]:
            first += 1
        else:
            misses.append(f"{entry['q']!r}: wanted {entry['first']}, got {found}")
        if entry["first"] in found:
            top3 += 1
    total = len(queries)
    print(f"\nsearch query set: {first}/{total} first ({first / total:.1%}), {top3}/{total} in the top 3 ({top3 / total:.1%})")
    print("\n".join(misses))
    assert first / total >= 0.90, f"only {first} of {total} first:\n" + "\n".join(misses)
    assert top3 / total >= 0.98, f"only {top3} of {total} in the top 3:\n" + "\n".join(misses)


def test_a_typo_gets_a_did_you_mean_that_searches_for_the_word(page, root_url):
    page.get(root_url + "search/index.html#q=tamoxifin")
    suggestion = page.find_element(By.ID, "search-suggestion")
    wait_for(page, lambda: suggestion.is_displayed())
    assert suggestion.text == "Did you mean tamoxifen?"
    suggestion.find_element(By.TAG_NAME, "a").click()
    wait_for(page, lambda: page.find_element(By.ID, "search-input").get_attribute("value") == "tamoxifen")
    assert page.current_url.endswith("#q=tamoxifen")
    wait_for(page, lambda: not suggestion.is_displayed())
    # A brand keeps its capital: "herceptn" → "Herceptin".
    page.get(root_url + "search/index.html#q=herceptn")
    wait_for(page, lambda: suggestion.is_displayed())
    assert suggestion.text == "Did you mean Herceptin?"
    # A word the guide uses, or a synonym, is never "corrected".
    for query in ("tnbc", "nolvadex", "diarrhoea"):
        page.get(root_url + "search/index.html?q=" + query)
        wait_for(page, lambda: page.find_element(By.ID, "search-status").text)
        assert not page.find_element(By.ID, "search-suggestion").is_displayed(), query


def test_the_query_lives_in_the_fragment_and_old_links_still_work(page, root_url):
    page.get(root_url + "search/index.html?q=letrozole")
    wait_for(page, lambda: page.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    assert page.find_element(By.ID, "search-input").get_attribute("value") == "letrozole"
    field = page.find_element(By.ID, "search-input")
    field.clear()
    field.send_keys("femara")
    field.submit()
    wait_for(page, lambda: page.current_url.endswith("search/index.html#q=femara"))
    assert "?q=" not in page.current_url, "the query stayed where a server would log it"
    # The header box on any page leads to the fragment too.
    page.get(root_url + "drugs/index.html")
    box = page.find_element(By.ID, "header-search-input")
    box.send_keys("kisqali")
    box.submit()
    wait_for(page, lambda: page.current_url.endswith("search/index.html#q=kisqali"))
    wait_for(page, lambda: page.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    assert page.find_element(By.CSS_SELECTOR, "#search-results li a").text == "Ribociclib"


def test_search_works_from_disk(browser, site):
    """file://: the index is a script, not fetched data, so search works opened from disk."""
    browser.get((site / "search" / "index.html").as_uri() + "#q=nolvadex")
    wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    assert browser.find_element(By.CSS_SELECTOR, "#search-results li a").text == "Tamoxifen"
    assert "Nolvadex" in browser.find_element(By.CSS_SELECTOR, "#search-results li").text


def test_the_index_stays_small(site):
    index = next(site.glob("search-index.*.js"))
    size = index.stat().st_size
    print(f"\n{index.name}: {size:,} bytes")
    assert size < 190_000, f"the search index grew to {size:,} bytes"
