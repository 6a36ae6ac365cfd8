"""End-to-end tests over the real Content/: the guide builds cleanly under --strict, every link
resolves in the written HTML, the facts and corrections hold, and the model's derived lists match
what the front matter declares. The HTML is read with Python's own parser, not regular expressions.
"""

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REVIEW_DAY, build_site, parse

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "Content"


def guide(*args, cwd=REPO, env=None):
    binary = os.environ.get("GUIDE_BIN", str(REPO / ".build/debug/guide"))
    return subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_the_real_content_checks_clean_under_strict():
    # With the address it is published at: without one the handouts' QR codes are left out, with a warning.
    result = guide("check", "--strict", "--today", REVIEW_DAY, "--base-url", "https://example.org/guide/")
    assert result.returncode == 0, result.stderr
    assert re.search(r"checked: \d+ pages, 0 warnings, 0 errors in \d+\.\d+s", result.stderr)


FACTS_DRUGS = [
    "tamoxifen", "toremifene", "fulvestrant", "anastrozole", "letrozole", "exemestane", "abemaciclib",
    "palbociclib", "ribociclib", "alpelisib", "everolimus", "trastuzumab", "pertuzumab",
    "ado-trastuzumab-emtansine", "fam-trastuzumab-deruxtecan", "lapatinib", "neratinib", "tucatinib",
    "margetuximab", "olaparib", "talazoparib", "sacituzumab-govitecan", "pembrolizumab", "bevacizumab",
    "denosumab", "zoledronic-acid",
    # worth adding (FACTS.md)
    "goserelin", "leuprolide", "elacestrant", "capivasertib", "inavolisib", "datopotamab-deruxtecan",
    "capecitabine", "paclitaxel", "nab-paclitaxel", "docetaxel", "doxorubicin", "eribulin", "gemcitabine",
    "vinorelbine", "carboplatin",
    # approved 2025-2026 (FACTS.md)
    "imlunestrant", "vepdegestrant",
]
TREATMENTS = ["hormone-therapy", "radiation-therapy", "chemotherapy", "targeted-therapy", "immunotherapy",
              "surgery-and-ablation", "bone-strengthening-drugs", "palliative-care", "complementary-treatments",
              "clinical-trials"]
CELL_TYPES = ["hormone-receptor-positive", "hormone-receptor-negative", "her2-positive", "her2-negative-pik3ca",
              "her2-negative-brca", "triple-negative", "her2-low"]


@pytest.mark.parametrize("folder,ids", [("drugs", FACTS_DRUGS), ("treatments", TREATMENTS), ("cell-types", CELL_TYPES)])
def test_every_fact_has_its_page(site, folder, ids):
    missing = [i for i in ids if not (site / folder / i / "index.html").exists()]
    assert not missing


def test_corrections_hold_everywhere(site):
    wrong = ["P13K", "P1K3CA", "goritecan", "generic form of Herceptin", "HER2-positive PD-L1"]
    for file in site.rglob("*"):
        if file.suffix in (".html", ".js", ".json", ".xml"):
            text = file.read_text(encoding="utf-8")
            for phrase in wrong:
                assert phrase not in text, f"{phrase!r} in {file.relative_to(site)}"


def test_bevacizumab_is_shown_as_no_longer_approved(model, site):
    drug = next(d for d in model["drugs"] if d["id"] == "bevacizumab")
    assert drug["status"] == "withdrawn" and drug["withdrawnYear"] == 2011 and drug["indications"] == []
    for cell_type in model["cellTypes"]:
        assert "bevacizumab" not in cell_type["drugs"]


def test_kadcyla_contains_trastuzumab(site):
    text = " ".join(parse(site / "drugs/ado-trastuzumab-emtansine/index.html").text)
    assert "trastuzumab" in text.lower() and "Kadcyla" in text


def english_pages():
    """Content/'s pages, without the Spanish edition's (Content/es/), which hold words only."""
    return [path for path in CONTENT.rglob("*.md") if path.relative_to(CONTENT).parts[0] != "es"]


