"""Printable handouts as PDFs: `guide handouts --pdf` over the real content, read back with
poppler-utils (pdftotext, pdfinfo).

Runs WeasyPrint on US Letter, WeasyPrint on A4 with a base URL, and headless Chromium on Letter.
While Content/ still has errors, the PDFs are made from the repaired copy that conftest.build_site
makes (and lists in the test summary)."""

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, REVIEW_DAY, guide_binary

BASE_URL = "https://example.org/guide/"
# Text of the site's navigation and of the handout page's screen-only bar, none of which belongs on paper.
NAVIGATION_TEXT = ["Skip to main content", "My cell type", "Drugs A–Z", "Search the guide",
                   "All handouts", "Full page:", "To print this handout"]


def content_folder(site: Path) -> Path:
    """The content the session's site was built from: Content/, or its repaired copy."""
    copy = site.parent / "Content"
    return copy if copy.exists() else REPO / "Content"


def run_handouts(content: Path, output: Path, *arguments, path=None) -> subprocess.CompletedProcess:
    command = [str(guide_binary()), "handouts", "--pdf", "--content", str(content), "--templates", str(REPO / "Templates"),
               "--public", str(REPO / "Public"), "--output", str(output), "--today", REVIEW_DAY, *arguments]
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(command, cwd=content.parent, capture_output=True, text=True, env=env, timeout=900)


def make_pdfs(site, tmp_path_factory, name, *arguments) -> dict:
    output = tmp_path_factory.mktemp(name) / "Output"
    result = run_handouts(content_folder(site), output, *arguments)
    assert result.returncode == 0, result.stderr
    return {"output": output, "stderr": result.stderr, "paper": "a4" if "a4" in arguments else "letter",
            "based": "--base-url" in arguments}


@pytest.fixture(scope="session")
def letter(site, tmp_path_factory):
    return make_pdfs(site, tmp_path_factory, "letter", "--paper", "letter", "--engine", "weasyprint")


@pytest.fixture(scope="session")
def a4(site, tmp_path_factory):
    return make_pdfs(site, tmp_path_factory, "a4", "--paper", "a4", "--engine", "weasyprint", "--base-url", BASE_URL)


@pytest.fixture(scope="session")
def chromium_letter(site, tmp_path_factory):
    return make_pdfs(site, tmp_path_factory, "chromium", "--paper", "letter", "--engine", "chromium")


@pytest.fixture(params=["letter", "a4", "chromium_letter"])
def run(request):
    return request.getfixturevalue(request.param)


def pdf_info(pdf: Path) -> dict:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in result.stdout.splitlines())}


