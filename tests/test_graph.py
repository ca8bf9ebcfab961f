"""One diagram model (graph.diagram), two renderers: the web map and the printed chart."""
import html
import re

import pytest

from routemap.graph import diagram, to_dot
from routemap.printing.registry import PRINTABLES
from routemap.printing.strings import section_text
from routemap.web import create_app
from routemap.web.state import state


class Plain:
    @staticmethod
    def text(value):
        return str(value)


@pytest.fixture(scope="module")
def real_app():
    return create_app({"TESTING": True, "PAGE_CACHE_MB": 0, "RATELIMIT_ENABLED": False})


def svg_words(svg: str) -> str:
    """The text of an SVG, its lines joined by single spaces."""
    lines = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return " ".join(" ".join(lines).split())


def test_every_arrow_of_every_flow_is_in_words(real_content):
    for flow in real_content.flows.values():
        words = {str(o.label) for n in flow.nodes.values() for o in getattr(n, "options", ())}
        words |= {str(r.label) for n in flow.nodes.values() for r in getattr(n, "rules", ()) if r.label}
        for arrow in diagram(flow, Plain, "otherwise").arrows:
            assert set(arrow.labels) <= words | {"otherwise"}, (flow.id, arrow)


def test_ways_to_one_target_share_an_arrow_and_say_each_thing_once(real_content):
    drawing = diagram(real_content.flows["cps-suspect-victim"], Plain, "otherwise")
    arrows = {(a.source, a.target): a.labels for a in drawing.arrows}
    # stage-4 has three rules to prosecute-no-s45: two of them say "In Schedule 4"
    assert arrows["stage-4", "prosecute-no-s45"] == ("Acts before 31 July 2015", "In Schedule 4")
    assert len(drawing.arrows) == len(arrows)


def test_a_fallback_without_a_label_says_otherwise_and_a_lone_way_on_says_nothing(example_flow):
    arrows = {(a.source, a.target): a.labels for a in diagram(example_flow, Plain, "OTHERWISE").arrows}
    assert arrows["signs", "advice"] == ("OTHERWISE",)
    assert arrows["age", "signs"] == ()  # a plain next:


def test_the_web_map_dot_joins_the_ways_of_one_arrow(real_content):
    dot = to_dot(diagram(real_content.flows["cps-suspect-victim"], Plain, "otherwise"), or_="OR")
    assert '"stage-4" -> "prosecute-no-s45" [label="Acts before 31 July 2015\\nOR\\nIn Schedule 4"]' in dot


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("flow_id", ["possible-victim", "suspected-perpetrator", "cps-suspect-victim"])
def test_the_web_map_shows_the_rules_in_words(real_app, flow_id, lang):
    page = real_app.test_client().get(f"/{lang}/guide/{flow_id}/map")
    assert page.status_code == 200
    text = svg_words(page.get_data(as_text=True))
    flow = state(real_app).content.flows[flow_id]
    t = state(real_app).translators[lang]
    for node in flow.nodes.values():
        for rule in getattr(node, "rules", ()):
            if rule.label:
                assert " ".join(t.text(rule.label).split()) in text, (node.id, rule.label)
            for cond in rule.conditions:  # never the raw rule, e.g. "role any public"
                assert f"{cond.node} {cond.test}" not in text


def test_the_chart_and_the_web_map_use_the_same_words(real_app):
    """For the charted flow in Welsh, every arrow word of the model is on the page and
    on the printed chart: the two renderers draw one model."""
    st = state(real_app)
    flow_id = str(st.content.print_text["chart_flow"])
    t = st.translators["cy"]
    page = svg_words(real_app.test_client().get(f"/cy/guide/{flow_id}/map").get_data(as_text=True))
    chart = svg_words(PRINTABLES["route-map"].extras(st.prints, t, section_text(st.content.print_text, "chart"))["svg"])
    drawing = diagram(st.content.flows[flow_id], t, "")
    labels = {label for arrow in drawing.arrows for label in arrow.labels if label}
    assert "Dan 18 oed, neu ddim yn siŵr" in labels
    for label in labels:
        assert " ".join(label.split()) in page, label
        assert " ".join(label.split()) in chart, label
