"""The route-map chart: drawn from the flow, labelled in words, readable at A3."""
import pypdfium2 as pdfium

from routemap.graph import diagram
from routemap.printing.chart import chart_dot, chart_flow

NOTO_CAP_HEIGHT = 0.714  # of the em, Noto Sans


class Plain:
    """A translator that leaves every string as it is (English)."""

    @staticmethod
    def text(value):
        return str(value)


def test_the_chart_draws_the_flow_posters_yaml_names(real_content, content):
    assert content["chart_flow"] == "possible-victim"
    assert chart_flow(real_content) is real_content.flows["possible-victim"]


def test_chart_has_every_node_and_no_ids_in_labels(real_content):
    flow = chart_flow(real_content)
    dot = chart_dot(diagram(flow, Plain, "otherwise"))
    for node in flow.nodes.values():
        assert f'"{node.id}" [label=' in dot
    labels = " ".join(line.split("label=", 1)[1] for line in dot.splitlines() if "->" in line)
    assert " any " not in labels and "home-office" not in labels


def test_arrows_to_one_target_are_merged_and_a_lone_way_on_needs_no_words(example_flow):
    dot = chart_dot(diagram(example_flow, Plain, "otherwise"), or_="OR").replace("\\n", " ")
    assert '"age" -> "signs" [label=""]' in dot  # a plain next: the only way on
    # signs: the rule "Some signs" goes to explain, and both a rule and `otherwise` to advice
    assert '"signs" -> "explain" [label="Some signs"]' in dot
    assert '"explain" -> "advice" [label="otherwise"]' in dot


def cap_heights(pdf, phrase):
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[0].get_textpage()
    text = textpage.get_text_range()
    index = text.find(phrase)
    assert index >= 0, phrase
    left, bottom, right, top = textpage.get_charbox(index)  # the first, a capital
    return top - bottom


def test_chart_text_is_readable_at_a3(build):
    """Node text at least 9 pt and arrow labels at least 7.5 pt once the drawing is
    scaled to fit the sheet (measured from the capital letters' boxes)."""
    pdf = build("route-map", "en")
    node_pt = cap_heights(pdf, "Where do you work?") / NOTO_CAP_HEIGHT
    edge_pt = cap_heights(pdf, "None of these signs") / NOTO_CAP_HEIGHT
    print(f"chart text: nodes {node_pt:.1f} pt, arrows {edge_pt:.1f} pt")
    assert node_pt >= 9, node_pt
    assert edge_pt >= 7.5, edge_pt