def pdf_text(pdf: Path) -> str:
    """The PDF's text on one line: words broken after a hyphen joined, all runs of space made one."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"-\n\s*", "-", text)
    return " ".join(text.split())


def long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def handouts(model: dict) -> list:
    return [("cell-type", item) for item in model["cellTypes"]] + [("treatment", item) for item in model["treatments"]]


# MARK: - Every handout, on paper


def test_every_cell_type_and_treatment_has_an_html_handout_and_a_pdf(letter, model):
    folder = letter["output"] / "handouts"
    for _, item in handouts(model):
        assert (folder / item["id"] / "index.html").is_file(), item["id"]
        assert (folder / f"{item['id']}.pdf").read_bytes().startswith(b"%PDF"), item["id"]
    leftovers = [file.name for file in folder.rglob(".print*")]
    assert not leftovers, f"print copies left in the output: {leftovers}"


def test_cell_type_handouts_fit_on_two_pages(run, model):
    for item in model["cellTypes"]:
        pages = int(pdf_info(run["output"] / "handouts" / f"{item['id']}.pdf")["Pages"])
        assert 1 <= pages <= 2, f"{item['id']} has {pages} pages on {run['paper']}"


def test_pages_are_the_paper_asked_for(run):
    size = pdf_info(run["output"] / "handouts" / "hormone-receptor-positive.pdf")["Page size"]
    width, height = (float(number) for number in re.findall(r"[\d.]+", size)[:2])
    expected = (612, 792) if run["paper"] == "letter" else (595.3, 841.9)
    assert abs(width - expected[0]) < 1.5 and abs(height - expected[1]) < 1.5, size


def test_cell_type_handouts_name_every_drug_the_model_lists_by_generic_and_brand(run, model):
    drugs = {drug["id"]: drug for drug in model["drugs"]}
    for item in model["cellTypes"]:
        text = pdf_text(run["output"] / "handouts" / f"{item['id']}.pdf").lower()
        assert item["drugs"], f"{item['id']} lists no drugs in model.json"
        for drug_id in item["drugs"]:
            drug = drugs[drug_id]
            for name in [drug["title"], drug["generic"], *drug["brands"]]:
                assert name.lower() in text, f"{item['id']} handout ({run['paper']}) lacks {name!r} ({drug_id})"


def test_treatment_handouts_name_their_approved_drugs(letter, model):
    drugs = {drug["id"]: drug for drug in model["drugs"]}
    for item in model["treatments"]:
        text = pdf_text(letter["output"] / "handouts" / f"{item['id']}.pdf").lower()
        for drug_id in item["drugs"]:
            drug = drugs[drug_id]
            names = [drug["title"], *drug["brands"]] + ([drug["generic"]] if drug["status"] == "approved" else [])
            for name in names:
                assert name.lower() in text, f"{item['id']} handout lacks {name!r}"


def test_handouts_carry_questions_call_now_words_review_date_and_disclaimer(run, model):
    side_effects = {effect["id"]: effect for effect in model["sideEffects"]}
    for kind, item in handouts(model):
        text = pdf_text(run["output"] / "handouts" / f"{item['id']}.pdf")
        assert f"Reviewed {long_date(item['reviewed'])}" in text, item["id"]
        assert "not medical advice" in text, item["id"]
        assert "My notes" in text, item["id"]
        for question in item["questions"]:
            assert " ".join(question.split()) in text, f"{item['id']}: question {question!r}"
        if kind == "treatment":
            for effect_id in item["sideEffects"]["common"] + item["sideEffects"]["serious"]:
                effect = side_effects[effect_id]
                if effect["urgent"]:
                    assert " ".join(effect["callNow"].split()) in text, f"{item['id']}: call-now words of {effect_id}"


def test_handouts_have_no_navigation_text(run, model):
    for _, item in handouts(model):
        text = pdf_text(run["output"] / "handouts" / f"{item['id']}.pdf")
        for words in NAVIGATION_TEXT:
            assert words not in text, f"{item['id']} ({run['paper']}) prints {words!r}"


def test_the_full_page_address_is_printed_relative_or_from_the_base_url(run, model):
    for _, item in handouts(model):
        text = pdf_text(run["output"] / "handouts" / f"{item['id']}.pdf")
        address = (BASE_URL if run["based"] else "") + item["path"]
        assert address in text, f"{item['id']}: {address} not printed"


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_page_numbers_and_the_title_are_in_the_margins_after_the_first_page(run, model):
    for item in model["cellTypes"]:
        pdf = run["output"] / "handouts" / f"{item['id']}.pdf"
        pages = int(pdf_info(pdf)["Pages"])
        assert f"Page 1 of {pages}" in pdf_text(pdf), item["id"]
        assert page_text(pdf, 1).startswith(model["site"]["title"].upper()), f"{item['id']}: page 1 opens with the handout's own header"
        if pages > 1:
            assert page_text(pdf, 2).startswith(item["title"]), f"{item['id']}: the title heads page 2"


def test_handouts_are_black_on_white(letter, model):
    """No coloured pixel on any page: every pixel's red, green and blue agree."""
    for _, item in handouts(model):
        ppm = subprocess.run(["pdftoppm", "-r", "40", str(letter["output"] / "handouts" / f"{item['id']}.pdf")],
                             capture_output=True, check=True).stdout
        for image in split_ppm(ppm):
            coloured = sum(1 for i in range(0, len(image), 3) if max(image[i:i + 3]) - min(image[i:i + 3]) > 24)
            assert coloured == 0, f"{item['id']} has {coloured} coloured pixels"


def split_ppm(data: bytes) -> list:
    """The pixel bytes of each binary PPM (P6) image in a stream of them."""
    header = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+255\s")
    images = []
    while data:
        match = header.match(data)
        assert match, data[:20]
        size = int(match[1]) * int(match[2]) * 3
        images.append(data[match.end():match.end() + size])
        data = data[match.end() + size:]
    return images


def test_pdfs_carry_title_language_and_tags(run, model):
    site = model["site"]
    for _, item in handouts(model):
        pdf = run["output"] / "handouts" / f"{item['id']}.pdf"
        info = pdf_info(pdf)
        assert info["Title"] == f"{item['title']}: patient handout · {site['title']}", item["id"]
        assert info["Tagged"] == "yes", item["id"]
        assert f"/Lang ({site['language']})".encode() in pdf.read_bytes(), item["id"]