def test_every_page_has_a_review_date_and_a_source():
    for path in english_pages():
        data = front_matter(path)
        assert data.get("reviewed"), path
        assert data.get("sources") and all(s.get("url", "").startswith("https://") for s in data["sources"]), path


def test_people_not_only_women():
    for path in english_pages():
        text = path.read_text(encoding="utf-8").lower()
        if re.search(r"\bwomen\b", text):
            assert re.search(r"\bmen\b|\bpeople\b", text), f"{path} speaks of women only"
    for path in (CONTENT / "es").rglob("*.md"):
        text = path.read_text(encoding="utf-8").lower()
        if re.search(r"\bmujeres\b", text):
            assert re.search(r"\bhombres\b|\bpersonas\b", text), f"{path} speaks of women only"


def test_every_spanish_page_follows_the_english_version_it_translates():
    """translated-from is the English page's reviewed date: no translation has fallen behind."""
    for path in (CONTENT / "es").rglob("*.md"):
        english = CONTENT / path.relative_to(CONTENT / "es")
        assert english.is_file(), f"{path} translates no page"
        assert front_matter(path)["translated-from"] == front_matter(english)["reviewed"], path


def test_reading_level_median_is_within_target():
    result = guide("check", "--reading-level", "--today", REVIEW_DAY)
    assert result.returncode == 0, result.stderr
    median = float(re.search(r"median\s+([\d.]+)\s+all pages", result.stdout).group(1))
    assert 0 < median <= 8.0, result.stdout
    # The Spanish pages on the INFLESZ scale: median "bastante fácil" (65+), none below "normal" (55).
    spanish = result.stdout.split("\nes/\n", 1)[1]
    found = re.search(r"median\s+([\d.]+)\s+all pages \(\d+ pages, lowest ([\d.]+)", spanish)
    assert float(found[1]) >= 65 and float(found[2]) >= 55, spanish[-400:]


def test_every_drug_page_links_back_to_its_treatment(site):
    for path in sorted((CONTENT / "drugs").glob("*.md")):
        if path.name == "index.md":
            continue
        treatment = front_matter(path)["treatment"]
        hrefs = parse(site / "drugs" / path.stem / "index.html").links
        assert f"../../treatments/{treatment}/index.html" in hrefs, path.name


def test_cell_type_pages_list_exactly_the_drugs_the_model_derives(site, model):
    for cell_type in model["cellTypes"]:
        page = parse(site / "cell-types" / cell_type["id"] / "index.html")
        # The generated list ("Treatments that may be part of your care"), not links in the text.
        listed = {re.match(r"\.\./\.\./drugs/([^/]+)/index\.html", link).group(1)
                  for link, classes in page.anchors
                  if any("care-list" in c.split() for c in classes) and re.match(r"\.\./\.\./drugs/[^/]+/index\.html", link)}
        assert listed, f"{cell_type['id']}: no generated drug list found (class care-list)"
        assert listed == set(cell_type["drugs"]) | set(cell_type["offLabelDrugs"]), cell_type["id"]


def test_every_current_drug_has_a_dated_sourced_indication_or_an_off_label_note(model):
    for drug in model["drugs"]:
        if drug["status"] == "withdrawn":
            assert drug["indications"] == [], drug["id"]
            continue
        assert bool(drug["indications"]) != bool(drug["offLabel"]), drug["id"]
        for indication in drug["indications"]:
            assert re.fullmatch(r"(by )?\d{4}(-\d{2}(-\d{2})?)?", indication["approved"]), drug["id"]
            assert indication["source"].startswith("https://"), drug["id"]
        if drug["offLabel"]:
            assert "not fda-approved" in drug["offLabel"]["note"].lower(), drug["id"]
            assert "not fda-approved" in drug["summary"].lower(), drug["id"]


