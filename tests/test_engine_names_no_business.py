"""The engine names no business: the store's and the airline's concepts live in their domain
packs (``deskpilot.domains.retail``, ``deskpilot.domains.airline``) and workspaces, not in the
engine packages.

Read as Python tokens: identifiers and string literals (a docstring or a comment may quote a
customer for illustration; code may not depend on what they name).
"""

from __future__ import annotations

import ast
import io
import itertools
import keyword
import re
import tokenize
from collections.abc import Callable
from pathlib import Path

from deskpilot.settings import PROJECT_ROOT

SRC = PROJECT_ROOT / "src" / "deskpilot"
ENGINE = (
    "flows",
    "nlu",
    "pipeline",
    "policy",
    "actions",
    "workspace",
    "domain",
    "console",
    "knowledge",
)
# Words of the online store. In identifiers, whole parts of snake_case names; in strings,
# whole words.
NAME_PARTS = {"product", "products", "variant", "variants", "paypal", "retail", "sku"}
NAME_PAIRS = {"order_id", "order_ids", "order_items", "gift_card", "credit_card", "item_ids"}
STRING_WORDS = {"order", "orders", "product", "products", "variant", "variants", "paypal"}
STRING_WORDS |= {"retail", "sku"}  # not "zip": a postal code is a detail of any customer
# Words of the airline (deskpilot.domains.airline), the second business: in names and strings.
AIRLINE_WORDS = {"airline", "flight", "flights", "reservation", "reservations", "cabin"}
AIRLINE_WORDS |= {"passenger", "passengers", "airport", "airports", "baggages", "certificate"}
NAME_PARTS |= AIRLINE_WORDS
STRING_WORDS |= AIRLINE_WORDS
THIRD_PARTY = {"scaled_dot_product_attention"}  # torch's name, not ours


def _docstring(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    before = tokens[i - 1].type if i else tokenize.NEWLINE
    return before in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.NL)


def _standalone(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """Whether the string at ``i`` stands alone as a statement (a docstring), not inside an
    expression that spans lines (a pattern passed to ``re.compile(`` on its own line)."""
    j = i - 1
    while j >= 0 and tokens[j].type in (tokenize.NL, tokenize.COMMENT):
        j -= 1
    before = tokens[j].type if j >= 0 else tokenize.NEWLINE
    return before in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.ENCODING)


def _tokens(path: Path) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(path.read_text()).readline))


def store_words(path: Path) -> set[str]:
    """The store's words ``path`` uses in code."""
    tokens = _tokens(path)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
            name = token.string.lower().strip("_")
            if name in THIRD_PARTY:
                continue
            parts = name.split("_")
            pairs = {"_".join(p) for p in itertools.pairwise(parts)}
            found |= (set(parts) & NAME_PARTS) | (pairs & NAME_PAIRS)
        elif token.type == tokenize.STRING and not _docstring(tokens, i):
            words = {w.lower() for w in re.findall(r"[A-Za-z]+", token.string)}
            found |= words & STRING_WORDS
    return found


def _found(packages: tuple[str, ...], read: Callable[[Path], set[str]]) -> dict[str, list[str]]:
    """Per file of ``packages``, the words ``read`` finds in it."""
    found = {}
    for path in (p for package in packages for p in sorted((SRC / package).rglob("*.py"))):
        words = read(path)
        if words:
            found[path.relative_to(SRC).as_posix()] = sorted(words)
    return found


def test_the_engine_packages_name_no_business() -> None:
    named = _found(ENGINE, store_words)
    assert not named, f"a business's concepts belong in its pack (deskpilot.domains.*): {named}"


def test_the_console_pages_name_no_business() -> None:
    """The agent console shows any business: its pages take the words for a customer's records
    from the business's desk (``DomainPack.desk``), not from the templates."""
    named = {}
    for path in sorted((SRC / "console" / "templates").glob("*.html")):
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", path.read_text())} & STRING_WORDS
        if words:
            named[path.name] = sorted(words)
    assert not named, f"a business's words belong in its pack's desk: {named}"


