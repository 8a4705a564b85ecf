"""The whole-picture explorer (jsnakit.widgets.picture): each topic for an area from the published frame, with the
factsheet's own figures, plain messages for what cannot be shown, and the widget."""
from __future__ import annotations

import pytest

from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError
from jsnakit.needs import profile
from jsnakit.widgets import PICTURE_TOPICS, PictureExplorer, picture_view

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def real_folder(real):
    catalog = Catalog(real)
    return catalog, profile.published(catalog), catalog.load("neighbours")


def test_every_topic_for_a_real_area(real_folder):
    catalog, published, neighbours = real_folder
    views = {t: picture_view(published, catalog, ROCHDALE, topic=t, neighbours=neighbours) for t in PICTURE_TOPICS}
    # The factsheet's own sentences: the KS2 gap (LAIT: 7% and 70%, England's gap 65) and the 2024 requests.
    assert views["outcomes"].message.startswith("In 2024/25, 7% of Rochdale's pupils with an EHC plan met")
    assert views["process"].message == ("Rochdale agreed to assess 70 of every 100 requests for an EHC needs "
                                        "assessment in 2024, England 65")
    assert "Rochdale ranks 14 of 151" in views["deprivation"].message
    assert ">513<" in views["placement"].table  # further education, caseload.csv 2024/25 (513 of 2,970 plans)
    assert "2,125" in views["sex"].table and views["sex"].chart is None  # boys, caseload.csv 2024/25
    for topic in ("outcomes", "process", "placement", "deprivation"):
        assert views[topic].chart is not None and views[topic].alt


def test_plain_messages_for_what_cannot_be_shown(real_folder, samples, tmp_path):
    catalog, published, _ = real_folder
    assert picture_view(published, catalog, "E99999999", topic="outcomes").message.startswith(
        "No area has the code 'E99999999'")
    assert picture_view(published, catalog, "E12000002", topic="outcomes").message == (
        "North West is not a local authority: pick one from the list.")
    with pytest.raises(ArgumentError, match="topic must be one of"):
        picture_view(published, catalog, ROCHDALE, topic="weather")
    # A folder of the SEN2 caseload only: no LAIT, no requests, no IMD.
    (tmp_path / "caseload.csv").write_bytes((samples / "dfe_ehc_plans" / "caseload.csv").read_bytes())
    only = Catalog(tmp_path, cache_dir=False)
    view = picture_view(profile.published(only), only, ROCHDALE, topic="outcomes")
    assert view.chart is None and "holds no outcomes by SEN status for Rochdale" in view.message


def test_the_explorer_on_the_samples(samples):
    explorer = PictureExplorer(samples, area_code=ROCHDALE)
    assert explorer.view.topic == "outcomes" and explorer.view.chart is not None
    explorer.topic.value = "process"
    assert explorer.view.topic == "process" and "requests" in explorer.table.value
    explorer.area.value = "Nowhere at all"
    assert "No area matches 'Nowhere at all'" in explorer.view.message and explorer.chart_output.outputs == ()
