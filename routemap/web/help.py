""""Get help" for the public and victims, and talk cards for workers to show them.

Victim-facing: short, reassuring, no tracking (no third-party requests, no cookies),
and a quick-exit link that works as a plain link without JavaScript. Phone numbers
come from the contacts directory, never from templates or translations.
"""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template
from flask_babel import gettext
from markupsafe import Markup, escape

from ..i18n import N_
from .language import translators
from .state import state

bp = Blueprint("help", __name__, url_prefix="/<lang>/help")

# A neutral page that gives nothing away if someone looks at the screen or the history.
QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"


# Talk cards: one short sentence each, shown large, in the person's language with the
# worker's language alongside. The order is the order of a first conversation.
TALK_CARDS = (
    # Translators: talk card shown to a possible victim. Short and plain; one question.
    ("safe", N_("Are you safe?")),
    # Translators: talk card. "Doctor" in the sense of any medical help.
    ("doctor", N_("Do you need a doctor?")),
    # Translators: talk card. A professional interpreter, not a friend or relative.
    ("interpreter", N_("We can get an interpreter for you.")),
    # Translators: talk card. Help costs the person nothing.
    ("free", N_("Help is free.")),
    # Translators: talk card the person can point to as an answer.
    ("yes", N_("Yes")),
    # Translators: talk card the person can point to as an answer.
    ("no", N_("No")),
)


# Cards on the NRM page for the person to point at while the worker explains.
NRM_CARDS = (
    # Translators: card the person points to. Same word as the talk card "Yes".
    ("yes", N_("Yes")),
    # Translators: card the person points to. Same word as the talk card "No".
    ("no", N_("No")),
    # Translators: card the person points to when they have not understood what was said.
    ("not-understood", N_("I don't understand.")),
    # Translators: card the person points to: they want the conversation to stop now.
    ("stop", N_("I want to stop.")),
)

# Translators: on the talk-card page, beside the helpline number.
HELPLINE_NOTE = N_("Free helpline, open 24 hours. You can speak in your own language.")


def contact(contact_id: str):
    """A contact from flows/contacts.yaml, or None if the directory lacks it."""
    return state().content.contacts.get(contact_id)


def phone_link(number: str) -> Markup:
    """A phone number as a tel: link, isolated left-to-right so RTL text keeps its digit order."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return Markup('<a class="phone-link" href="tel:{0}" dir="ltr">{1}</a>').format(digits, escape(number))


@bp.get("/")
def index():
    return render_template("help/index.html", emergency=contact("emergency"), helpline=contact("helpline"),
                           text_relay=contact("emergency-text-relay"), phone_link=phone_link,
                           quick_exit_url=QUICK_EXIT_URL)


@bp.get("/nrm/")
def nrm():
    """The NRM explained to the person, in the page's language; the cards also in English,
    for the worker. Facts: flows/evidence.yaml (reasonable-grounds-timing, recovery-period,
    conclusive-grounds, informed-consent, verbal-withdrawal-2026)."""
    english = translators()["en"]
    cards = [{"id": card_id, "theirs": gettext(message), "english": english.gettext(message)}
             for card_id, message in NRM_CARDS]
    return render_template("help/nrm.html", cards=cards, english_too=(g.lang != "en"),
                           helpline=contact("helpline"), phone_link=phone_link,
                           quick_exit_url=QUICK_EXIT_URL)


@bp.get("/talk/")
def talk_languages():
    return render_template("help/talk_languages.html", quick_exit_url=QUICK_EXIT_URL)


@bp.get("/talk/<code>")
def talk_cards(code: str):
    languages = state().languages
    if code not in languages:
        abort(404)
    theirs = translators()[code]
    cards = []
    for card_id, message in TALK_CARDS:
        said = theirs.gettext(message)
        # Not translated yet: the English shows, and is marked as English.
        theirs_lang = "en" if theirs.gettext_falls_back(message) else code
        cards.append({"id": card_id, "theirs": said, "theirs_lang": theirs_lang, "ours": gettext(message)})
    helpline = contact("helpline")
    return render_template("help/talk_cards.html", them=languages[code], cards=cards,
                           helpline=helpline, phone_link=phone_link, quick_exit_url=QUICK_EXIT_URL,
                           same_language=(code == g.lang),
                           helpline_theirs=theirs.gettext(HELPLINE_NOTE),
                           helpline_ours=gettext(HELPLINE_NOTE))
