"""Split registry eligibility text into inclusion and exclusion criteria.

Registry criteria are Markdown typed by submitters: bullets, numbers, nested
lists, headers written as "Inclusion Criteria:" (or not at all) and backslash
escapes such as ``\\<16``. markdown-it-py does the Markdown (a line-based
pass gives its block tokens for the plain lists most records are, in a fifth
of the time); this module only decides which list a bullet belongs to. Escapes are removed by the parser, and
symbols such as ≥ and ≤ are kept as written.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from markdown_it import MarkdownIt
from markdown_it.token import Token


class ParsedCriterion(TypedDict):
    text: str
    children: list[ParsedCriterion]
    heading: NotRequired[bool]


# Indented text is not code in registry records, inline HTML is text, and a line that starts with ">"
# is an operator (">10% which is sustained"), never a block quote.
# Inline parsing is done on demand (inline_text): most criteria are plain words.
_MD = MarkdownIt("commonmark").disable(["code", "html_block", "html_inline", "image", "blockquote"])
_BLOCKS = MarkdownIt("commonmark").disable(["code", "html_block", "html_inline", "image", "inline", "blockquote"])
#: Characters that can start inline Markdown (escapes, emphasis, code, links, entities);
#: text without any of them is its own plain text.
_INLINE_SYNTAX = re.compile(r"[*_`\[\]\\<>&!]")

_HEADER_RE = re.compile(
    r"""^\W*(?:(?:list\s+of|key|main|major|general|other|additional|specific|patient|subject|clinic|participant|
        individual|family|families|caregiver|parent|child|children|adult|control|case|partner|donor|mother|infant)s?\s+)?
        (?P<kind>inclusion|exclusion|eligibility)
        (?P<criteria>\s+criteri(?:a|on))?\b
        (?P<tail>[^:.]{0,60})
        (?:[:.]\s*(?P<rest>.*))?$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
