"""TEST-ONLY placeholder translations. NOT reviewed translations: never ship these.

They exist so the tests can exercise scripts and directions (Welsh diacritics, Arabic
right-to-left, Tigrinya Ethiopic, Vietnamese stacked diacritics) before the real
translations arrive through gettext. Each string is a sample phrase in that script,
stretched to about the English length so layouts are tested with realistic lengths,
and prefixed with a marker the tests can search for.
"""
from babel.support import NullTranslations

from routemap.translator import Translator

SAMPLES = {
    # Welsh: sample words with ŵ ŷ â to check the glyphs; not a translation.
    "cy": ("PROFCY", "Mae'r testun prawf hwn yn dŵr ŷd â chymorth ar gael am ddim"),
    "ar": ("اختبار", "هذا نص تجريبي باللغة العربية للمساعدة المجانية والسرية"),
    "ti": ("ፈተና", "እዚ ናይ ፈተና ጽሑፍ ብትግርኛ እዩ ሓገዝ ብናጻ ይርከብ"),
    "vi": ("THỬNGHIỆM", "Đây là văn bản thử nghiệm tiếng Việt được hỗ trợ miễn phí"),
}


def placeholder_translate(lang):
    marker, sample = SAMPLES[lang]

    def translate(english):
        words = sample.split()
        out = [marker]
        while len(" ".join(out)) < len(english):
            out.append(words[len(out) % len(words)])
        return " ".join(out)
    return translate


class PlaceholderCatalog:
    """A gettext catalog that answers every string with placeholder_translate."""

    def __init__(self, lang):
        self.translate = placeholder_translate(lang)

    def gettext(self, text):
        return self.translate(text)

    def pgettext(self, context, text):
        return self.translate(text)

    ugettext = gettext

    def ungettext(self, singular, plural, num):
        return self.translate(singular if num == 1 else plural)


def translator(lang):
    """English as it is, or the placeholder language, as a Translator."""
    if lang == "en":
        return Translator("en", NullTranslations())
    return Translator(lang, PlaceholderCatalog(lang))
