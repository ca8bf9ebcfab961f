"""The route-map chart: drawn from the flow, labelled in words, readable at A3."""
import pypdfium2 as pdfium
import pytest

from routemap.printing.chart import EDGE_WORDS, chart_dot, chart_flow, unmapped_conditions

NOTO_CAP_HEIGHT = 0.714  # of the em, Noto Sans


def test_every_routing_rule_of_the_real_flow_has_words(real_content, content):
    flow = chart_flow(real_content)
    assert flow.id == "possible-victim"
    assert unmapped_conditions(flow) == [], "add a phrase to EDGE_WORDS and posters.yaml"
    edges = content["text"]["chart"]["edges"]
    assert set(EDGE_WORDS.values()) <= set(edges)


def test_chart_has_every_node_and_no_ids_in_labels(real_content, content):
    flow = chart_flow(real_content)
    words = content["text"]["chart"]["edges"]
    dot = chart_dot(flow, str, words, "otherwise")
    for node in flow.nodes.values():
        assert f'"{node.id}" [label=' in dot
    labels = " ".join(line.split("label=", 1)[1] for line in dot.splitlines() if "->" in line)
    assert " any " not in labels and "home-office" not in labels


def test_fallback_words_are_the_translated_answer_labels(example_flow):
    dot = chart_dot(example_flow, lambda t: f"T({t})", {}, "otherwise")
    assert "T(Under 18) / T(Not sure)" in dot.replace("\\n", " ")


def cap_heights(pdf, phrase):
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[0].get_textpage()
    text = textpage.get_text_range()
    index = text.find(phrase)
    assert index >= 0, phrase
    left, bottom, right, top = textpage.get_charbox(index)  # the first, a capital
    return top - bottom


def test_chart_text_is_readable_at_a3(build, content):
    """Node text at least 9 pt and arrow labels at least 7.5 pt once the drawing is
    scaled to fit the sheet (measured from the capital letters' boxes)."""
    pdf = build("route-map", "en")
    node_pt = cap_heights(pdf, "Where do you work?") / NOTO_CAP_HEIGHT
    edge_pt = cap_heights(pdf, content["text"]["chart"]["edges"]["no_signs"]) / NOTO_CAP_HEIGHT
    print(f"chart text: nodes {node_pt:.1f} pt, arrows {edge_pt:.1f} pt")
    assert node_pt >= 9, node_pt
    assert edge_pt >= 7.5, edge_pt
