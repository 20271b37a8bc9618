"""Street addresses: Chinese (…省…市…区…路…号…室) and English (number + street name + suffix).

Chinese place names are runs of Han characters; the characters a speaker says around an address
(我, 住, 在, 寄到, 的…) can never be part of one, so a match starts where the address does.
"""

from __future__ import annotations

import re

from transcribe.pii.numbers import Finding

ADDRESS = "address"

# --- Chinese -------------------------------------------------------------------------------------
_NOT_IN_NAMES = "我你他她它们在是住到寄送的了吧吗嗎呢啊就跟给給请請把址这這个個没沒要还還也很说說帮幫您条條去为為"


def _han_class(excluded: str) -> str:
    """A character class of CJK ideographs without the excluded characters."""
    parts, lo = [], 0x4E00
    for code in sorted({ord(c) for c in excluded}):
        if code > lo:
            parts.append(f"\\u{lo:04x}-\\u{code - 1:04x}")
        lo = code + 1
    parts.append(f"\\u{lo:04x}-\\u9fff")
    return "[" + "".join(parts) + "]"


_NAME = _han_class(_NOT_IN_NAMES)
_NUM = r"[0-9０-９零〇一二三四五六七八九十百千两幺]+"
_SEP = r"[\s,，]?"
_REGION = (rf"(?:{_NAME}{{2,7}}?(?:省|自治区|自治區|特别行政区)){_SEP}"
           rf"|(?:{_NAME}{{1,7}}?[市]){_SEP}"
           rf"|(?:{_NAME}{{1,7}}?(?:区|區|县|縣|旗)(?<!小区)(?<!小區)){_SEP}"  # 幸福小区 is an estate
           rf"|(?:{_NAME}{{1,7}}?(?:镇|鎮|乡|鄉|街道)){_SEP}")
_ROAD = rf"{_NAME}{{2,10}}?(?:路|街|大道|大街|巷|弄|胡同)(?:{_NUM}(?:段|巷|弄))?"  # 人民南路四段
_HOUSE = rf"{_NUM}(?:号|號)(?:院)?"
_BUILDING = rf"(?:[A-Za-zＡ-Ｚ]|{_NUM})(?:栋|棟|幢|座|号楼|號樓)|塔{_NUM}"  # 12号楼, B座, 塔3 (tower 3)
_ENTRANCE = rf"{_NUM}(?:单元|單元|门|門)"  # 2单元, 3门
_FLOOR = rf"{_NUM}(?:楼|樓|层|層)"
_ROOM = rf"{_NUM}(?:室|号房|號房|房)"
_BARE_ROOM = r"[0-9０-９零〇一二三四五六七八九幺两]{3,4}(?![0-9０-９])"  # 2单元401: the room without 室
# building, entrance, floor, room: any that are said, in this order, at least one
_ROOM_AFTER = rf"(?:的?(?:{_ROOM}|{_BARE_ROOM}))?"  # 塔3的1205
_BUILDING_ON = rf"(?:{_BUILDING})(?:{_ENTRANCE})?(?:{_FLOOR})?{_ROOM_AFTER}"
_UNIT_PARTS = (rf"(?:{_BUILDING_ON}"
               rf"|{_ENTRANCE}(?:{_FLOOR})?(?:{_ROOM}|{_BARE_ROOM})?|{_FLOOR}(?:{_ROOM})?|{_ROOM})")
# 阳光花园, 碧桂园, 望京SOHO…: any name, known by the building number after it
_ESTATE = rf"(?:{_NAME}|[A-Za-z]){{2,12}}?"
# an estate's part named like a district (芳城园一区) is read as one: a building may follow it directly
_ZH_ADDRESS = re.compile(
    rf"(?>{_REGION}){{0,5}}+(?:{_ROAD}{_HOUSE}(?:(?:{_ESTATE})?{_UNIT_PARTS})?"
    rf"|(?:{_ESTATE}|(?<=[区區])){_BUILDING_ON})"
)
# verbs said before an address that the name characters above do not exclude
_LEAD_IN = re.compile(r"^(?:改成|换成|換成|变成|變成|更改|修改|收货|收貨|发货|發貨|送货|送貨|邮寄|郵寄|快递|快遞"
                      r"|填写|填寫|写|寫|填|留)*")

