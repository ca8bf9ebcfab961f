"""The terminology check (routemap/terminology.py): real catalogs, and small fixture catalogs
that prove it fails on a forbidden or missing rendering and handles Welsh mutations."""
from __future__ import annotations

from pathlib import Path

import pytest

from routemap import terminology
from routemap.terminology import TermsError, check_all, check_language, load_terms, welsh_forms

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
VICTIM_LANGUAGES = ("sq", "vi", "ti", "ar", "so", "ro", "pl", "fa")
KEY_TERMS = ("help", "free", "confidential", "police", "interpreter", "referral", "nrm", "text-relay")

HEADER = '''msgid ""
msgstr ""
"Language: {code}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

'''


def entry(msgid: str, msgstr: str, *, fuzzy: bool = False, where: str = "templates/base.html:33") -> str:
    flags = "#, fuzzy\n" if fuzzy else ""
    return f'#: {where}\n{flags}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'


def make(tmp_path: Path, code: str, terms: str, *entries: str) -> Path:
    folder = tmp_path / "translations"
    (folder / code / "LC_MESSAGES").mkdir(parents=True)
    (folder / code / "LC_MESSAGES" / "messages.po").write_text(HEADER.format(code=code) + "".join(entries), encoding="utf-8")
    (folder / code / "terms.yaml").write_text(terms, encoding="utf-8")
    return folder


WELSH_TERMS = r'''
mutations: welsh
rules:
  - id: interpreter
    english: ['\binterpreters?\b']
    required: [cyfieithydd ar y pryd]
    forbidden: [cyfieithydd]
    reason: Cyfieithydd alone is a written translator.
    source: GLOSSARY.md
'''

ARABIC_TERMS = r'''
match: substring
rules:
  - id: text-relay
    english: ['\brelay\b']
    required: [الوسيط]
    forbidden: [ترحيل]
    reason: الترحيل reads as deportation.
    source: issue 19
'''


# --- the real catalogs -------------------------------------------------------------------

def test_every_language_with_rules_passes_its_terminology_check():
    problems = check_all(TRANSLATIONS)
    assert problems == [], "\n" + "\n".join(p.format() for p in problems)


def test_welsh_and_every_victim_language_have_rules_for_the_key_terms():
    assert set(terminology.languages_with_terms(TRANSLATIONS)) == {"cy", *VICTIM_LANGUAGES}
    for code in VICTIM_LANGUAGES:
        rules = {r.id for r in load_terms(TRANSLATIONS / code / "terms.yaml", code).rules}
        assert set(KEY_TERMS) <= rules, f"{code} is missing rules for {set(KEY_TERMS) - rules}"


@pytest.mark.parametrize("code", ["cy", *VICTIM_LANGUAGES])
def test_every_rule_gives_its_reason_and_source_for_the_reviewer(code):
    for rule in load_terms(TRANSLATIONS / code / "terms.yaml", code).rules:
        assert len(rule.reason) > 20 and rule.source, f"{code}/{rule.id}"


def test_the_welsh_rules_carry_the_required_glossary_terms():
    rules = {r.id: r for r in load_terms(TRANSLATIONS / "cy" / "terms.yaml", "cy").rules}
    assert rules["interpreter"].required[0] == "cyfieithydd ar y pryd"
    assert rules["triable-either-way"].required == ("neillffordd",)
    assert rules["forced-or-compulsory-labour"].required == ("llafur dan orfod neu lafur gorfodol",)
    assert rules["nrm"].required == ("Mecanwaith Atgyfeirio Cenedlaethol",)
    assert rules["cps"].required == ("Gwasanaeth Erlyn y Goron",)


def test_the_forbidden_renderings_the_review_found_are_rules():
    arabic = {r.id: r for r in load_terms(TRANSLATIONS / "ar" / "terms.yaml", "ar").rules}
    polish = {r.id: r for r in load_terms(TRANSLATIONS / "pl" / "terms.yaml", "pl").rules}
    assert "ترحيل" in arabic["text-relay"].forbidden
    assert "zgłos" in polish["referral"].forbidden


# --- fixture catalogs: the check can fail --------------------------------------------------

def test_a_forbidden_rendering_fails_with_its_location_and_reason(tmp_path):
    folder = make(tmp_path, "ar", ARABIC_TERMS,
                  entry("Deaf or speech-impaired: text relay 18000.", "للصم: خدمة الترحيل النصي 18000."))
    problems = check_language(folder, "ar")
    assert {p.problem for p in problems} == {"missing required rendering: الوسيط", "forbidden rendering: ترحيل"}
    text = next(p for p in problems if p.problem.startswith("forbidden")).format()
    assert "messages.po:" in text and "templates/base.html:33" in text and "reads as deportation" in text