# "Cohort 2", "Part 2 (Cohorts D to G):", "For participants in the dose expansion
# part:": a heading that limits what follows it to some of the participants.
_COHORT_WORDS = r"(?:cohorts?|parts?|arms?|groups?|modules?|sub-?stud(?:y|ies)|populations?|segments?)"
_COHORT_COLON_RE = re.compile(
    rf"""^\W*(?:(?:for|in)\s+)?(?:(?:all\s+)?(?:participants|patients|subjects)\s+(?:in|enrolled\s+in|of|entering)\s+)?
        (?:the\s+|each\s+)?(?:[\w-]+\s+){{0,3}}{_COHORT_WORDS}\b[^:.;]{{0,80}}:\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COHORT_BARE_RE = re.compile(rf"^\W*{_COHORT_WORDS}\s+[\w+-]{{1,6}}(?:\s*(?:and|or|&|,|to)\s*[\w+-]{{1,6}})*\W*$", re.IGNORECASE)


def is_cohort_heading(text: str) -> bool:
    """A heading naming the part of the study the criteria under it apply to."""
    if re.search(r"\ball\b", text, re.IGNORECASE):
        return False
    words = len(text.split())
    if text.rstrip().endswith(":"):
        return words <= 14 and bool(_COHORT_COLON_RE.match(text))
    return words <= 6 and bool(_COHORT_BARE_RE.match(text))


_EMPTY_REST = {"", "none", "n/a", "na", "n.a", "n. a", "-", "not applicable", "nil"}
_SPACE_RE = re.compile(r"\s+")


def _is_empty(text: str) -> bool:
    """'N/A', 'none', '-': a placeholder, not a criterion."""
    return text.casefold().rstrip(".") in _EMPTY_REST


#: "Termination criteria:", "Withdrawal criteria:": rules for leaving the study, not for joining it.
_OTHER_RULES_RE = re.compile(
    r"^\W*(?:study\s+)?(?:termination|withdrawal|discontinuation|removal|stopping|drop-?out)\s+criteri(?:a|on)\s*:?\s*$",
    re.IGNORECASE,
)


def split_header(text: str) -> tuple[str | None, str]:
    """Split a section header off ``text``.

    Returns ``(kind, rest)``: kind is 'inclusion', 'exclusion', 'other' (rules for leaving the study, whose
    items are no eligibility criteria) or None, and rest
    is any criterion written on the header's own line ("Exclusion Criteria:
    contra-indication"). A bare "none" or "N/A" after a header is no criterion.
    """
    if _OTHER_RULES_RE.match(text):
        return "other", ""
    match = _HEADER_RE.match(text)
    if not match:
        return None, text
    tail, rest = match.group("tail"), match.group("rest")
    if tail.strip() and not match.group("criteria"):
        return None, text
    if rest is None and len(tail.split()) > 4:
        return None, text
    if rest is not None and tail.strip() and len(tail.split()) > 6:
        return None, text
    kind = match.group("kind").lower()
    rest = (rest or "").strip()
    if _is_empty(rest):
        rest = ""
    # "Eligibility" and "Inclusion and exclusion criteria" head a mixed list.
    return ("exclusion" if kind == "exclusion" else "inclusion"), rest


#: The group a section header names ("Inclusion criteria for the cases:", "Exclusion Criteria (Controls):").
_GROUP_TAIL_RE = re.compile(
    r"^\W*(?:(?:for|in|of)\s+(?:the\s+)?(?!all\b|(?:trial|study)\s+(?:entry|participation|inclusion|enrol)|(?:trial|study)\W*$|"
    r"entry\b|inclusion\b|enrol)(?P<group>[^:]{2,80}?)|"
    r"\((?!all\b)(?P<paren>[^()]{2,60})\))\W*$",
    re.IGNORECASE,
)
#: A header whose first word names the group ("Individual exclusion criteria", "Family exclusion criteria").
_GROUP_PREFIX_RE = re.compile(
    r"^\W*(?P<group>individual|family|families|caregivers?|parents?|children|adults?|controls?|cases|patients?|"
    r"partners?|donors?|mothers?|infants?|healthy volunteers?)\s+(?:inclusion|exclusion)\s+criteri",
    re.IGNORECASE,
)


def header_group(text: str) -> str | None:
    """ "For the cases" of "Inclusion criteria for the cases :": the criteria under that header are one group's."""
    if prefix := _GROUP_PREFIX_RE.match(text):
        words = prefix.group("group")
        return words[:1].upper() + words[1:]
    match = _HEADER_RE.match(text)
    if not match or not match.group("criteria"):
        return None
    tail = _GROUP_TAIL_RE.match(match.group("tail") or "")
    if not tail or len((tail.group("group") or tail.group("paren")).split()) > 8:
        return None
    words = match.group("tail").strip(" ()[]:-").strip()
    return words[:1].upper() + words[1:]


def inline_text(token: Token) -> str:
    """Plain text of an inline token: escapes resolved, emphasis markers dropped.

    A token the block pass left unparsed is parsed here, only if it holds
    inline syntax; line breaks become spaces either way.
    """
    if not token.children and token.content:
        return parse_inline(token.content) if has_inline_syntax(token.content) else _SPACE_RE.sub(" ", token.content).strip()
    return _children_text(token.children or [])


def has_inline_syntax(text: str) -> bool:
    """Could ``text`` hold inline Markdown? Without it, text is its own plain text and needs no parser."""
    return _INLINE_SYNTAX.search(text) is not None


def parse_inline(text: str) -> str:
    """Plain text of one paragraph of inline Markdown, parsed by markdown-it."""
    return _children_text(_MD.parseInline(text)[0].children or [])


def _children_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _SPACE_RE.sub(" ", _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), "".join(parts))).strip()


#: An entity the registry stored as text ("QTc \\&gt; 450 ms" parses to "&gt;"): the character it stands for.
_ENTITY_RE = re.compile(r"&(?:gt|lt|ge|le|amp|nbsp|quot|apos|#\d{2,4});")