def test_the_reading_finds_the_stores_words_in_code_not_in_docstrings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Cancel an order."""\n'
        "def f(order_id: str) -> str:\n"
        '    """The product."""\n'
        '    return "sku " + order_id\n'
        "def g(items: list[str]) -> int:\n"
        "    return len(items)  # an order\n"
    )
    assert store_words(sample) == {"order_id", "sku"}


def test_the_reading_finds_the_airlines_words_too(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('def f(reservation_id: str) -> str:\n    return "cabin " + reservation_id\n')
    assert store_words(sample) == {"reservation", "cabin"}


# Words of the customers' language. The readings of the dialogue (the flow engine, the command
# generator) take them from the workspace's vocabulary; a regular expression in their code
# holds only shapes (spaces, punctuation, word boundaries).
ENGLISH = {"the", "my", "not", "no", "and", "or", "yes", "with", "if", "then", "but", "keep"}
ENGLISH |= {"cancel", "return", "exchange", "don", "want", "what", "instead", "also", "same"}
READINGS = ("flows", "commands")


def english_in_patterns(path: Path, words: frozenset[str] | set[str] = ENGLISH) -> set[str]:
    """English words (``words``) inside the regular expressions written in ``path``; a named
    group's name is the pattern's, not the customer's."""
    tokens = _tokens(path)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING or _standalone(tokens, i):
            continue
        if not re.search(r"\\[bswd]|\(\?[:!=<]", token.string):
            continue  # not a regular expression
        body = re.sub(r"\\[A-Za-z]", " ", token.string)  # \b, \s, \w are shapes
        body = re.sub(r"\(\?P<\w+>", " ", body)  # (?P<day>…) names a group
        if token.string.lstrip("rbRB").startswith(("f", "F")):
            body = re.sub(r"\{[^{}]*\}", " ", body)  # an f-string's fields are code
        found |= {w.lower() for w in re.findall(r"[A-Za-z]+", body)} & words
    return found


def test_the_dialogue_readings_hold_no_english_in_their_patterns() -> None:
    found = _found(READINGS, english_in_patterns)
    assert not found, f"these words belong in the workspace's vocabulary.yaml: {found}"


def test_the_store_resolvers_hold_no_english_in_their_patterns() -> None:
    """The store's slot resolvers read their words from the workspace (``vocabulary.yaml``,
    section ``resolvers``, compiled by ``_order_words.py``), and so do its readings of option
    values (``scales``: ``_variants.py``), its audit (``evidence``: ``_evidence.py``) and its
    catalogue matcher: the regular expressions written in these modules hold only shapes, not
    even the endings that make a verb a noun ("cancellation": ``resolvers.noun_endings``)."""
    retail = SRC / "domains" / "retail"
    modules = ("_resolvers.py", "_order_words.py", "_variants.py", "_evidence.py", "_matcher.py")
    words = ENGLISH | {"ation", "ations", "ment", "ments"}
    found = {f: english_in_patterns(retail / f, words) for f in modules}
    found = {f: words for f, words in found.items() if words}
    assert not found, f"these words belong in the workspace's vocabulary.yaml: {found}"


