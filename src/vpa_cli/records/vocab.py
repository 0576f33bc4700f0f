"""The controlled vocabularies of the dataset, with what each term means.

README's data section is generated from nothing: keep it in step with this
module by hand (tests/test_docs.py checks that every term appears there).
"""

from __future__ import annotations

EVENT_KINDS: dict[str, str] = {
    "founding": "an institution is founded",
    "revolution": "an uprising or revolution",
    "war": "a war or a period of war",
    "diplomacy": "a period or pattern of defence diplomacy",
    "normalisation": "relations are normalised",
    "policy-document": "a resolution, conclusion, white book or guideline is issued",
    "congress": "a Party congress or plenum",
    "conference": "a conference or review meeting",
    "peacekeeping": "a UN peacekeeping deployment",
    "forum": "a multilateral defence forum meets or is joined",
    "exercise": "a military exercise",
    "exchange": "a border or friendship exchange",
    "expo": "a defence exhibition",
    "relief": "humanitarian assistance and disaster relief",
    "anniversary": "a commemoration",
    "agreement": "an agreement is signed",
    "publication": "a publication appears",
    "visit": "a visit by ships, delegations or leaders",
    "context": "a change in the world or the region that the sources set events against",
}

# Other words people use for an event kind, for the hint when one is typed.
EVENT_KIND_SYNONYMS: dict[str, str] = {
    "treaty": "agreement",
    "pact": "agreement",
    "accord": "agreement",
    "memorandum": "agreement",
    "mou": "agreement",
    "deal": "agreement",
    "drill": "exercise",
    "manoeuvre": "exercise",
    "maneuver": "exercise",
    "summit": "conference",
    "meeting": "conference",
    "dialogue": "forum",
    "trip": "visit",
    "delegation": "visit",
    "uprising": "revolution",
    "conflict": "war",
    "battle": "war",
    "disaster": "relief",
    "aid": "relief",
    "humanitarian": "relief",
    "exhibition": "expo",
    "fair": "expo",
    "resolution": "policy-document",
    "policy": "policy-document",
    "white-paper": "policy-document",
    "guideline": "policy-document",
    "plenum": "congress",
    "commemoration": "anniversary",
    "establishment": "founding",
    "normalization": "normalisation",
    "un": "peacekeeping",
}

FACT_KINDS: dict[str, str] = {
    "figure": "a number the sources give",
    "policy": "a standing policy",
    "motto": "a motto or slogan",
    "principle": "a principle of conduct",
    "guideline": "a guideline or task",
    "breakthrough": "a breakthrough the sources name",
    "cooperation-field": "a field of cooperation",
    "forum-participation": "participation in forums and mechanisms",
    "priority": "a stated priority",
    "assessment": "an assessment: of results, of the situation and outlook, or of what the VPA is",
    "critique": "a critique or challenge",
    "limitation": "a limitation the sources admit",
    "direction": "a direction for the future",
}

PARTNER_KINDS: dict[str, str] = {
    "country": "a state, present or past",
    "organisation": "an international organisation or one of its organs",
    "forum": "a recurring multilateral meeting or dialogue",
}

AREAS: dict[str, str] = {
    "history": "the history of the relationship",
    "arms-trade": "arms trade and weapons supply",
    "training": "training and education",
    "joint-exercises": "joint exercises",
    "intelligence-sharing": "intelligence sharing",
    "humanitarian-relief": "humanitarian assistance and disaster relief",
    "peacekeeping": "UN peacekeeping",
    "border-exchange": "border exchanges and border cooperation",
    "defence-industry": "defence industry and technology",
    "dialogue": "dialogue, consultation and delegation exchange",
    "multilateral": "multilateral cooperation and forums",
    "naval-cooperation": "naval visits and maritime cooperation",
    "aid": "aid received",
    "general": "the relationship in general",
}

# What a date basis means: the one wording, for data authors and for readers (every
# output's legend and the page take it from here, through claims/marks.py).
DATE_BASES: dict[str, str] = {
    "stated": "the sources state the date",
    "derived": "worked out from what the sources state; the date note says how",
    "supplied": "not stated in the sources, or not to this precision; "
    "the date note says where it comes from",
}

DATE_PRECISIONS: dict[str, str] = {
    "year": "a year",
    "month": "a month",
    "day": "a day",
}

SOURCE_TYPES: dict[str, str] = {
    "journal-article": "an article in a journal",
    "newspaper-article": "an article in a newspaper",
    "web-article": "an article published on a website",
    "book": "a book",
    "report": "a report",
}

SKIP_REASONS: dict[str, str] = {
    "page-furniture": "menus, counters, comment boxes",
    "reference-list": "the article's list of references",
    "teaser": "a teaser of another article",
    "byline": "the author line",
    "dateline": "a date that is page metadata, not a happening",
    "heading": "a heading",
    "caption": "a photo caption",
    "not-a-claim": "a dated sentence that records no happening: a plan, a wish, an opinion "
    "(the note must say why; a dated development the texts name still needs a record)",
}

PARTNER_ROLES: dict[str, str] = {
    "adversary": "fought or opposed by Vietnam",
    "ally": "fought or stood alongside Vietnam",
    "donor": "gave Vietnam aid or support",
    "counterpart": "the other side of a bilateral relation or agreement",
    "participant": "took part alongside Vietnam",
    "host": "hosted the event or mission",
    "recipient": "received Vietnam's help",
    "framework": "the organisation or forum within which it happened",
}

PARTNER_BASES: dict[str, str] = {
    "named": "a quote names the partner, by name or alias (`vpa check` verifies it)",
    "inferred": "no quote names it; `note` says how it is implied",
}

SOURCE_VOICES: dict[str, str] = {
    "official": "an official of the Party, the State or the Ministry of National Defence, "
    "writing in that capacity",
    "journalists": "named journalists of a newspaper",
    "scholar": "a named researcher writing under their name, not in an official capacity",
    "unattributed": "no author is named",
}

LINE_ROLES: dict[str, str] = {
    "title": "the work's title",
    "heading": "a heading inside the work",
    "caption": "a photo caption",
    "byline": "the author or translator line",
    "dateline": "a date or time line of the page",
    "furniture": "page furniture: menus, counters, separators, key words, serial markers",
    "reference-list": "the work's list of references",
}

METADATA_BASES: dict[str, str] = {
    "stated": "the text itself shows it (cite the line in the source's citations)",
    "supplied": "from outside the text: the note names the page or document that shows it",
}

REFERENCE_GRADES: dict[str, str] = {
    "A": "an official body, a news agency or newspaper of record, scholarly or encyclopaedic work",
    "B": "a reputable secondary site",
    "C": "a mirror, an aggregator, a press-wire re-post, a homework or content-farm page: "
    "never enough alone",
}

STANCES: dict[str, str] = {
    "supports": "the page says what the record says",
    "contradicts": "the page says otherwise: the claim is contradicted",
}

STANDINGS: dict[str, str] = {
    "corroborated": "stated by two or more of the texts, at least one of them not weak",
    "single-source": "stated by one text (or only by weak ones)",
    "contradicted": "an outside reference or another text says otherwise (the record names it)",
}

RELATIONS: dict[str, str] = {
    "predecessor": "the state this partner continues (the Soviet Union for Russia)",
    "successor": "the state that continues this partner (Russia for the Soviet Union)",
    "host": "the partner that hosts this forum",
    "hosts": "a forum this partner hosts",
}

RELATION_BASES: dict[str, str] = {
    "named": "a quote of the record's citations says so",
    "supplied": "from outside the texts: an outside reference says so",
}
