"""Every FDA action in FACTS.md (2025 to mid-2026) is in the guide, and the drug page, the
finder and the matching cell-type handout agree with it.

Each row: the drug, the approval date, a set of test results the use fits (it must be in the
finder's "fits" list), results it must not appear for at all, the cell-type handouts that must name
it, and the partner drug the use is given with (named in the indication on the drug page).
"""

import re

import pytest

from conftest import parse

ACTIONS = [
    # T-DXd for HR-positive, HER2-low or ultralow cancer after hormone therapy; ultralow only when HR-positive.
    ("fam-trastuzumab-deruxtecan", "2025-01-27", "hr=positive&her2=ultralow", ["hr=negative&her2=ultralow"],
     ["hormone-receptor-positive", "her2-low"], None),
    ("imlunestrant", "2025-09-25", "hr=positive&her2=zero&esr1=mutated", ["hr=positive&her2=zero&esr1=not-mutated", "hr=negative"],
     ["hormone-receptor-positive"], None),
    # T-DXd with pertuzumab as the first treatment for HER2-positive cancer.
    ("fam-trastuzumab-deruxtecan", "2025-12-15", "her2=positive", [], ["her2-positive", "hormone-receptor-negative"], "pertuzumab"),
    ("pertuzumab", "2025-12-15", "her2=positive", ["her2=zero"], ["her2-positive"], "fam-trastuzumab-deruxtecan"),
    ("vepdegestrant", "2026-05-01", "hr=positive&her2=one-plus&esr1=mutated", ["hr=positive&esr1=not-mutated", "her2=positive"],
     ["hormone-receptor-positive"], None),
    # The two Trop-2 drugs as first treatments for triple-negative cancer.
    ("datopotamab-deruxtecan", "2026-05-22", "hr=negative&her2=zero", ["hr=negative&her2=positive"],
     ["triple-negative", "hormone-receptor-negative"], None),
    ("sacituzumab-govitecan", "2026-06-24", "hr=negative&her2=zero&pdl1=negative", ["hr=negative&her2=positive"],
     ["triple-negative", "hormone-receptor-negative", "her2-negative-brca"], None),
    ("sacituzumab-govitecan", "2026-06-24", "hr=negative&her2=zero&pdl1=positive", [], ["triple-negative"], "pembrolizumab"),
    ("pembrolizumab", "2026-06-24", "hr=negative&her2=zero&pdl1=positive", ["hr=negative&her2=zero&pdl1=negative", "hr=positive"],
     ["triple-negative"], "sacituzumab-govitecan"),
]

FORMS = [("pembrolizumab", "Keytruda Qlex", "2025-09-19"), ("pertuzumab", "Poherdy", "2025-11-13")]


def drug(model, drug_id):
    return next(d for d in model["drugs"] if d["id"] == drug_id)


@pytest.mark.parametrize("drug_id,date,fits,never,handouts,partner", ACTIONS)
def test_each_fda_action_agrees_on_the_drug_page_the_finder_and_the_handout(site, model, finder_answers, drug_id, date, fits,
                                                                            never, handouts, partner):
    record = drug(model, drug_id)
    indications = [i for i in record["indications"] if i["approved"] == date]
    assert indications, f"{drug_id}: no indication approved {date}"
    if partner:
        assert any(partner in i["givenWith"] + i["givenWithOneOf"] for i in indications), f"{drug_id} {date}: not given with {partner}"
    page = " ".join(parse(site / "drugs" / drug_id / "index.html").text)
    assert date in parse(site / "drugs" / drug_id / "index.html").datetimes or date[:4] in page
    assert drug_id in finder_answers[fits]["fits"], f"{drug_id} should fit {fits}"
    for key in never:
        answer = finder_answers[key]
        assert drug_id not in answer["fits"] + answer["maybe"], f"{drug_id} must not be shown for {key}"
    for cell_type in handouts:
        handout = " ".join(parse(site / "handouts" / cell_type / "index.html").text)
        assert record["title"] in handout, f"the {cell_type} handout does not name {record['title']}"


@pytest.mark.parametrize("drug_id,name,date", FORMS)
def test_new_forms_and_biosimilars_are_on_their_drug_page(site, model, drug_id, name, date):
    record = drug(model, drug_id)
    assert name in record["brands"]
    assert any(form["name"] == name and form["approved"] == date for form in record["forms"])
    assert name in " ".join(parse(site / "drugs" / drug_id / "index.html").text)


def test_hormone_therapy_is_never_offered_for_hormone_receptor_negative_results(model, finder_answers):
    hormone = {d["id"] for d in model["drugs"] if d["treatment"] == "hormone-therapy"}
    for key, answer in finder_answers.items():
        if "hr=negative" in key.split("&"):
            assert not hormone & set(answer["fits"] + answer["maybe"]), key
    cell = next(c for c in model["cellTypes"] if c["id"] == "hormone-receptor-negative")
    assert "hormone-therapy" not in cell["treatments"]


def test_the_hormone_receptor_negative_handout_lists_her2_drugs(site):
    handout = " ".join(parse(site / "handouts" / "hormone-receptor-negative" / "index.html").text)
    assert "Trastuzumab" in handout and "Pertuzumab" in handout


def test_off_label_drugs_are_in_the_handouts_as_off_label(site, model):
    for record in model["drugs"]:
        if not record["offLabel"]:
            continue
        for cell in model["cellTypes"]:
            if record["id"] in cell["offLabelDrugs"]:
                handout = " ".join(parse(site / "handouts" / cell["id"] / "index.html").text)
                assert record["title"] in handout and "Not FDA-approved for metastatic breast cancer" in handout, (record["id"], cell["id"])


def test_whats_new_lists_every_dated_approval_newest_first(site, model):
    page = parse(site / "whats-new" / "index.html")
    dates = page.datetimes[:-1]  # the last is the page's own review date
    assert dates == sorted(dates, reverse=True)
    expected = sorted({i["approved"].removeprefix("by ") for d in model["drugs"] for i in d["indications"]} |
                      {f["approved"] for d in model["drugs"] for f in d["forms"] if f["approved"]}, reverse=True)
    assert sorted(set(dates), reverse=True) == expected
    assert "2026-06-24" in dates and "2025-09-19" in dates
    home = parse(site / "index.html")
    assert "whats-new/index.html" in home.links


def test_not_yet_approved_drugs_are_not_listed_as_approved(model):
    names = " ".join(d["generic"] + " " + d["title"] for d in model["drugs"]).lower()
    for name in ("camizestrant", "gedatolisib", "tirumotecan"):
        assert name not in names
