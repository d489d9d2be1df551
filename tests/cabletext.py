"""A small cable 07BRUSSELS881 written around a given opening and body, parsed."""

from __future__ import annotations

import hashlib

from generator.model import Cable, Source, Unit
from generator.parse import parse_unit

HEADER = """R 151542Z MAR 07
FM AMEMBASSY BRUSSELS
TO SECSTATE WASHDC 4719
BT
UNCLAS BRUSSELS 000881

E.O. 12958: N/A
TAGS: PTER, BE
SUBJECT: {subject}

"""


def cable(body: str, subject: str = "A TEST", header: str = HEADER) -> Cable:
    """Parse a cable whose text after the subject line is ``body``."""
    text = header.format(subject=subject) + body + "\n"
    source = Source("test.txt", 1, "txt", hashlib.sha256(text.encode()).hexdigest(), "utf-8")
    parsed, _ = parse_unit(Unit(source, text, (), None))
    return parsed


def cable_text(fm: str, classline: str, dtg: str, subject: str, body: str,
               tags: str = "PTER, BE", caption: str = "SIPDIS") -> str:
    """The text of a cable: ``cable_text("AMEMBASSY BRUSSELS", "UNCLAS BRUSSELS 000100",
    "101200Z MAR 07", "SUBJECT", "REF: ...\\n\\n1. Text.")``."""
    return (f"R {dtg}\nFM {fm}\nTO SECSTATE WASHDC 1\nBT\n{classline}\n\n{caption}\n\n"
            f"E.O. 12958: N/A\nTAGS: {tags}\nSUBJECT: {subject}\n\n{body}\n")