# --- English -------------------------------------------------------------------------------------
_NUMBER_WORD = (r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                r"seventy|eighty|ninety|hundred|thousand)")
_SPOKEN_NUMBER = rf"(?i:{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD}){{0,6}})"
_ORDINAL = (r"(?:\d+(?:st|nd|rd|th)|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
            r"tenth|eleventh|twelfth))")
_STREET_WORD = rf"(?:(?!(?:The|A|An|My|Your|Our|It|I)\b)[A-Z][a-z]+|[A-Z]\.|{_ORDINAL})"
# Recognisers without capitals ("i live at twelve maple street") need a cue before the address.
_ANY_WORD = (r"(?!(?i:the|a|an|my|your|our|it|i|and|or|but|so|with|of|on|in|at|to|for|is|was|number|phone|"
             r"email|please|thanks|thank|then|more|other|same|last|next|way|ways|times?|minutes?|hours?|days?|"
             r"weeks?|miles?|blocks?|dollars?|bucks)\b)[A-Za-z]+")
_SUFFIX = (r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
           r"terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|loop|alley|row|"
           r"plaza|crescent|close)\b\.?")
_DIRECTION = r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
_QUADRANT = r"(?:\s+(?:NE|NW|SE|SW|N|S|E|W)\b\.?)?"  # 1600 Pennsylvania Avenue NW
_UNIT = (rf"(?:,?\s*(?i:apartment|apt|suite|ste|unit|room|floor|#)\.?\s*"
         rf"(?:\d+[A-Za-z]?|[A-Za-z]\d*\b|{_SPOKEN_NUMBER}))?")
_ZIP = rf"(?:\s+(?:\d{{5}}(?:-\d{{4}})?|{_SPOKEN_NUMBER}))?"
_HOUSE_NUMBER = rf"(?<![\w-])(?:\d{{1,6}}[A-Za-z]?|{_SPOKEN_NUMBER})"


def _street_address(word: str, place: str, direction: str, state: str) -> str:
    city_state_zip = rf"(?:,\s*{place}(?:,?\s*{state})?{_ZIP})?"
    return (rf"{_HOUSE_NUMBER}\s+{direction}(?:{word}\s+){{1,3}}{_SUFFIX}{_QUADRANT}{_UNIT}{city_state_zip}"
            rf"|(?i:p\.?\s?o\.?\s+box)\s+(?:\d+|{_SPOKEN_NUMBER}){city_state_zip}")


_PLACE = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
_EN_ADDRESS = re.compile(_street_address(_STREET_WORD, _PLACE, _DIRECTION, rf"(?:[A-Z]{{2}}\b|{_PLACE})"))
_EN_CUED_ADDRESS = re.compile(
    r"(?i:(?:live|lives|living|located|staying|i'm|i\s+am|we're|we\s+are|it's|is)\s+at|address\s+is|moved\s+to"
    r"|it's|it\s+is|that's|that\s+is"
    r"|(?:ship|send|deliver|mail|bring)(?:\s+(?:it|them|that|this|the\s+\w+))?\s+(?:over\s+)?to)\s+"
    + "(?P<address>" + _street_address(_ANY_WORD, rf"{_ANY_WORD}(?:\s{_ANY_WORD})?",
                                           f"(?i:{_DIRECTION})", r"[A-Za-z]{2}\b") + ")"
)


def find_addresses(text: str) -> list[Finding]:
    found = [Finding(ADDRESS, m.start() + _LEAD_IN.match(m.group()).end(), m.end())
             for m in _ZH_ADDRESS.finditer(text)]
    found += [Finding(ADDRESS, m.start(), m.end() - _trailing_dot(m.group()))
              for m in _EN_ADDRESS.finditer(text)]
    found += [Finding(ADDRESS, m.start("address"), m.end() - _trailing_dot(m.group()))
              for m in _EN_CUED_ADDRESS.finditer(text)]
    return found


def _trailing_dot(matched: str) -> int:
    """A sentence's full stop after "St" / "Ave" is not part of the address."""
    return 1 if matched.endswith(".") and not re.search(r"\b[A-Z]\.$", matched) else 0
