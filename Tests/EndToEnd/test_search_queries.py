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


def top_three(driver, root_url, query) -> list:
    """The site paths of the first three results, as the search page lists them."""
    from urllib.parse import quote
    driver.get(root_url + "search/index.html?q=" + quote(query))
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
