"""The shared vocabulary of SEND that readers, gap analysis, maps, tables and widgets all speak: the DfE primary
needs, and the words of joint commissioning (partners, funding routes, capacity units, domains, service types, the
services expected to be commissioned jointly, the needs a service can meet and the age bands it serves).

Each is defined once, here. :mod:`jsnakit.sources.commissioning` re-exports the commissioning words (the register's
``AGE_BANDS`` is :data:`SERVICE_AGE_BANDS`) and :mod:`jsnakit.core.schema` re-exports :data:`PRIMARY_NEEDS`, so the
older import paths keep working.

References
----------
Department for Education, Department of Health (2015), *Special educational needs and disability code of practice:
0 to 25 years*, ch. 3 (joint commissioning), paras 3.20-3.29 and 3.38-3.40. NHS Act 2006 s.75 (pooled budgets). DfE
primary-need types: *Special educational needs in England* (school census) and *Education, health and care plans*
(SEN2).
"""
from __future__ import annotations

__all__ = [
    "PRIMARY_NEEDS",
    "PARTNERS",
    "FUNDING_ROUTES",
    "CAPACITY_UNITS",
    "DOMAINS",
    "SERVICE_TYPES",
    "JOINT_EXPECTED",
    "NEEDS",
    "ALL_NEEDS",
    "SERVICE_AGE_BANDS",
]

#: The primary-need categories of the school census and SEN2, as ``category`` labels in every frame (DfE wording,
#: with DfE's "communications" misspelling corrected), keyed by the short codes DfE uses in SEN2 column names.
PRIMARY_NEEDS = {
    "asd": "Autistic spectrum disorder",
    "slcn": "Speech, language and communication needs",
    "semh": "Social, emotional and mental health",
    "mld": "Moderate learning difficulty",
    "sld": "Severe learning difficulty",
    "spld": "Specific learning difficulty",
    "pmld": "Profound and multiple learning difficulty",
    "pd": "Physical disability",
    "hi": "Hearing impairment",
    "vi": "Vision impairment",
    "msi": "Multi-sensory impairment",
    "ds": "Down syndrome",
    "oth": "Other difficulty or disability",
    "nsa": "SEN support but no specialist assessment of type of need",
    "unknown": "Unknown",
}

#: The commissioning partners of a local area: code -> label.
PARTNERS = {
    "la_education": "Local authority: education (high needs)",
    "la_social_care": "Local authority: children's and adult social care",
    "la_public_health": "Local authority: public health",
    "icb": "Integrated care board (ICB)",
    "nhs_england": "NHS England (specialised commissioning)",
    "schools": "Schools and colleges (notional SEN budget)",
}

#: How a service is funded: by one partner (``single``), by several partners each paying its part (``joint``), or
#: from a pooled budget under s.75 of the NHS Act 2006 (``pooled``).
FUNDING_ROUTES = ("single", "joint", "pooled")

#: Units of ``capacity``: ``places`` (commissioned places at a time), ``caseload`` (children and young people at a
#: time), ``hours`` (hours a year).
CAPACITY_UNITS = ("places", "caseload", "hours")

#: The domains of the SEND Code of Practice's joint commissioning: education, health and (social) care.
DOMAINS = ("education", "health", "care")

#: The types of SEND service: code -> (label, domain), the domain one of :data:`DOMAINS`.
SERVICE_TYPES = {
    "special_school": ("Special school places", "education"),
    "resourced_provision": ("Resourced provision / SEN unit in mainstream", "education"),
    "alternative_provision": ("Alternative provision", "education"),
    "post16_specialist": ("Specialist post-16 and further education", "education"),
    "early_years_send": ("Early years SEND support (inc. Portage)", "education"),
    "sen_support_service": ("Specialist teaching and outreach", "education"),
    "educational_psychology": ("Educational psychology", "education"),
    "sensory_support": ("Sensory support (hearing, vision, multi-sensory)", "education"),
    "speech_and_language_therapy": ("Speech and language therapy", "health"),
    "occupational_therapy": ("Occupational therapy", "health"),
    "physiotherapy": ("Physiotherapy", "health"),
    "camhs": ("Children and young people's mental health services (CAMHS)", "health"),
    "neurodevelopmental_assessment": ("Autism and ADHD assessment", "health"),
    "community_paediatrics": ("Community paediatrics", "health"),
    "specialist_nursing": ("Specialist and community children's nursing", "health"),
    "equipment_and_wheelchairs": ("Equipment and wheelchair services", "health"),
    "short_breaks": ("Short breaks", "care"),
    "social_care_disability": ("Children with disabilities social care", "care"),
    "preparing_for_adulthood": ("Preparing for adulthood and transition", "care"),
    "information_advice": ("SEND information, advice and support (SENDIASS)", "care"),
}

#: The service types the SEND Code of Practice (2015, ch. 3, paras 3.20-3.29 and 3.38-3.40) expects to be commissioned
#: jointly across education, health and care.
JOINT_EXPECTED = ("speech_and_language_therapy", "occupational_therapy", "physiotherapy", "camhs",
                  "neurodevelopmental_assessment", "equipment_and_wheelchairs", "short_breaks",
                  "preparing_for_adulthood", "specialist_nursing")

#: The DfE primary-need codes a service can meet (those of :data:`PRIMARY_NEEDS` but ``nsa``, ``unknown`` and
#: ``ds``), in the DfE order. Frames write a need as its ``PRIMARY_NEEDS`` label
#: (:func:`jsnakit.sources.commissioning.needs_label`).
NEEDS = tuple(code for code in PRIMARY_NEEDS if code not in ("nsa", "unknown", "ds"))

#: The ``needs`` value of a service open to every need.
ALL_NEEDS = "all"

#: The age bands, in years (inclusive), that a commissioned service serves and in which the gap analysis sets
#: places against plans: the bands of SEN2 and of the demand projection. ``AGE_BANDS`` of
#: :mod:`jsnakit.sources.commissioning`. Not to be confused with the factsheet's bands
#: (:data:`jsnakit.needs.national.AGE_BANDS`, the same labels with their limits) nor with the single years of
#: :data:`jsnakit.projection.transitions.AGE_BANDS`.
SERVICE_AGE_BANDS = ("0-4", "5-10", "11-15", "16-19", "20-25")
