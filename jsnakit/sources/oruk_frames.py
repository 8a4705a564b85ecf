"""The Local Offer as jsnakit holds it: the :class:`LocalOffer` of six tidy frames with fixed columns, the warning
for records that are usable but incomplete, and the Open Referral UK 3.0 values those frames use.

:func:`jsnakit.sources.provision.read_local_offer` makes it; every name here is re-exported by
:mod:`jsnakit.sources.provision`.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "LocalOffer",
    "LocalOfferWarning",
    "SERVICE_COLUMNS",
    "ORGANIZATION_COLUMNS",
    "LOCATION_COLUMNS",
    "SERVICE_LOCATION_COLUMNS",
    "TAXONOMY_COLUMNS",
    "SERVICE_AREA_COLUMNS",
    "STATUSES",
    "OPEN_REFERRAL_UK",
]

#: The data standard a Local Offer is read in, as jsnakit cites it.
OPEN_REFERRAL_UK = "Open Referral UK 3.0, https://openreferraluk.org/"

#: One row per service. Ages in years (OR UK ``minimum_age``/``maximum_age``), NaN when absent; ``source`` is the
#: file the service was read from.
SERVICE_COLUMNS = ["service_id", "name", "description", "status", "organization_id", "url", "email",
                   "minimum_age", "maximum_age", "source"]
#: One row per organization; ``url`` is the OR UK ``website``.
ORGANIZATION_COLUMNS = ["organization_id", "name", "description", "url"]
#: One row per location; ``latitude``/``longitude`` in decimal degrees (WGS84); the address is the location's
#: physical address (else its first), ``postcode`` its ``postal_code``.
LOCATION_COLUMNS = ["location_id", "name", "location_type", "latitude", "longitude", "postcode", "address_1", "city"]
#: Which services are delivered at which locations (OR UK ``service_at_location``).
SERVICE_LOCATION_COLUMNS = ["service_id", "location_id"]
#: The taxonomy terms attached to each service (OR UK ``attribute`` -> ``taxonomy_term``): ``term_code`` is the
#: term's ``code`` (HSDS) or ``term`` (OR UK), ``vocabulary`` its ``taxonomy`` (else the name of its taxonomy).
TAXONOMY_COLUMNS = ["service_id", "term_id", "term_code", "term_name", "vocabulary", "link_type"]
#: The areas each service covers; ``area_code`` is the GSS code found in ``uri`` (or ``name``), when there is one.
SERVICE_AREA_COLUMNS = ["service_id", "name", "extent", "extent_type", "uri", "area_code"]
#: The values of a service's ``status`` in OR UK 3.0.
STATUSES = ("active", "inactive", "defunct", "temporarily closed")


class LocalOfferWarning(UserWarning):
    """A Local Offer record that is usable but incomplete (no location, coordinates out of range, ...)."""


@dataclass(frozen=True, eq=False)
class LocalOffer:
    """A Local Offer read from Open Referral UK 3.0 data: six tidy frames with fixed columns.

    Attributes
    ----------
    services : pandas.DataFrame
        :data:`SERVICE_COLUMNS`: ``service_id, name, description, status, organization_id, url, email,
        minimum_age, maximum_age`` (years, float, NaN when absent), ``source`` (the file read).
    organizations : pandas.DataFrame
        :data:`ORGANIZATION_COLUMNS`: ``organization_id, name, description, url``.
    locations : pandas.DataFrame
        :data:`LOCATION_COLUMNS`: ``location_id, name, location_type, latitude, longitude`` (decimal degrees,
        NaN when absent or out of range), ``postcode, address_1, city``.
    service_locations : pandas.DataFrame
        :data:`SERVICE_LOCATION_COLUMNS`: ``service_id, location_id``.
    taxonomy : pandas.DataFrame
        :data:`TAXONOMY_COLUMNS`: ``service_id, term_id, term_code, term_name, vocabulary, link_type``.
    service_areas : pandas.DataFrame
        :data:`SERVICE_AREA_COLUMNS`: ``service_id, name, extent, extent_type, uri, area_code`` (GSS).

    Text is ``object`` dtype with NaN when absent; numbers are ``float64``.

    Examples
    --------
    >>> LocalOffer.__dataclass_fields__.keys()
    dict_keys(['services', 'organizations', 'locations', 'service_locations', 'taxonomy', 'service_areas'])
    """

    services: pd.DataFrame
    organizations: pd.DataFrame
    locations: pd.DataFrame
    service_locations: pd.DataFrame
    taxonomy: pd.DataFrame
    service_areas: pd.DataFrame
