"""The synthetic corpus' own vocabulary: stations, tags, words and weights.

Written for the benchmark (no cable text is copied): a few dozen posts with
their telegraphic names and routing indicators, TAGS codes, acronyms and a
list of ordinary words of diplomatic reporting, with rough weights so that
the corpus has the mix of the real release (mostly 2004-2009, mostly
confidential or unclassified, most cables citing one other or none).
"""

from __future__ import annotations

# (id code, origin, routing indicator, weight, telegraphic name, geographic tag)
STATIONS: tuple[tuple[str, str, str, float, str, str], ...] = (
    ("STATE", "Secretary of State", "RUEHC", 8.0, "SECSTATE WASHDC", "US"),
    ("BAGHDAD", "Embassy Baghdad", "RUEHGB", 6.0, "AMEMBASSY BAGHDAD", "IZ"),
    ("ANKARA", "Embassy Ankara", "RUEHAK", 3.0, "AMEMBASSY ANKARA", "TU"),
    ("TOKYO", "Embassy Tokyo", "RUEHKO", 3.0, "AMEMBASSY TOKYO", "JA"),
    ("BEIJING", "Embassy Beijing", "RUEHBJ", 3.0, "AMEMBASSY BEIJING", "CH"),
    ("BRUSSELS", "Embassy Brussels", "RUEHBS", 2.0, "AMEMBASSY BRUSSELS", "BE"),
    ("PARIS", "Embassy Paris", "RUEHFR", 2.5, "AMEMBASSY PARIS", "FR"),
    ("BERLIN", "Embassy Berlin", "RUEHRL", 2.0, "AMEMBASSY BERLIN", "GM"),
    ("LONDON", "Embassy London", "RUEHLO", 2.0, "AMEMBASSY LONDON", "UK"),
    ("MOSCOW", "Embassy Moscow", "RUEHMO", 2.5, "AMEMBASSY MOSCOW", "RS"),
    ("KABUL", "Embassy Kabul", "RUEHBUL", 2.0, "AMEMBASSY KABUL", "AF"),
    ("ISLAMABAD", "Embassy Islamabad", "RUEHIL", 2.0, "AMEMBASSY ISLAMABAD", "PK"),
    ("CAIRO", "Embassy Cairo", "RUEHEG", 2.0, "AMEMBASSY CAIRO", "EG"),
    ("TELAVIV", "Embassy Tel Aviv", "RUEHTV", 2.0, "AMEMBASSY TEL AVIV", "IS"),
    ("AMMAN", "Embassy Amman", "RUEHAM", 1.5, "AMEMBASSY AMMAN", "JO"),
    ("BRASILIA", "Embassy Brasilia", "RUEHBR", 1.5, "AMEMBASSY BRASILIA", "BR"),
    ("CARACAS", "Embassy Caracas", "RUEHCV", 1.5, "AMEMBASSY CARACAS", "VE"),
    ("MEXICO", "Embassy Mexico", "RUEHME", 1.5, "AMEMBASSY MEXICO", "MX"),
    ("BOGOTA", "Embassy Bogota", "RUEHBO", 1.5, "AMEMBASSY BOGOTA", "CO"),
    ("LAPAZ", "Embassy La Paz", "RUEHLP", 1.0, "AMEMBASSY LA PAZ", "BL"),
    ("NEWDELHI", "Embassy New Delhi", "RUEHNE", 1.5, "AMEMBASSY NEW DELHI", "IN"),
    ("SEOUL", "Embassy Seoul", "RUEHUL", 1.5, "AMEMBASSY SEOUL", "KS"),
    ("TAIPEI", "American Institute Taiwan, Taipei", "RUEHIN", 1.5, "AIT TAIPEI", "TW"),
    ("MANILA", "Embassy Manila", "RUEHML", 1.0, "AMEMBASSY MANILA", "RP"),
    ("JAKARTA", "Embassy Jakarta", "RUEHJA", 1.0, "AMEMBASSY JAKARTA", "ID"),
    ("NAIROBI", "Embassy Nairobi", "RUEHNR", 1.0, "AMEMBASSY NAIROBI", "KE"),
    ("PRETORIA", "Embassy Pretoria", "RUEHSA", 1.0, "AMEMBASSY PRETORIA", "SF"),
    ("ABUJA", "Embassy Abuja", "RUEHUJA", 1.0, "AMEMBASSY ABUJA", "NI"),
    ("ROME", "Embassy Rome", "RUEHRO", 1.0, "AMEMBASSY ROME", "IT"),
    ("MADRID", "Embassy Madrid", "RUEHMD", 1.0, "AMEMBASSY MADRID", "SP"),
    ("THEHAGUE", "Embassy The Hague", "RUEHTC", 1.0, "AMEMBASSY THE HAGUE", "NL"),
    ("OTTAWA", "Embassy Ottawa", "RUEHOT", 1.0, "AMEMBASSY OTTAWA", "CA"),
    ("CANBERRA", "Embassy Canberra", "RUEHBY", 0.8, "AMEMBASSY CANBERRA", "AS"),
    ("USUNNEWYORK", "Mission USUN New York", "RUCNDT", 1.0, "USMISSION USUN NEW YORK", "UNSC"),
    ("USNATO", "Mission USNATO", "RUEHNO", 1.0, "USMISSION USNATO", "NATO"),
    ("UNVIEVIENNA", "UNVIE", "RUEHUNV", 0.8, "USMISSION UNVIE VIENNA", "IAEA"),
    ("RIYADH", "Embassy Riyadh", "RUEHRH", 1.0, "AMEMBASSY RIYADH", "SA"),
    ("BEIRUT", "Embassy Beirut", "RUEHLB", 1.0, "AMEMBASSY BEIRUT", "LE"),
    ("DAMASCUS", "Embassy Damascus", "RUEHDM", 0.8, "AMEMBASSY DAMASCUS", "SY"),
    ("KYIV", "Embassy Kyiv", "RUEHKV", 0.8, "AMEMBASSY KYIV", "UP"),
    ("HONGKONG", "Consulate Hong Kong", "RUEHHK", 1.0, "AMCONSUL HONG KONG", "HK"),
    ("SAOPAULO", "Consulate Sao Paulo", "RUEHSO", 0.8, "AMCONSUL SAO PAULO", "BR"),
)