def test_the_fixed_arabic_passes(tmp_path):
    folder = make(tmp_path, "ar", ARABIC_TERMS,
                  entry("Deaf or speech-impaired: text relay 18000.", "للصم: خدمة الوسيط النصي 18000."))
    assert check_language(folder, "ar") == []


@pytest.mark.parametrize("welsh, ok", [
    ("Gallwn ni gael cyfieithydd ar y pryd i chi.", True),
    ("Defnyddiwch gyfieithydd ar y pryd proffesiynol.", True),     # soft mutation
    ("gyda chyfieithydd ar y pryd proffesiynol", True),             # aspirate mutation
    ("fy nghyfieithydd ar y pryd", True),                            # nasal mutation
    ("Defnyddiwch gyfieithydd proffesiynol.", False),               # written translator
    ("fy nghyfieithydd", False),
    ("Defnyddiwch gyfieithydd ar y pryd. Gall drefnu cyfieithydd.", False),  # the second is bare
])
def test_welsh_mutations_are_required_and_forbidden_alike(tmp_path, welsh, ok):
    folder = make(tmp_path, "cy", WELSH_TERMS, entry("Use a professional interpreter.", welsh))
    assert (check_language(folder, "cy") == []) is ok


def test_a_message_without_the_english_term_is_not_checked(tmp_path):
    folder = make(tmp_path, "cy", WELSH_TERMS,
                  entry("This translation is awaiting review by a qualified translator.",
                        "Mae'r cyfieithiad hwn yn aros i gael ei adolygu gan gyfieithydd cymwys."))
    assert check_language(folder, "cy") == []


def test_fuzzy_and_untranslated_messages_are_left_to_the_coverage_report(tmp_path):
    folder = make(tmp_path, "cy", WELSH_TERMS,
                  entry("Use a professional interpreter.", "Defnyddiwch gyfieithydd.", fuzzy=True),
                  entry("We can get an interpreter for you.", ""))
    assert check_language(folder, "cy") == []


def test_unless_ignores_english_kept_as_a_title(tmp_path):
    terms = r'''
rules:
  - id: modern-slavery
    english: ['\bmodern slavery\b']
    unless: ['"Modern Slavery and human trafficking[^"]*"']
    required: [caethwasiaeth fodern]
    reason: The Welsh Government's term.
    source: GLOSSARY.md
'''
    folder = make(tmp_path, "cy", terms,
                  entry('It follows the CPS guidance \\"Modern Slavery and human trafficking\\".',
                        'Mae\'n dilyn canllawiau\'r CPS \\"Modern Slavery and human trafficking\\".'),
                  entry("Spot the signs of modern slavery", "Sylwi ar arwyddion caethwasiaeth"))
    problems = check_language(folder, "cy")
    assert [p.msgid for p in problems] == ["Spot the signs of modern slavery"]


def test_prefix_matching_catches_polish_inflections(tmp_path):
    terms = r'''
rules:
  - id: referral
    english: ['\brefer(red|ral)?\b']
    required: [skier]
    forbidden: [zgłos, zgłosz]
    reason: Zgłosić is to report.
    source: issue 19
'''
    folder = make(tmp_path, "pl", terms,
                  entry("You will not be referred without your agreement.", "Nie zostaniesz zgłoszona bez twojej zgody."),
                  entry("Nobody will refer you.", "Nikt cię nie skieruje."))
    problems = check_language(folder, "pl")
    assert {p.problem for p in problems} == {"missing required rendering: skier", "forbidden rendering: zgłosz"}
    assert {p.msgid for p in problems} == {"You will not be referred without your agreement."}


def test_welsh_forms_mutate_the_first_letter_only():
    assert welsh_forms("cyfieithydd ar y pryd") == [
        "cyfieithydd ar y pryd", "gyfieithydd ar y pryd", "nghyfieithydd ar y pryd", "chyfieithydd ar y pryd"]
    assert "lafur dan orfod neu lafur gorfodol" in welsh_forms("llafur dan orfod neu lafur gorfodol")
    assert welsh_forms("oedolyn sy'n wynebu risg")[-1] == "hoedolyn sy'n wynebu risg"
    assert welsh_forms("ffôn") == ["ffôn"]


