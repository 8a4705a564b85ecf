"""Key messages are written from disclosed figures only, and say when a figure is withheld."""
from __future__ import annotations

import pytest

from jsnakit import disclosure
from jsnakit.render import narrative
from jsnakit.needs import profile
from jsnakit.core.errors import DisclosureError


@pytest.fixture(scope="module")
def published(national):
    return disclosure.apply(national)


def test_islington_messages(published):
    messages = narrative.key_messages(profile.area_profile(published, "E09000019"), "E09000019")
    # data-special-educational-needs-in-england.csv: 3,023 of 40,248 pupils; England 534,579 of 8,920,004 (6.0%).
    assert messages[0] == ("In January 2026, 7.5% of pupils had an EHC plan in Islington (95% CI 7.3% to 7.8%), "
                           "significantly higher than England (6.0%) and significantly higher than London (6.0%).")
    # Islington's vision-impairment count (2) is withheld, so the leading need is claimed among published ones.
    assert messages[2].startswith("Autistic spectrum disorder was the most common primary need of pupils with an "
                                  "EHC plan (among the needs that can be published) in January 2026, 37.9% of them")


def test_tied_needs_and_withheld_figures(published):
    messages = narrative.key_messages(profile.area_profile(published, "E09000001"), "E09000001")
    # City of London, January 2026: 17 pupils with an EHC plan, ASD 5, SEMH 5, SLCN 4, MLD 2, SLD 1. The small
    # three add up to 7 (each pinned between 1 and 5 from the total): both 5s are withheld to protect them, so no
    # need can be named as the most common and no message claims one.
    assert not any("primary need of pupils with an EHC plan" in m for m in messages)
    assert "New EHC plans issued within 20 weeks in City of London, 2024: suppressed to protect small counts." in messages
    assert not any("fewer than 5 of" in m for m in messages)


def test_headline_needs_a_disclosed_frame(national):
    with pytest.raises(DisclosureError):
        narrative.headline(national, indicator="ehc_pupils_pct", area_code="E09000019", period="2025/26")


def test_messages_for_an_earlier_period(published):
    messages = narrative.key_messages(profile.area_profile(published, "E09000019"), "E09000019", period="2023/24")
    assert messages[0].startswith("In January 2024, ")
    assert any("between January 2019 and January 2024" in m for m in messages)
    assert any("within 20 weeks in 2023" in m for m in messages)


def test_the_methods_state_the_folders_notice_and_list_its_publications(published, samples, tmp_path):
    from jsnakit.catalog import Catalog

    text = narrative.methods_text(Catalog(samples), published, area_code="E09000019")
    assert "**About these data.** These factsheets were made from jsnakit's **synthetic sample data**" in text
    # Sources by publication, with its public page and the latest period its figures reach (caseload.csv: January
    # 2025); no path, no hash (those are the analyst's: Catalog.files()).
    assert ("| [Education, health and care plans (SEN2)](https://explore-education-statistics.service.gov.uk/"
            "find-statistics/education-health-and-care-plans) | Department for Education | ") in text
    sen2 = next(line for line in text.splitlines() if line.startswith("| [Education, health and care plans"))
    assert "caseload.csv" in sen2 and sen2.endswith("| 2024/25 |") and "dfe_ehc_plans/" not in sen2
    assert "sha256" not in text
    # Only the area's own Local Offer: Islington's is listed for Islington, none for Rutland (the samples have none).
    assert "The area's Local Offer (Open Referral UK)" in text
    rutland = narrative.methods_text(Catalog(samples), published, area_code="E06000017")
    assert "The area's Local Offer" not in rutland and "The area's commissioning register" not in rutland
    assert Catalog(tmp_path, cache_dir=False).notice() is None  # no NOTICE.md: nothing said
    assert "About these data" not in narrative.methods_text(Catalog(tmp_path, cache_dir=False), published)