def _items(tokens: list[Token], start: int, end: int) -> tuple[list[ParsedCriterion], list[tuple[str, int]]]:
    """Collect the criteria between two token indexes, recursively.

    Returns the criteria and the section headers met on the way, each with the
    index in the returned list where its section starts.
    """
    out: list[ParsedCriterion] = []
    headers: list[tuple[str, int]] = []
    lead_in = False
    i = start
    while i < end:
        tok = tokens[i]
        if tok.type in ("paragraph_open", "heading_open"):
            kind, text = split_header(inline_text(tokens[i + 1]))
            i += 3
            lead_in = False
            if kind:
                headers.append((kind, len(out)))
                if group := header_group(inline_text(tokens[i - 2])):
                    headers.append(("heading:" + group, len(out)))
            elif text and is_cohort_heading(text) and not _list_follows(tokens, i):
                headers.append(("heading:" + text.rstrip(":").strip(), len(out)))
                continue
            if text and not _is_empty(text):
                out.append({"text": text, "children": []})
                lead_in = text.endswith(":")
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            close = _matching_close(tokens, i)
            items, inner_headers = _list_items(tokens, i + 1, close)
            if lead_in and not inner_headers:
                # "Disease characteristics:" followed by a list heads that list.
                out[-1]["children"] = items
                lead_in = False
            else:
                headers.extend((kind, len(out) + pos) for kind, pos in inner_headers)
                out.extend(items)
                # "2. Mild illness:" as the last item of a numbered list, then "* fever", "* cough" written
                # unindented (so Markdown ends the numbered list), then "3. …": the bullets are its items.
                last = items[-1] if items else None
                lead_in = (
                    tok.type == "ordered_list_open"
                    and last is not None
                    and last["text"].endswith(":")
                    and not last["children"]
                    and _list_follows(tokens, close + 1)
                    and tokens[close + 1].type == "bullet_list_open"
                )
            i = close + 1
        else:
            i += 1
    return out, headers


def _list_follows(tokens: list[Token], i: int) -> bool:
    return i < len(tokens) and tokens[i].type in ("bullet_list_open", "ordered_list_open")


def _list_items(tokens: list[Token], start: int, end: int) -> tuple[list[ParsedCriterion], list[tuple[str, int]]]:
    out: list[ParsedCriterion] = []
    headers: list[tuple[str, int]] = []
    i = start
    while i < end:
        if tokens[i].type != "list_item_open":
            i += 1
            continue
        close = _matching_close(tokens, i)
        inner, inner_headers = _items(tokens, i + 1, close)
        i = close + 1
        if inner_headers:
            # "* Inclusion Criteria:" with its criteria nested under it: lift them.
            headers.extend((kind, len(out) + pos) for kind, pos in inner_headers)
            out.extend(inner)
        elif inner:
            head, *rest = inner
            out.append({"text": head["text"], "children": head["children"] + rest})
    return out, headers


def _matching_close(tokens: list[Token], open_index: int) -> int:
    level = tokens[open_index].level
    close_type = tokens[open_index].type.replace("_open", "_close")
    for j in range(open_index + 1, len(tokens)):
        if tokens[j].type == close_type and tokens[j].level == level:
            return j
    return len(tokens) - 1


_MARKER_RE = re.compile(r"( *)([*+-]|(\d{1,9})[.)])( {1,4})(?=\S)")
#: Lines the line-based pass leaves to markdown-it: headings, quotes, fences, rules and setext
#: underlines, link definitions, empty or widely spaced list markers, tabs.
_HARD_LINE_RE = re.compile(r" *(?:[#>\[]|```|~~~|(?:[*_-] *){3,}$|[=-]+ *$|(?:[*+-]|\d{1,9}[.)]) *$|(?:[*+-]|\d{1,9}[.)]) {5,})")


@dataclass
class _List:
    ordered: bool
    mark: str
    container: int
    content: int
    level: int