# The words of dates: their readers (``nlu/_dates.py``) compile them from the workspace's
# ``dates``.
DATE_WORDS = ENGLISH | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
DATE_WORDS |= {"sunday", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct"}
DATE_WORDS |= {"nov", "dec", "today", "tonight", "tomorrow", "yesterday", "night", "ago", "in"}
DATE_WORDS |= {"next", "last", "this", "on", "by", "before", "until", "till", "since", "past"}
DATE_WORDS |= {"coming", "from", "now", "day", "days", "week", "weeks", "month", "months"}
DATE_WORDS |= {"st", "nd", "rd", "th", "of", "one", "option", "a", "an", "couple", "two"}


def test_the_date_readings_hold_no_english_in_their_patterns() -> None:
    found = english_in_patterns(SRC / "nlu" / "_dates.py", DATE_WORDS)
    assert not found, f"these words belong in the workspace's vocabulary.yaml (dates): {found}"


# The words of the never-automate categories: ``nlu/categories.py`` compiles them from the
# workspace's ``categories``.
CATEGORY_WORDS = ENGLISH | {"died", "funeral", "sue", "lawyer", "court", "fraud", "scam"}
CATEGORY_WORDS |= {"hacked", "never", "order", "authorize", "mistake", "hospital", "doctor"}


def test_the_category_cues_hold_no_english_in_their_patterns() -> None:
    found = english_in_patterns(SRC / "nlu" / "categories.py", CATEGORY_WORDS)
    assert not found, f"these words belong in the workspace's vocabulary.yaml: {found}"


def test_the_pattern_reading_finds_words_in_regular_expressions_only(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('NO = r"\\b(no|nope)\\b"\nTEMPLATE = "not_sure"\nSHAPE = r"[.;!?]+\\s+"\n')
    assert english_in_patterns(sample) == {"no"}


def test_the_pattern_reading_skips_the_names_of_groups(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('DAY = r"(?P<day>\\d+)(?:st|th)\\b"\n')
    assert english_in_patterns(sample, {"day", "st", "th"}) == {"st", "th"}


# The words of spam, abuse and sentiment: ``nlu/spam.py`` and ``nlu/sentiment.py`` read them
# from the language's lexicon (``workspace/lexicons/<language>.yaml``, extended by the
# workspace's ``vocabulary.yaml``), in their patterns and their word lists alike.
LEXICON_WORDS = {"idiot", "stupid", "fuck", "shit", "damn", "you", "bot", "staff", "hmm", "thx"}
LEXICON_WORDS |= {"winner", "casino", "free", "discount", "immediately", "asap", "lawyer", "sue"}
LEXICON_WORDS |= {"dispute", "bank", "tomorrow", "friday", "called", "again", "already"}
LEXICON_WORDS |= {"cancel", "please", "help", "usd", "faq", "never", "shut", "regret"}


def lexicon_words(path: Path, words: set[str] = LEXICON_WORDS) -> set[str]:
    """``words`` written in any string of ``path`` but its docstrings (a flag's code, such as
    ``"urgent"``, is the engine's name for what was found, not a word it looks for)."""
    tokens = _tokens(path)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == tokenize.STRING and not _standalone(tokens, i):
            body = re.sub(r"\\[A-Za-z]", " ", token.string)  # \b, \s, \w are shapes
            found |= {w.lower() for w in re.findall(r"[A-Za-z]+", body)} & words
    return found


def test_the_spam_and_sentiment_readings_hold_no_english_words() -> None:
    found = {f: lexicon_words(SRC / "nlu" / f) for f in ("spam.py", "sentiment.py")}
    found = {f: words for f, words in found.items() if words}
    assert not found, f"these words belong in the language's lexicon (lexicons/*.yaml): {found}"


def test_the_lexicon_reading_finds_words_in_any_string_but_docstrings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Says you idiot."""\nWORDS = ("idiot", "x")\nCUE = r"\\basap\\b"\n')
    assert lexicon_words(sample) == {"idiot", "asap"}


# The store's own words that are the catalogue's and the replies': its yes/no values come from
# the workspace's ``scales.quality_values``, and what it tells the customer (the audit's
# findings, the resolvers' questions) from its templates.
RETAIL = SRC / "domains" / "retail"
RETAIL_READINGS = ("_resolvers.py", "_order_words.py", "_variants.py", "_evidence.py")
RETAIL_READINGS += ("_matcher.py", "_wished.py", "_grounds.py")
QUALITY_VALUES = {"yes", "no", "none"}


def quality_values(path: Path) -> set[str]:
    """The catalogue's yes/no values written as strings in ``path`` (not in its docstrings):
    "yes", "no", "none", or a value starting "not "."""
    tokens = _tokens(path)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING or _standalone(tokens, i):
            continue
        try:
            value = ast.literal_eval(token.string)
        except (ValueError, SyntaxError):
            continue  # an f-string: its fields are code
        if not isinstance(value, str):
            continue
        lowered = value.lower()
        if lowered in QUALITY_VALUES or lowered.startswith("not "):
            found.add(value)
    return found


def test_the_store_reads_its_catalogue_s_yes_no_values_from_the_workspace() -> None:
    found = {f: quality_values(RETAIL / f) for f in RETAIL_READINGS}
    found = {f: words for f, words in found.items() if words}
    assert not found, f"these values belong in vocabulary.yaml (scales.quality_values): {found}"


def sentences(path: Path) -> set[str]:
    """Strings of ``path`` (not its docstrings) holding words written apart, as a reply does
    ("you did not mention the {name}"); an f-string's fields are code, a pattern's escapes
    shapes."""
    tokens = _tokens(path)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING or _standalone(tokens, i):
            continue
        body = re.sub(r"\\[A-Za-z]", " ", token.string)
        if token.string.lstrip("rbRB").startswith(("f", "F")):
            body = re.sub(r"\{[^{}]*\}", " ", body)
        if re.search(r"[A-Za-z]{2,}[ ,:;'()]+[A-Za-z]{2,}", body):
            found.add(token.string)
    return found


def test_the_store_s_replies_are_its_templates() -> None:
    """The audit's findings (``Finding``: a template and its facts), the resolvers' questions
    (a problem's template and facts) and the notes said with them are written in the
    workspace's ``templates/<language>/``, where a workspace in another language translates
    them; the store's readings hold no sentence."""
    found = {f: sentences(RETAIL / f) for f in RETAIL_READINGS}
    found = {f: words for f, words in found.items() if words}
    assert not found, f"these texts belong in the workspace's templates: {found}"


def test_the_readings_of_values_and_sentences_find_them(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Says "yes" and you did it."""\n'
        'WORDS = ("Yes", "not resistant", "nothing", "order_id")\n'
        'SAID = f"you did not mention the {name}"\n'
        'SHAPE = rf"{a}\\s+{b}"\n'
    )
    assert quality_values(sample) == {"Yes", "not resistant"}
    assert sentences(sample) == {'"not resistant"', 'f"you did not mention the {name}"'}
