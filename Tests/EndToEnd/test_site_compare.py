"""The compare page: real tables at every width (each cell keeps its row and column headers, on
phones too), scrolling in their own box with the first column held in place; off-label drugs
marked as such; and on paper, tables again, in a few pages."""

import base64
import re

from selenium.webdriver.common.by import By

from conftest import emulate_media
from test_site_large_text import large_text_phone


def table_semantics(driver) -> dict:
    return driver.execute_script("""
        var table = document.querySelector("table.compare");
        return { table: getComputedStyle(table).display, row: getComputedStyle(table.querySelector("tbody tr")).display,
                 cell: getComputedStyle(table.querySelector("tbody td")).display,
                 head: getComputedStyle(table.querySelector("thead")).display };""")


def test_on_a_phone_with_large_text_the_tables_stay_tables_and_scroll_in_their_box(page, root_url):
    with large_text_phone(page):
        page.get(root_url + "compare/index.html")
        assert table_semantics(page) == {"table": "table", "row": "table-row", "cell": "table-cell", "head": "table-header-group"}
        assert page.execute_script("return document.documentElement.scrollWidth") <= 390
        box = page.find_element(By.CSS_SELECTOR, ".table-scroll")
        assert page.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box), "the table fits without scrolling?"
        header = box.find_element(By.CSS_SELECTOR, "tbody th[scope=row]")
        left = header.location["x"]
        page.execute_script("arguments[0].scrollLeft = 300", box)
        assert page.execute_script("return arguments[0].scrollLeft", box) > 0
        assert header.location["x"] == left, "the first column scrolled away"
        # Every cell is shown, "No" included, so each sits under its own column header.
        cells = box.find_elements(By.CSS_SELECTOR, "tbody tr:first-child td")
        assert len(cells) == len(box.find_elements(By.CSS_SELECTOR, "thead th")) - 1
        assert all(page.execute_script("return getComputedStyle(arguments[0]).display", cell) == "table-cell" for cell in cells)


def test_off_label_drugs_are_marked_as_such(page, root_url, model):
    off_label = [drug for drug in model["drugs"] if drug["status"] == "approved" and not drug["indications"] and drug["offLabel"]]
    assert off_label, "the guide has no off-label drug to check"
    page.get(root_url + "compare/index.html")
    for drug in off_label:
        row = page.find_element(By.XPATH, f"//section[@aria-labelledby='by-drug']//tbody/tr[th//a[normalize-space()='{drug['title']}']]")
        assert "Off-label" in row.find_element(By.TAG_NAME, "th").text
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        assert "Used off-label" in cells, f"{drug['title']}: {cells}"
        assert not any("✓" in cell for cell in cells)


def test_the_compare_page_prints_as_tables_on_a_few_pages(page, root_url):
    page.get(root_url + "compare/index.html")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert table_semantics(page)["table"] == "table"
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        emulate_media(page)
    pdf = base64.b64decode(page.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.5, "paperHeight": 11})["data"])
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"\ncompare page printed on {pages} Letter pages")
    assert 1 <= pages <= 5, f"the compare page prints on {pages} pages"
