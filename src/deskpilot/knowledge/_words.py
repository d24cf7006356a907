"""The words of a question that say something: stop words of the help center's languages out."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that say nothing of the subject, in the languages the help center is written in.
_STOP_TEXT = """
a about after again all am an and any are as at be been before being but by can could did
do does doing for from get got had has have having how i if in into is it its just me
might my myself no not of on or our please should so some than that the their them then
there these they this those to too us very was we were what when where which while who
whom why will with would you your yours hi hello hey thanks thank im i'm ive dont cant
know tell want need wondering question quick anyone guys there's whats le la les un une
des du de et est que qui je tu il nous vous ce se sur pour pas en au aux mon ma mes est-ce
comment quel quelle quels quelles ou avec dans el los las unos unas y es que yo mi mis por
para con como cual cuales se lo del al puedo puede hay cómo cuánto cuándo dónde qué
stuff thing things something anything pls plz ur possible happens today guys
puis peux pouvez combien
"""
STOPWORDS = frozenset(_STOP_TEXT.split())


def content_words(text: str) -> list[str]:
    """``text``'s searchable words: lower case, no stop words, no numbers or single letters."""
    words = (w.lower() for w in WORD.findall(text))
    return [w for w in words if w not in STOPWORDS and len(w) >= 2 and not w.isdigit()]