def test_progress_is_shown_for_every_handout(letter, model):
    """One line per handout of each edition (English, then Spanish), and the total at the end."""
    count = len(handouts(model))
    lines = [line.strip() for line in letter["stderr"].splitlines() if re.match(r"\s*\[\s*\d+/\d+\]", line)]
    assert len(lines) == 2 * count, letter["stderr"]
    assert len([line for line in lines if line.startswith(f"[{count}/{count}]")]) == 2
    assert len([line for line in lines if " es/handouts/" in line]) == count
    # "(letter)", or "(letter, 3 in compact type)" when some needed the smaller type to fit two pages.
    assert re.search(rf"and {2 * count} PDF handouts \(letter[,)]", letter["stderr"])


def test_the_same_input_gives_the_same_text_and_page_counts(site, letter, model, tmp_path_factory):
    again = make_pdfs(site, tmp_path_factory, "again", "--paper", "letter", "--engine", "weasyprint")
    for _, item in handouts(model):
        first = letter["output"] / "handouts" / f"{item['id']}.pdf"
        second = again["output"] / "handouts" / f"{item['id']}.pdf"
        assert pdf_text(first) == pdf_text(second), item["id"]
        assert pdf_info(first)["Pages"] == pdf_info(second)["Pages"], item["id"]


# MARK: - No engine


def test_without_an_engine_it_says_what_to_install_fails_and_still_writes_the_html(site, model, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    output = tmp_path / "Output"
    result = run_handouts(content_folder(site), output, path=str(empty))
    assert result.returncode == 2, result.stderr
    assert "no PDF engine found" in result.stderr
    assert "sudo apt-get install weasyprint" in result.stderr
    assert "sudo apt-get install chromium" in result.stderr
    for _, item in handouts(model):
        assert (output / "handouts" / item["id"] / "index.html").is_file(), item["id"]
    assert not list((output / "handouts").glob("*.pdf"))


def spanish_title(kind_folder: str, page_id: str) -> str:
    text = (REPO / "Content" / "es" / kind_folder / f"{page_id}.md").read_text(encoding="utf-8")
    return re.search(r"^title: (.+)$", text, re.M)[1].strip()


def test_spanish_handouts_print_within_the_same_limits_in_spanish(run, model):
    """es/handouts/<id>.pdf for every cell type and treatment: cell types on at most two pages of
    the same paper, with the Spanish title and the Spanish review line."""
    for item in model["cellTypes"]:
        pdf = run["output"] / "es" / "handouts" / f"{item['id']}.pdf"
        pages = int(pdf_info(pdf)["Pages"])
        assert 1 <= pages <= 2, f"es/{item['id']} has {pages} pages on {run['paper']}"
        text = pdf_text(pdf)
        assert spanish_title("cell-types", item["id"]) in text, item["id"]
        assert "Revisad" in text, item["id"]
    for item in model["treatments"]:
        assert (run["output"] / "es" / "handouts" / f"{item['id']}.pdf").read_bytes().startswith(b"%PDF"), item["id"]
    size = pdf_info(run["output"] / "es" / "handouts" / "hormone-receptor-positive.pdf")["Page size"]
    assert size == pdf_info(run["output"] / "handouts" / "hormone-receptor-positive.pdf")["Page size"]
def last_page_png(pdf: Path, folder: Path) -> Path:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(pages), "-l", str(pages), "-singlefile", str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def test_a_phone_reads_each_printed_handouts_qr_code_as_its_page_address(a4, model, tmp_path):
    """zbarimg (Debian's zbar-tools), a real decoder, reads the code from the printed page."""
    for item in model["cellTypes"] + model["treatments"]:
        png = last_page_png(a4["output"] / "handouts" / f"{item['id']}.pdf", tmp_path)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
        assert read.returncode == 0, f"no code found on the last page of {item['id']}.pdf"
        assert read.stdout.strip() == BASE_URL + item["path"]
        html = (a4["output"] / "handouts" / item["id"] / "index.html").read_text(encoding="utf-8")
        assert f'{BASE_URL + item["path"]}</a> (or scan the code' in html and '<svg class="qr-code"' in html


def test_without_a_base_url_the_handouts_have_no_code_and_the_build_says_so_once(letter, model):
    assert letter["stderr"].count("the handouts have no QR code") == 1
    for item in model["cellTypes"]:
        assert "<svg" not in (letter["output"] / "handouts" / item["id"] / "index.html").read_text(encoding="utf-8")