def test_treatment_pages_list_every_drug_that_names_them(model, site):
    for treatment in model["treatments"]:
        hrefs = set(parse(site / "treatments" / treatment["id"] / "index.html").links)
        for drug in treatment["drugs"]:
            assert f"../../drugs/{drug}/index.html" in hrefs, (treatment["id"], drug)


def test_model_json_has_a_stable_shape(model):
    assert model["version"] == 2
    assert set(model) == {"version", "site", "biomarkers", "cellTypes", "treatments", "drugs", "options", "sideEffects", "terms"}
    drug = next(d for d in model["drugs"] if d["id"] == "olaparib")
    assert drug["brands"] == ["Lynparza"] and drug["treatment"] == "targeted-therapy"
    assert set(drug) >= {"id", "title", "summary", "path", "reviewed", "sources", "generic", "brands", "class", "routes",
                         "schedule", "indications", "offLabel", "forms", "givenWith", "boxedWarnings", "sideEffects", "status"}
    assert set(drug["indications"][0]) == {"needs", "line", "after", "earlierTreatments", "givenWith", "givenWithOneOf", "note",
                                           "approved", "source"}


def test_sitemap_lists_every_page_with_its_review_date(tmp_path, model):
    sitemap = (build_site(tmp_path, base_url="https://example.org/guide/") / "sitemap.xml").read_text()
    for drug in model["drugs"]:
        assert f"<loc>https://example.org/guide/drugs/{drug['id']}/</loc><lastmod>{drug['reviewed']}</lastmod>" in sitemap


def test_broken_content_fails_with_file_line_column_and_writes_nothing(tmp_path):
    content = tmp_path / "Content"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True)
    olaparib = content / "drugs/olaparib.md"
    olaparib.write_text(olaparib.read_text().replace("treatment: targeted-therapy", "treatment: targetted-therapy", 1))
    output = tmp_path / "Output"
    result = guide("build", "--content", str(content), "--templates", str(REPO / "Templates"),
                   "--public", str(REPO / "Public"), "--output", str(output), cwd=tmp_path)
    assert result.returncode == 1
    line = next(i for i, l in enumerate(olaparib.read_text().split("\n"), 1) if l.startswith("treatment:"))
    assert f"Content/drugs/olaparib.md:{line}:12: error: unknown treatment 'targetted-therapy'" in result.stderr
    assert "did you mean 'targeted-therapy'?" in result.stderr
    assert not output.exists()


def test_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("keep")
    result = guide("build", "--output", str(tmp_path))
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "keep"


def test_usage_errors_exit_2():
    assert guide("build", "--no-such-option").returncode == 2


