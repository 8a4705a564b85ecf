"""What the symbols in a published cell mean, release by release, as each release's data guidance defines them.

A published table puts a symbol where a number cannot be given. The meaning is not the same everywhere: DfE's
SEN2 2025 release uses ``x`` for *unavailable*, its 2022 release uses only ``z`` (*not applicable*) and says no
suppression was applied, and the children-in-need outcomes use ``c`` for figures suppressed to protect
confidentiality. Readers keep the symbol itself in ``note`` (NaN in the number, never 0); this module says what
it means for the release it came from, and which symbols a release may carry at all, so a symbol its guidance does
not define is reported as bad input rather than guessed at.

References
----------
Government Analysis Function (2021) *Symbols, suppression and rounding*,
https://analysisfunction.civilservice.gov.uk/policy-store/symbols-in-tables-definitions-and-help/
DfE *Explore education statistics: data standards*,
https://dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html
"""
from __future__ import annotations

__all__ = ["GSS", "GUIDANCE", "allowed", "meaning", "expected"]

#: The harmonised GSS / explore-education-statistics symbols, and the two legacy DfE ones, in their standard sense.
GSS = {
    "c": "confidential: suppressed to protect individuals",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to 0 but is not 0",
    "k": "rounds to 0 but is not 0 (older DfE releases)",
    "u": "low reliability",
    ":": "not available (older DfE releases)",
    "~": "fewer than 5, suppressed (older DfE releases)",
}

#: Symbols each release defines, quoted from its own data guidance (``data-guidance.txt`` in the release zip).
GUIDANCE = {
    # data-guidance.txt of *Education, health and care plans* 2022: "The dataset and outputs have not had suppression
    # or rounding applied. The following convention is used throughout the underlying data. z - Not applicable".
    "sen2_2022": {"z": "not applicable"},
    # data-guidance.txt of *Education, health and care plans* 2025: "z - Not applicable", "x - unavailable"; again
    # no suppression or rounding applied.
    "sen2_2025": {"z": "not applicable", "x": "unavailable"},
    # *Special educational needs in England*: EES standard symbols (the national files carry none).
    "sen_in_england": {k: GSS[k] for k in ("c", "x", "z", "low", "u")},
    # *Outcomes for children in need* (sen_la.csv carries "c" and "z"; national and regional counts are rounded to
    # the nearest 10, LA counts are not).
    "cin_outcomes": {"c": GSS["c"], "z": GSS["z"], "x": GSS["x"], "low": GSS["low"]},
    # Files jsnakit cannot date to a release: every GSS symbol, in its standard sense.
    "gss": dict(GSS),
}


def allowed(release: str) -> dict[str, str]:
    """The symbols a release's data guidance defines, with their meanings.

    Parameters
    ----------
    release : str
        A key of :data:`GUIDANCE` (``"sen2_2025"``, ``"sen2_2022"``, ``"sen_in_england"``, ``"cin_outcomes"``,
        ``"gss"``).

    Returns
    -------
    dict
        Symbol -> meaning.

    Examples
    --------
    >>> allowed("sen2_2022")
    {'z': 'not applicable'}
    """
    from ..core.errors import ArgumentError

    try:
        return GUIDANCE[release]
    except KeyError:
        raise ArgumentError(f"release must be one of {sorted(GUIDANCE)}; got {release!r}") from None


def meaning(release: str, symbol: str) -> str:
    """What ``symbol`` means in ``release`` (its data guidance), or in the GSS standard when the release is silent.

    Parameters
    ----------
    release : str
        A key of :data:`GUIDANCE` (as for :func:`allowed`).
    symbol : str
        The symbol as published (``x``, ``c``, ...).

    Returns
    -------
    str
        Its meaning in words; ``"unknown symbol"`` when neither the release nor the standard defines it.

    Raises
    ------
    ArgumentError
        ``release`` is no key of :data:`GUIDANCE`.

    Examples
    --------
    >>> meaning("sen2_2025", "x")
    'unavailable'
    >>> meaning("sen2_2022", "c")          # not in that release's guidance: the GSS sense
    'confidential: suppressed to protect individuals'
    """
    return allowed(release).get(symbol, GSS.get(symbol, "unknown symbol"))


def expected(release: str) -> str:
    """Words for an error message: what a count cell of this release may hold.

    Parameters
    ----------
    release : str
        A key of :data:`GUIDANCE`.

    Returns
    -------
    str
        The allowed content in words, each symbol with its meaning in that release.

    Examples
    --------
    >>> expected("sen2_2022")
    "a whole number or a symbol its data guidance defines: 'z' (not applicable)"
    """
    symbols = ", ".join(f"{s!r} ({m})" for s, m in allowed(release).items())
    return f"a whole number or a symbol its data guidance defines: {symbols}"