def _block_tokens(source: str) -> list[Token]:
    """markdown-it's block tokens for ``source``, from a line-based pass when the text is plain lists and paragraphs.

    Registry criteria are mostly bullets and short paragraphs, which a pass over
    the lines tokenizes in a fraction of markdown-it's time. Anything outside
    that shape goes to markdown-it; a test holds the two to the same tokens on
    the corpus and on generated texts.
    """
    fast = _fast_block_tokens(source)
    return fast if fast is not None else _BLOCKS.parse(source)


def _fast_block_tokens(source: str) -> list[Token] | None:
    if "\t" in source or "\0" in source:
        return None
    tokens: list[Token] = []
    stack: list[_List] = []
    para: list[str] = []
    para_level = 0
    blank = False

    def close_para() -> None:
        if para:
            tokens.append(Token("paragraph_open", "p", 1, level=para_level))
            tokens.append(Token("inline", "", 0, level=para_level + 1, content="\n".join(para).strip(), children=[]))
            tokens.append(Token("paragraph_close", "p", -1, level=para_level))
            para.clear()

    def close_list() -> None:
        top = stack.pop()
        kind = "ordered_list" if top.ordered else "bullet_list"
        tokens.append(Token("list_item_close", "li", -1, level=top.level + 1))
        tokens.append(Token(f"{kind}_close", "ol" if top.ordered else "ul", -1, level=top.level))

    for line in source.split("\n"):
        rest = line.lstrip(" ")
        if not rest:
            close_para()
            blank = True
            continue
        if _HARD_LINE_RE.match(line):
            return None
        indent = len(line) - len(rest)
        marker = _MARKER_RE.match(line)
        if marker is None:
            if para and not blank:
                para.append(rest)
                continue
            while stack and indent < stack[-1].content:
                close_list()
            if indent - (stack[-1].content if stack else 0) > 3:
                return None
            para_level = stack[-1].level + 2 if stack else 0
            para.append(rest)
            blank = False
            continue
        ordered = marker.group(3) is not None
        mark = marker.group(2)[-1]
        content = indent + len(marker.group(2)) + len(marker.group(4))
        if _MARKER_RE.match(line, content) or _HARD_LINE_RE.match(line, content):
            return None  # a list or a heading as the item's first block
        interrupting = bool(para) and not blank
        close_para()
        sibling = False
        while stack:
            top = stack[-1]
            if indent >= top.content:
                break
            if top.ordered == ordered and top.mark == mark and 0 <= indent - top.container <= 3:
                sibling = True
                break
            close_list()
        if sibling:
            top = stack[-1]
            tokens.append(Token("list_item_close", "li", -1, level=top.level + 1))
            top.content = content
        else:
            container = stack[-1].content if stack else 0
            if indent - container > 3 or (interrupting and ordered and int(marker.group(3)) != 1):
                return None
            level = stack[-1].level + 2 if stack else 0
            stack.append(_List(ordered, mark, container, content, level))
            kind = "ordered_list" if ordered else "bullet_list"
            tokens.append(Token(f"{kind}_open", "ol" if ordered else "ul", 1, level=level))
        top = stack[-1]
        tokens.append(Token("list_item_open", "li", 1, level=top.level + 1))
        para_level = top.level + 2
        para.append(line[content:])
        blank = False
    close_para()
    while stack:
        close_list()
    return tokens


#: A section header inside a line ("… following conception Exclusion Criteria: - Women who …").
_INLINE_HEADER_RE = re.compile(r"(?<=[^\s:])[ \t]+((?:Key |Main )?(?:Inclusion|Exclusion) Criteria\s*:)", re.IGNORECASE)
#: " - Woman with …": a dash bullet written inside a line, before a capital letter.
_INLINE_DASH_RE = re.compile(r"[ \t]+-[ \t]+(?=[A-Z])")