def test_new_writes_a_skeleton_that_asks_for_its_indications_and_refuses_to_overwrite(tmp_path):
    subprocess.run(["cp", "-r", str(CONTENT), str(tmp_path / "Content")], check=True)
    result = guide("new", "drug", "test-drug", "--content", str(tmp_path / "Content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    skeleton = (tmp_path / "Content/drugs/test-drug.md").read_text()
    for field in ("generic:", "brands:", "treatment:", "class:", "route:", "schedule:", "indications:",
                  "boxed-warnings:", "side-effects:", "status:"):
        assert field in skeleton
    check = guide("check", "--content", str(tmp_path / "Content"), "--templates", str(REPO / "Templates"),
                  "--public", str(REPO / "Public"), cwd=tmp_path)
    # Everything but the approvals checks: a drug cannot be published until someone writes them.
    errors = [line for line in check.stderr.splitlines() if ": error: " in line]
    assert check.returncode == 1 and len(errors) == 1, check.stderr
    assert "drugs/test-drug.md:" in errors[0] and "no 'indications' and no 'off-label' note" in errors[0]
    again = guide("new", "drug", "test-drug", "--content", str(tmp_path / "Content"), cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_refuses_a_content_folder_that_does_not_exist(tmp_path):
    result = guide("new", "drug", "test-drug", "--content", str(tmp_path / "Contnet"), cwd=tmp_path)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "Contnet").exists()


def test_the_skeleton_of_a_new_page_fails_strict_until_its_placeholders_are_replaced(tmp_path):
    subprocess.run(["cp", "-r", str(CONTENT), str(tmp_path / "Content")], check=True)
    assert guide("new", "side-effect", "test-effect", "--content", str(tmp_path / "Content"), cwd=tmp_path).returncode == 0
    arguments = ("--content", str(tmp_path / "Content"), "--templates", str(REPO / "Templates"), "--public", str(REPO / "Public"))
    assert guide("check", *arguments, cwd=tmp_path).returncode == 0
    strict = guide("check", "--strict", *arguments, cwd=tmp_path)
    assert strict.returncode == 1
    assert "side-effects/test-effect.md:2:" in strict.stderr or "side-effects/test-effect.md:3:" in strict.stderr
    assert "placeholder 'TODO' is still on the page" in strict.stderr


def one_page_site(folder: Path, reviewed: str) -> tuple:
    """A content folder with only a home page, and the arguments that check or build it."""
    content = folder / "Content"
    content.mkdir()
    # With a base URL, a published build has nothing to warn of but the review date.
    (content / "site.yml").write_text("title: Test\nlanguage: en-US\ndescription: A test.\nbase-url: https://example.org/guide/\n")
    (content / "index.md").write_text(f"---\ntitle: Home\nsummary: The home page.\nreviewed: {reviewed}\nsources:\n"
                                      "  - title: NCI\n    url: https://www.cancer.gov/\n---\nWelcome to the guide.\n")
    return ("--content", str(content), "--templates", str(REPO / "Templates"), "--public", str(REPO / "Public"),
            "--output", str(folder / "Output"))


STALE = "Content/index.md:4:11: warning: page was last reviewed on 2025-01-01, more than 12 months ago"


def epoch(day: str) -> str:
    return str(int(datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.timezone.utc).timestamp()))


@pytest.mark.parametrize("command", ["check", "build", "handouts"])
def test_today_decides_which_reviews_are_stale(tmp_path, command):
    site = one_page_site(tmp_path, reviewed="2025-01-01")
    late = guide(command, *site, "--today", "2026-12-01", cwd=tmp_path)
    assert late.returncode == 0 and STALE in late.stderr, late.stderr
    assert guide(command, *site, "--today", "2026-12-01", "--strict", cwd=tmp_path).returncode == 1
    early = guide(command, *site, "--today", "2025-06-01", "--strict", cwd=tmp_path)
    assert early.returncode == 0 and "0 warnings" in early.stderr, early.stderr


def test_source_date_epoch_is_the_day_unless_today_is_given(tmp_path):
    site = one_page_site(tmp_path, reviewed="2025-01-01")
    late = guide("check", *site, cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch("2026-12-01")})
    assert late.returncode == 0 and STALE in late.stderr, late.stderr
    early = guide("check", *site, "--strict", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch("2025-06-01")})
    assert early.returncode == 0, early.stderr
    given = guide("check", *site, "--strict", "--today", "2025-06-01", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch("2026-12-01")})
    assert given.returncode == 0, given.stderr


@pytest.mark.parametrize("command", ["check", "build", "handouts"])
def test_a_day_that_is_not_one_exits_2_and_says_why(tmp_path, command):
    site = one_page_site(tmp_path, reviewed="2025-01-01")
    month = guide(command, *site, "--today", "2026-13-01", cwd=tmp_path)
    assert month.returncode == 2 and "'2026-13-01' is invalid for '--today" in month.stderr and "no month 13" in month.stderr, month.stderr
    written = guide(command, *site, "--today", "1.12.2026", cwd=tmp_path)
    assert written.returncode == 2 and "write the day as YYYY-MM-DD" in written.stderr, written.stderr
    epoch_text = guide(command, *site, cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert epoch_text.returncode == 2 and "SOURCE_DATE_EPOCH must be a whole number of seconds" in epoch_text.stderr, epoch_text.stderr
    assert not (tmp_path / "Output").exists()