@pytest.mark.parametrize("terms, message", [
    ("rules:\n  - id: x\n    english: ['a']\n    required: [b]\n    source: s\n", "has no 'reason'"),
    ("rules:\n  - id: x\n    english: ['a']\n    reason: r\n    source: s\n", "needs 'required' or 'forbidden'"),
    ("rules:\n  - id: x\n    english: ['(']\n    required: [b]\n    reason: r\n    source: s\n", "bad English pattern"),
    ("match: fuzzy\nrules: []\n", "match must be one of"),
])
def test_a_broken_terms_file_names_the_file_the_rule_and_the_fix(tmp_path, terms, message):
    folder = make(tmp_path, "cy", terms)
    with pytest.raises(TermsError) as excinfo:
        check_language(folder, "cy")
    assert message in str(excinfo.value) and "terms.yaml" in str(excinfo.value)


# --- the real rules catch the errors the reviews found (issues 12 and 19) -----------------

FOUND_ERRORS = [
    ("ar", "Deaf or speech-impaired: text relay 18000.", "للصم أو من لديهم صعوبة في النطق: خدمة الترحيل النصي 18000.", "text-relay"),
    ("ar", "do not have their own passport or ID", "لا يحمل جواز سفره أو هويته الخاصة", "passport-access"),
    ("pl", "If you are 18 or over, you will not be referred to the National Referral Mechanism (the national support system) without your agreement.",
     "Jeśli masz 18 lat lub więcej, nie zostaniesz zgłoszony/zgłoszona do Krajowego Mechanizmu Kierowania (krajowego systemu wsparcia) bez twojej zgody.", "referral"),
    ("pl", "Is this happening to you?", "Czy to dzieje się tobie?", "no-calque"),
    ("vi", "If you are 18 or over, you will not be referred to the National Referral Mechanism (the national support system) without your agreement.",
     "Nếu bạn từ 18 tuổi trở lên, bạn sẽ không bị chuyển đến Cơ chế Chuyển giao Quốc gia (hệ thống hỗ trợ quốc gia) nếu bạn không đồng ý.", "nrm"),
    ("ti", "If you are 18 or over, you will not be referred to the National Referral Mechanism (the national support system) without your agreement.",
     "ዕድሜኹም 18 ወይ ልዕሊኡ እንተኾይኑ፡ ብዘይ ፍቓድኩም ናብ ሃገራዊ መሓውሲ ስርዓት (National Referral Mechanism) ኣይክትሕለፉን ኢኹም።", "nrm-gloss"),
    ("ti", "If you may be under 18, you will be treated as a child. Keeping you safe comes first.",
     "ዕድሜኹም ትሕቲ 18 ክኸውን ይኽእል እንተኾይኑ፡ ከም ቆልዓ ክትሕዙ ኢኹም። ድሕንነትኩም ቀዳምነት ኣለዎ።", "treated-as-a-child"),
    ("ti", "are not free to come and go on their own", "ብነጻ በይኑ ክኸይድን ክመጽእን እንተዘይክኢሉ", "spelling-free"),
    ("cy", "The CPS guidance notes the offences are triable either way.",
     "Mae canllawiau'r CPS yn nodi bod modd rhoi cynnig ar y troseddau y naill ffordd neu'r llall.", "triable-either-way"),
    ("cy", "Slavery, servitude and forced or compulsory labour (section 1)",
     "Caethwasiaeth, caethwasanaeth a llafur gorfodol (adran 1)", "forced-or-compulsory-labour"),
    ("cy", "Use a professional interpreter, never a companion or relative.",
     "Defnyddiwch gyfieithydd proffesiynol, byth gydymaith neu berthynas.", "interpreter"),
    ("cy", "Use a professional interpreter, never a companion or relative.",
     "Defnyddiwch gyfieithydd proffesiynol, byth gydymaith neu berthynas.", "nor-after-negative"),
    ("cy", "Who you told, and when.", "Pwy ddywedoch chi wrthyn nhw, a phryd.", "who-you-told"),
    ("cy", "You are not in trouble for asking for help.", "Dydych chi ddim mewn trwbl am ofyn am help.", "no-slang"),
]


@pytest.mark.parametrize("code, msgid, msgstr, rule", FOUND_ERRORS)
def test_the_real_rules_fail_on_the_errors_the_reviews_found(tmp_path, code, msgid, msgstr, rule):
    terms = (TRANSLATIONS / code / "terms.yaml").read_text(encoding="utf-8")
    folder = make(tmp_path, code, terms, entry(msgid, msgstr))
    assert rule in {p.rule for p in check_language(folder, code)}