# (year, share of the corpus)
YEARS: tuple[tuple[int, float], ...] = (
    (1985, 0.3), (1988, 0.3), (1989, 0.4), (1990, 0.5), (1995, 0.5), (1999, 0.5),
    (2000, 0.8), (2001, 1.0), (2002, 1.5), (2003, 3.0), (2004, 8.0), (2005, 12.0),
    (2006, 19.0), (2007, 20.0), (2008, 16.0), (2009, 14.0), (2010, 2.2),
)

CLASSIFICATIONS: tuple[tuple[str, float], ...] = (
    ("UNCLASSIFIED", 30.0), ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 23.0),
    ("CONFIDENTIAL", 39.0), ("CONFIDENTIAL//NOFORN", 2.0), ("SECRET", 4.5),
    ("SECRET//NOFORN", 1.5),
)

# Forms of the transmission header: teletype lines, flattened to one line (PDF
# conversion), the short form of the CSV column, and the partial-extract note.
HEADER_FORMS: tuple[tuple[str, float], ...] = (
    ("multi", 35.0), ("short", 25.0), ("oneline", 15.0), ("partial", 25.0),
)

TAGS_SUBJECT: list[str] = [
    "PREL", "PGOV", "PTER", "KNNP", "MCAP", "PINR", "PARM", "PHUM", "ECON", "EFIN", "ETRD",
    "EAID", "ENRG", "EPET", "MARR", "MOPS", "SNAR", "KCRM", "KDEM", "ASEC", "CASC", "CVIS",
    "ELAB", "SOCI", "KPAO", "TBIO", "SENV", "KJUS", "OVIP", "AMGT",
]
TAGS_GEO: list[str] = ["EUN", "UNSC", "NATO", "IAEA", "XF", "XM", "XA", "XB", "XL", "IR", "KN"]

ACRONYMS: list[str] = [
    "MFA", "GOB", "GOI", "GOT", "GOJ", "USG", "EU", "UN", "NATO", "IAEA", "NGO", "IMF", "WTO",
    "DCM", "POLOFF", "ECONOFF", "PM", "FM", "MOD", "MOI", "PKK", "FARC", "UNSC", "OSCE", "ASEAN",
    "AU", "OAS", "WFP", "UNHCR", "NSC", "DOD", "USAID", "FBI", "DEA", "ISAF", "PRT", "IED",
]

SIGNERS: list[str] = [
    "WILSON", "HARRIS", "MORGAN", "PRICE", "BENNETT", "COLLINS", "FOSTER", "HUGHES", "KELLY",
    "MURPHY", "PERRY", "REED", "SANDERS", "TURNER", "WARD", "BROOKS", "GRAY", "JAMES", "LONG",
    "MYERS", "PARKER", "ROSS", "STEWART", "WATSON", "YOUNG", "BAKER", "CARTER", "DAVIS",
]

OFFICES: list[str] = [
    "DEPARTMENT FOR EUR/WE AND INR", "STATE FOR NEA/I, PM AND DRL", "PASS TO USTR",
    "DEPT FOR EAP/CM, EB/TPP", "FOR S/CT AND INL", "DEPARTMENT PASS TO USAID",
    "TREASURY FOR OIA", "USDOC FOR ITA/MAC", "DEFENSE FOR OSD/ISA",
]

_WORD_TEXT = """
the of and to in a that on for with as by government minister was is said would
be its not he has at from this are will have which an officials it they their
but were had been also meeting president party election ministry foreign security
support new other political national official public economic policy united states
more or our told who council agreement issue one country military over about
two ambassador first we after could should talks visit regional international
may further discussion reform process trade cooperation assistance law commission
against leaders opposition noted since while year government's parliament program
administration during prime continue need including cabinet any embassy
vote expressed concern well current position plans between under budget
important interior defense forces recent week month senior director general
deputy staff contacts border central local province provincial rights human
energy oil gas market investment private sector bank financial growth tax
negotiations proposal draft resolution sanctions nuclear weapons program inspectors
terrorism counterterrorism police arrested court judge prosecutor corruption case
media press television newspaper reported statement conference announced
strategy approach position view believe stated explained emphasized agreed
requested asked invited stressed welcomed criticized rejected warned suggested
however therefore nevertheless meanwhile instead already still only even
clear strong difficult likely possible unlikely significant serious broad key
coalition ruling majority minority leader candidate campaign turnout results
refugees humanitarian aid reconstruction development donors funding projects
ministerial summit delegation counterpart bilateral multilateral framework
army troops operations insurgents attacks violence stability peace ceasefire
"""
WORDS: list[str] = _WORD_TEXT.split()
