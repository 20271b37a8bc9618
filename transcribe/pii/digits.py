"""Digit runs in recognised speech: written digits and spoken ones (一三八, 幺, 两, "five five", "oh").

Speech recognition writes a number the way it heard it: ``13812345678``, ``138 1234 5678``,
``一三八一二三四五六七八``, ``five five five, one two three four``. This module turns any of these
into a ``DigitRun``: the digits, the text span they came from and where the speaker paused, so the
detectors can judge the number whatever form it took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_DIGIT = {w: str(i) for i, w in enumerate(_UNITS)} | {"oh": "0", "o": "0"}
_WORD_DIGIT |= {w: str(10 + i) for i, w in enumerate(_TEENS)}
_WORD_DIGIT |= {w: str(20 + 10 * i) for i, w in enumerate(_TENS)}
_HAN_DIGIT = dict(zip("零〇洞一幺二两兩三四五六七八九", "00011222345678" + "9"))
_HAN_DIGIT.update(dict(zip("０１２３４５６７８９", "0123456789")))

_UNIT = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)"
_TOKEN = re.compile(
    r"(?<![A-Za-z])(?:"
    rf"(?P<times>double|triple)[\s-]+(?P<repeated>{_UNIT})"
    rf"|(?P<tens>{'|'.join(_TENS)})(?:[\s-]+(?P<tens_unit>one|two|three|four|five|six|seven|eight|nine))?"
    rf"|(?P<teen>{'|'.join(_TEENS)})(?:[\s-]+(?P<teen_hundred>hundred))?"
    rf"|(?P<unit>{_UNIT})(?:[\s-]+(?P<hundred>hundred))?"
    r"|(?P<letter_x>[Xx])"
    r")(?![A-Za-z])"
    r"|(?P<written>[0-9０-９]+)"
    r"|(?P<han>[零〇洞一幺二两兩三四五六七八九])"
    r"|(?P<han_x>叉|艾克斯)",
    re.IGNORECASE,
)
# Numbers that are not identifiers: read them as a pause so they never join a run.
_NOT_IDENTIFIER = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"      # dates
    r"|\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?"                # times
    r"|[$¥￥€£]\s?\d[\d,]*(?:\.\d+)?"                              # prices with a currency sign
    r"|\d[\d,]*(?:\.\d+)?\s?(?:元|块|美元|%|％|dollars?\b|bucks\b|percent\b)"
    r"|(?<![\d,.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"            # 1,234,567 thousands
    r"|(?<![\d.])\d+\.\d+(?![\d.])",                               # decimals
    re.IGNORECASE,
)
# what may stand between the digits of one number: separators, and a filler word ("…, then …", "呃")
_GAP = re.compile(r"[\s,，、\-–—.·/()（）]{0,3}"
                  r"(?:(?<![A-Za-z])(?i:then|uh|um|er)(?![A-Za-z])[\s,，、]{0,2}|(?:然后|呃|嗯)[\s,，、]{0,2})?")
_PAUSE = re.compile(r"[,，、;；。.]")
_SPOKEN_ZERO = frozenset({"oh", "o"})


@dataclass(frozen=True)
class DigitToken:
    digits: str  # "0".."9" characters, or "X" (the last character of some resident IDs)
    start: int
    end: int
    written: bool  # digits the recogniser wrote as digits (not spoken words or 汉字)


@dataclass(frozen=True)
class DigitRun:
    """Digit tokens one after another with at most a short separator between them."""

    tokens: tuple[DigitToken, ...]
    text: str  # the whole text the run was found in (for context and separators)

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def digits(self) -> str:
        return "".join(t.digits for t in self.tokens)

    def gap(self, k: int) -> str:
        """The text between token k and token k + 1."""
        return self.text[self.tokens[k].end:self.tokens[k + 1].start]

    def strong_boundary(self, k: int) -> bool:
        """A pause (punctuation) or a break between written digit groups: a number may end there."""
        gap = self.gap(k)
        if _PAUSE.search(gap):
            return True
        left, right = self.tokens[k], self.tokens[k + 1]
        return bool(gap) and left.written and right.written

    def glued_to_letters(self) -> bool:
        """Digits stuck to letters (``SKU1234``, ``1234abc``) are a code, not a bare number."""
        before = self.text[self.start - 1:self.start]
        after = self.text[self.end:self.end + 1]
        return bool(re.match(r"[A-Za-z]", before) or re.match(r"[A-Za-z]", after))

    def sub(self, i: int, j: int) -> "DigitRun":
        return DigitRun(self.tokens[i:j], self.text)


def _token(match: re.Match) -> DigitToken | None:
    g = match.groupdict()
    if g["written"]:
        return DigitToken("".join(_HAN_DIGIT.get(c, c) for c in g["written"]),
                          match.start(), match.end(), True)
    if g["han"]:
        return DigitToken(_HAN_DIGIT[g["han"]], match.start(), match.end(), False)
    if g["han_x"] or g["letter_x"]:
        return DigitToken("X", match.start(), match.end(), False)
    if g["times"]:
        count = 2 if g["times"].lower() == "double" else 3
        return DigitToken(_WORD_DIGIT[g["repeated"].lower()] * count, match.start(), match.end(), False)
    if g["tens"]:
        value = _WORD_DIGIT[g["tens"].lower()]
        if g["tens_unit"]:
            value = value[0] + _WORD_DIGIT[g["tens_unit"].lower()]
        return DigitToken(value, match.start(), match.end(), False)
    word = (g["teen"] or g["unit"]).lower()
    hundred = g["teen_hundred"] or g["hundred"]
    return DigitToken(_WORD_DIGIT[word] + ("00" if hundred else ""), match.start(), match.end(), False)


def digit_tokens(text: str) -> list[DigitToken]:
    """Every digit token of the text, outside dates, times, prices and decimals."""
    blocked = [m.span() for m in _NOT_IDENTIFIER.finditer(text)]
    tokens = []
    for match in _TOKEN.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in blocked):
            continue
        token = _token(match)
        if token is not None:
            tokens.append(token)
    return tokens


def digit_runs(text: str) -> list[DigitRun]:
    """Maximal runs of digit tokens separated by short separators (spaces, dashes, commas...).

    An ``X`` ends a run (only a resident ID ends with one); a spoken "oh" / "o" followed by a pause
    does not start one ("Oh, five five five..." is an interjection, "oh four seven" is 047).
    """
    runs: list[list[DigitToken]] = []
    for token in digit_tokens(text):
        current = runs[-1] if runs else None
        joins = (current is not None and current[-1].digits != "X"
                 and _GAP.fullmatch(text[current[-1].end:token.start]) is not None)
        if joins:
            current.append(token)
        else:
            runs.append([token])
    out = []
    for tokens in runs:
        while tokens and _not_a_first_digit(tokens, text):
            tokens = tokens[1:]
        if _starts_a_phrase(tokens, text):
            tokens = tokens[:-1]
        if tokens:
            out.append(DigitRun(tuple(tokens), text))
    return out


def _not_a_first_digit(tokens: list[DigitToken], text: str) -> bool:
    first = tokens[0]
    if first.digits == "X":
        return True
    if len(tokens) > 1 and text[first.start:first.end].lower() in _SPOKEN_ZERO:
        return _PAUSE.search(text[first.end:tokens[1].start]) is not None
    return False


def _starts_a_phrase(tokens: list[DigitToken], text: str) -> bool:
    """A lone spoken digit after a pause that begins the next phrase: "…，一直没到", "…, one more thing"."""
    if len(tokens) < 2 or tokens[-1].written or len(tokens[-1].digits) != 1:
        return False
    last = tokens[-1]
    return (_PAUSE.search(text[tokens[-2].end:last.start]) is not None
            and re.match(r"\s?[A-Za-z\u4e00-\u9fff]", text[last.end:last.end + 2]) is not None
            and not _HAN_DIGIT.get(text[last.end:last.end + 1]))
