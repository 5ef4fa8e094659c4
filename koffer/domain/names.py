"""Which characters a name may contain under DIN 91379, and its search form.

The rules come from the machine-readable list of DIN 91379:2022-08 published by the
String-Latin project (shipped in ``koffer.resources/din91379``, CC-BY 4.0). Each line of
``latin_list_1.3.txt`` reads ``group; char|seq; code points; Unicode name; glyph``. A ``seq``
is a *sequence*: a base letter followed by one or two combining marks (or, for ``K͟H``, a
mark and a second letter) that together count as one letter although Unicode has no
precomposed character for it. The groups are:

* ``bll`` - Latin letters and sequences (normative).
* ``bnlreq`` - non-letters N1: space, apostrophe, comma, hyphen, full stop and the marks
  used in transcribed names (normative).
* ``bnl`` - non-letters N2: digits and common punctuation and symbols (normative).
* ``bnlopt`` - non-letters N3: currency sign, fractions and the like (normative).
* ``bnlnot`` - non-letters N4: tab, line feed, carriage return, no-break space (normative).
* ``dc`` - the combining diacritics that occur in sequences. They are listed so that a
  system can store them, but on their own they are no letter: a combining mark is valid
  only as part of a listed sequence.
* ``gl``, ``cl``, ``enl`` - Greek, Cyrillic and further non-letters (extended, not
  normative); no data type used here admits them.

The data types built from the groups:

* :attr:`Datatype.A` - names of natural persons: ``bll`` + ``bnlreq``.
* :attr:`Datatype.B` - other names (places, streets): A + ``bnl``.
* :attr:`Datatype.C` - any other normative text: B + ``bnlopt`` + ``bnlnot`` (our reading
  of the standard: all normative groups; the list itself does not define data types).

The extended data types D and E (adding Greek, Cyrillic and E1) are not provided.

``latin_list_search_form_1.3.txt`` adds to each letter its *search form*: upper-case basic
Latin letters (``ä`` -> ``AE``, ``Ł`` -> ``L``, ``ß`` -> ``SS``), taken from the ICAO Doc
9303 transliteration where ICAO has one (marked ``icao``) and extended by the String-Latin
project (``icao-ext``). The list defines search forms for letters only; how
:func:`search_form` treats non-letters is this module's choice and documented there.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from koffer.domain.errors import ValidationError

_LIST_FILE = "latin_list_1.3.txt"
_SEARCH_FORM_FILE = "latin_list_search_form_1.3.txt"
_DOTTED_CIRCLE = "\u25cc"


class Datatype(enum.Enum):
    """DIN 91379 data types, each a set of character groups."""

    A = frozenset({"bll", "bnlreq"})
    """Names of natural persons (Datentyp A)."""

    B = frozenset({"bll", "bnlreq", "bnl"})
    """Other names, e.g. places and streets (Datentyp B)."""

    C = frozenset({"bll", "bnlreq", "bnl", "bnlopt", "bnlnot"})
    """Any normative text (Datentyp C)."""


@dataclass(frozen=True)
class CharacterList:
    """The DIN 91379 list as loaded: every entry by group, and the letters' search forms.

    Attributes:
        groups: For each character or sequence, the group it belongs to.
        longest: Length in code points of the longest listed sequence.
        search_forms: For each letter or letter sequence, its search form.
    """

    groups: dict[str, str]
    longest: int
    search_forms: dict[str, str]


def _code_points(field: str) -> str:
    return "".join(chr(int(code, 16)) for code in field.split())


def _read(name: str) -> list[list[str]]:
    text = (resources.files("koffer.resources") / "din91379" / name).read_text("utf-8")
    # Only the leading columns are read: a glyph column may itself be ";".
    return [[part.strip() for part in line.split(";")] for line in text.splitlines() if line]


@cache
def character_list() -> CharacterList:
    """Return the DIN 91379 list, read from the packaged resource once per process."""
    groups: dict[str, str] = {}
    for row in _read(_LIST_FILE):
        groups[unicodedata.normalize("NFC", _code_points(row[2]))] = row[0]
    search_forms: dict[str, str] = {}
    for row in _read(_SEARCH_FORM_FILE):
        letter = unicodedata.normalize("NFC", _code_points(row[2]))
        search_forms[letter] = _code_points(row[5])
    return CharacterList(
        groups=groups,
        longest=max(len(text) for text in groups),
        search_forms=search_forms,
    )


def normalise(value: str) -> str:
    """Return ``value`` in Unicode NFC, the form DIN 91379 compares in."""
    return unicodedata.normalize("NFC", value)


def units(value: str) -> list[tuple[str, str | None]]:
    """Split an NFC string into DIN 91379 units, longest listed sequence first.

    Args:
        value: Text already in NFC.

    Returns:
        ``(text, group)`` pairs in order; ``group`` is ``None`` for a character the list
        does not contain (including a combining mark that is not part of a sequence).
    """
    table = character_list()
    result: list[tuple[str, str | None]] = []
    position = 0
    while position < len(value):
        for size in range(min(table.longest, len(value) - position), 0, -1):
            candidate = value[position : position + size]
            group = table.groups.get(candidate)
            # A single combining mark is listed (group "dc") but is never a unit of its own.
            if group is not None and group != "dc":
                result.append((candidate, group))
                position += size
                break
        else:
            result.append((value[position], None))
            position += 1
    return result


def display(text: str) -> str:
    """Return how a refused character or unit is shown to the clerk.

    A combining mark is shown on a dotted circle, a blank or invisible character as
    ``U+XXXX``; anything else as itself.
    """
    if unicodedata.combining(text[0]):
        return _DOTTED_CIRCLE + text
    if not text.isprintable() or text.isspace():
        return f"U+{ord(text[0]):04X}"
    return text


def offending(value: str, datatype: Datatype = Datatype.A) -> str:
    """Return the characters of ``value`` that ``datatype`` does not admit, for display.

    Args:
        value: The text as entered; it is normalised to NFC first.
        datatype: The DIN 91379 data type the field must satisfy.

    Returns:
        The refused characters, each once, in order of appearance and separated by blanks;
        a lone combining mark is shown on a dotted circle, invisible characters as
        ``U+XXXX``. Empty when ``value`` is valid.
    """
    refused: list[str] = []
    for text, group in units(normalise(value)):
        if group is None or group not in datatype.value:
            shown = display(text)
            if shown not in refused:
                refused.append(shown)
    return " ".join(refused)


def check(value: str, datatype: Datatype = Datatype.A, field: str = "surname") -> str:
    """Return ``value`` in NFC when it satisfies ``datatype``.

    Args:
        value: The text as entered.
        datatype: :attr:`Datatype.A` for personal names, :attr:`Datatype.B` for places
            and streets.
        field: Field name reported in the error.

    Returns:
        The NFC form of ``value``.

    Raises:
        ValidationError: ``error.invalid_characters`` with ``chars`` listing the refused
            characters.
    """
    refused = offending(value, datatype)
    if refused:
        raise ValidationError(field, "error.invalid_characters", chars=refused)
    return normalise(value)


def search_form(value: str) -> str:
    """Return the search form of a name, for matching names regardless of diacritics.

    Letters become their search form from the DIN 91379 list (``Müller`` and ``Mueller``
    both give ``MUELLER``). Non-letters have no search form in the list; this function keeps
    digits, turns every other non-letter (blank, hyphen, apostrophe, ...) into a separator
    and collapses separators, so ``O'Brien-Smith`` gives ``O BRIEN SMITH``. Characters
    outside the list are dropped.

    Args:
        value: A name, in any normalisation form.

    Returns:
        Upper-case basic Latin letters, digits and single blanks.
    """
    forms = character_list().search_forms
    parts: list[str] = []
    for text, group in units(normalise(value)):
        if group == "bll":
            parts.append(forms.get(text, text.upper()))
        elif text.isascii() and text.isdigit():
            parts.append(text)
        elif group is not None:
            parts.append(" ")
    return " ".join("".join(parts).split())