def _header_break(m: re.Match[str]) -> str:
    """A line break before a header in mid-line, unless the words before it are the header's own ("List of")."""
    before = m.string[m.string.rfind("\n", 0, m.start()) + 1 : m.start()].split()
    if len(before) < 3 or before[-1].lower() in {"of", "the", "list", "key", "main", "other", "additional", "specific"}:
        return m.group(0)
    return f"\n\n{m.group(1)}\n\n"


def _unfold(source: str) -> str:
    """Put a list the record wrote on one line back on lines of its own.

    A header in mid-line starts a section, and a dash item with two or more " - " bullets of three words or more
    before a capital letter inside it is a dash list, so its items are criteria of their own and
    "Exclusion Criteria:" is not an inclusion's tail.
    """
    source = _INLINE_HEADER_RE.sub(_header_break, source)
    lines = []
    for line in source.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        body = line.strip()
        dashed = body.startswith("- ")
        parts = _INLINE_DASH_RE.split(body[2:] if dashed else body)
        if (dashed or split_header(parts[0])[0]) and len(parts) >= 3 and all(len(x.split()) >= 3 for x in parts[1:]):
            first = [f"{indent}- {parts[0].strip()}"] if dashed else [indent + parts[0].strip(), ""]
            lines += [*first, *(f"{indent}- {x.strip()}" for x in parts[1:])]
        else:
            lines.append(line)
    return "\n".join(lines)


def parse_criteria(text: str) -> tuple[list[ParsedCriterion], list[ParsedCriterion]]:
    """Return ``(inclusion, exclusion)`` parsed from registry criteria text.

    Text with no "Inclusion Criteria:" header still yields criteria: anything
    before the first exclusion header counts as inclusion.
    """
    source = _unfold(textwrap.dedent(text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n"))
    tokens = _block_tokens(source)
    items, headers = _items(tokens, 0, len(tokens))
    inclusion: list[ParsedCriterion] = []
    exclusion: list[ParsedCriterion] = []
    others: list[ParsedCriterion] = []  # rules for leaving the study: in the record's text, not in its criteria
    current = inclusion
    heading: str | None = None
    heading_at, spanning = 0, False
    bounds = sorted(headers, key=lambda h: h[1])
    cursor = 0

    def take(upto: int | None) -> None:
        chunk = items[cursor:upto]
        if heading is None or not chunk:
            current.extend(chunk)
        elif current and current[-1].get("heading") and current[-1]["text"] == heading:
            current[-1]["children"].extend(chunk)
        else:
            current.append({"text": heading, "children": list(chunk), "heading": True})

    for kind, pos in bounds:
        take(pos)
        cursor = pos
        if kind.startswith("heading:"):
            heading, heading_at, spanning = kind[len("heading:") :], pos, False
        else:
            # A heading just before a section header ("Cohort 2" / "Inclusion
            # Criteria:") spans the sections; one inside a section ends with it.
            if heading is not None and heading_at == pos:
                spanning = True
            elif not spanning:
                heading = None
            current = exclusion if kind == "exclusion" else others if kind == "other" else inclusion
    take(None)
    return _group_headings(inclusion), _group_headings(exclusion)


def _group_headings(items: list[ParsedCriterion]) -> list[ParsedCriterion]:
    """A cohort heading written as a list item takes the items after it, up to the next heading."""
    out: list[ParsedCriterion] = []
    for item in items:
        item["children"] = _group_headings(item["children"])
        if item.get("heading") or is_cohort_heading(item["text"]):
            item["heading"] = True
            item["text"] = item["text"].rstrip(":").strip() or item["text"]
            out.append(item)
        elif out and out[-1].get("heading"):
            out[-1]["children"].append(item)
        else:
            out.append(item)
    return out


def flatten(items: list[ParsedCriterion]) -> list[str]:
    """Every criterion text, depth first (for sweeps and reports)."""
    out: list[str] = []
    for item in items:
        out.append(item["text"])
        out.extend(flatten(item["children"]))
    return out
