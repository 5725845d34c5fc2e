"""Spotting personal contact and medical details in a comment, so it is held before it is public.

A heuristic, tuned to keep ordinary exercise talk public: "3 sets of 10", "10 reps at 90
degrees", "since 12/03/2024" and "2019-2024" are not details. What counts (each one a
``Finding`` with the span, so a moderator can be offered the text with it cut out):

- phone numbers: UK (07700 900123, 020 7946 0958, +44 (0)7700 900123) and international
  (+33 1 23 45 67 89, 0049 30 123456), and US-style (555) 123-4567 / 555-123-4567;
- email addresses written in the text;
- dates of birth: a date or year next to "born", "DOB" or "date of birth" (a date alone is not);
- NHS numbers (ten digits, 3-3-4, that pass the NHS check digit), National Insurance numbers,
  and "policy / membership / patient / hospital / insurance number" followed by a code;
- the phrases in ``COMMENTS_HEALTH_PHRASES`` ("my MRI", "I was diagnosed with", "my surgeon", …),
  as whole words, any case, curly or straight apostrophes.

What it misses is listed in the README ("Safe comments about health").
"""

import re
from dataclasses import dataclass

from comments.conf import setting

PHONE_CANDIDATE = re.compile(r"(?<![\w+/])(?:\+|00)?\(?\d[\d\s().\-]{6,20}\d(?![\w/])")
US_PHONE = re.compile(r"(?<![\w/])(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w/])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"  # 12/03/1980
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"  # 3rd March 1980
    r"|[A-Za-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"  # March 3, 1980
    r"|(?:19|20)\d{2})"  # 1980
)
BIRTH = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?|birthday(?:\s+is)?)\s*[:\-]?\s*{DATE}",
    re.IGNORECASE,
)
BIRTH_WORDS = re.compile(r"\b(?:d\.o\.b\.?|dob|date\s+of\s+birth)\b", re.IGNORECASE)
NHS_NUMBER = re.compile(r"(?<![\w/])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\w/])")
NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
ACCOUNT_NUMBER = re.compile(
    r"\b(?:policy|membership|member|patient|hospital|insurance|nhs|claim|reference)\s+(?:no\.?|number|num|#)"
    r"\s*(?:is\s*)?[:\-]?\s*[A-Z0-9][A-Z0-9\s\-/]{3,20}\d",
    re.IGNORECASE,
)

KIND_LABELS = {
    "phone": "a phone number",
    "email": "an email address",
    "birth": "a date of birth",
    "nhs": "an NHS number",
    "ni": "a National Insurance number",
    "account": "an insurance or patient number",
    "phrase": "personal medical details",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self):
        if self.kind == "phrase":
            return f"personal medical details (“{self.text.lower()}”)"
        return KIND_LABELS[self.kind]


def _digits(text):
    return sum(char.isdigit() for char in text)


def _is_phone(candidate):
    digits = _digits(candidate)
    stripped = candidate.lstrip("(")
    if stripped.startswith("+"):
        return 8 <= digits <= 15
    if stripped.startswith("00"):
        return 10 <= digits <= 15
    if stripped.startswith("0"):
        return digits in (10, 11)
    return False


def nhs_number_valid(digits):
    """The NHS number's modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _phrase_pattern(phrases):
    words = []
    for phrase in phrases:
        phrase = phrase.strip().lower().replace("’", "'")
        if phrase:
            parts = [re.escape(part).replace("'", "['’]") for part in phrase.split()]
            words.append(r"\s+".join(parts))
    if not words:
        return None
    words.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def find_personal_details(text, *, phrases=None):
    """Every personal detail found in ``text``, in order; overlapping finds are kept once."""
    text = text or ""
    phrases = setting("COMMENTS_HEALTH_PHRASES") if phrases is None else phrases
    found = []
    for match in EMAIL.finditer(text):
        found.append(Finding("email", match.start(), match.end(), match.group()))
    for match in BIRTH.finditer(text):
        found.append(Finding("birth", match.start(), match.end(), match.group()))
    for match in BIRTH_WORDS.finditer(text):
        found.append(Finding("birth", match.start(), match.end(), match.group()))
    for match in NI_NUMBER.finditer(text):
        found.append(Finding("ni", match.start(), match.end(), match.group()))
    for match in ACCOUNT_NUMBER.finditer(text):
        kind = "nhs" if match.group().lower().startswith("nhs") else "account"
        found.append(Finding(kind, match.start(), match.end(), match.group()))
    for match in NHS_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if nhs_number_valid(digits) and not digits.startswith("0"):
            found.append(Finding("nhs", match.start(), match.end(), match.group()))
    for match in PHONE_CANDIDATE.finditer(text):
        candidate = match.group().rstrip(" .-(")
        if _is_phone(candidate):
            found.append(Finding("phone", match.start(), match.start() + len(candidate), candidate))
    for match in US_PHONE.finditer(text):
        found.append(Finding("phone", match.start(), match.end(), match.group()))
    pattern = _phrase_pattern(phrases)
    if pattern is not None:
        for match in pattern.finditer(text):
            found.append(Finding("phrase", match.start(), match.end(), match.group()))
    found.sort(key=lambda finding: (finding.start, -(finding.end - finding.start)))
    kept, reach = [], -1
    for finding in found:
        if finding.start >= reach:
            kept.append(finding)
            reach = finding.end
    return kept


def describe(findings):
    """ "a phone number and personal medical details (“my surgeon”)" for the queue's reason."""
    labels = []
    for finding in findings:
        if finding.label not in labels:
            labels.append(finding.label)
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def without_details(text, findings, placeholder="[removed]"):
    """``text`` with each finding cut out, for the moderator to start editing from."""
    parts, position = [], 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(placeholder if finding.kind != "phrase" else finding.text)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
