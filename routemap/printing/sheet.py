"""The ordinary sheet: posters, leaflets, the route-map chart, the NRM explainer. No Flask.

The builder every registry entry has unless it names its own: the entry's posters.yaml
words in each language (one, or a pair with Welsh first), its QR code, and whatever
more its `extras` gives each side (the chart's SVG, the NRM page's text), rendered by
Printer.pdf into the shared cache.
"""
from __future__ import annotations

from .artefacts import PrintOptions, Side
from .strings import section_text


def build(service, request) -> bytes:
    """PDF bytes of the sheet `request.artefact` (registry.Artefact.build)."""
    entry = request.artefact
    options = PrintOptions(entry.name, request.langs, request.size, request.marks,
                           request.layout).checked(entry, service.languages)
    sides = []
    for code in options.langs:
        translator, language = service.translators[code], service.languages[code]
        extras = (entry.extras(service, translator, section_text(service.printer.print_text, entry.text))
                  if entry.extras else {})
        sides.append(Side(code, service.strings(entry, code),
                          service.qr_url(entry.name, code, request.base_url),
                          draft=not language.reviewed, dir=language.direction, extras=extras))
    return service.printer.pdf(options, sides)
