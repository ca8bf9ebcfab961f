"""The guide's pages through the Flask test client, on the example content."""
import re
from pathlib import Path

import pytest

ADULT_REFER = "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"


def test_language_chooser_offers_welsh_first(client):
    page = client.get("/").get_data(as_text=True)
    assert page.index('href="/cy/"') < page.index('href="/en/"')
    assert 'lang="cy"' in page


@pytest.mark.parametrize("url, fragment", [
    ("/en/", "Worried about someone?"),
    ("/en/guide/", "Worried about someone?"),
    ("/en/guide/example/", "Start now"),
    ("/en/guide/example/danger", "Is anyone in immediate danger?"),
    ("/en/guide/example/signs?danger=no&age=adult", 'type="checkbox"'),
    ("/en/guide/example/explain?danger=no&age=adult&signs=debt", "Signs suggest; they never prove"),
    (f"/en/guide/example/refer?{ADULT_REFER}", "Refer to the NRM"),
    ("/en/guide/example/map", "<svg"),
])
def test_every_page_type_renders(client, url, fragment):
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert fragment in page
    assert "call 999" in page  # the emergency banner is on every page
    assert "Set-Cookie" not in response.headers


def test_question_page_is_a_get_form_with_earlier_answers_hidden(client):
    page = client.get("/en/guide/example/signs?danger=no&age=adult").get_data(as_text=True)
    assert 'method="get" action="/en/guide/example/signs/answer"' in page
    assert '<input type="hidden" name="danger" value="no">' in page
    assert '<input type="hidden" name="age" value="adult">' in page
    assert '<legend class="fieldset-legend"><h1' in page


def test_answering_redirects_to_the_next_node(client):
    response = client.get("/en/guide/example/danger/answer?danger=no")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/guide/example/age?danger=no"


def test_no_answer_shows_the_error_summary(client):
    response = client.get("/en/guide/example/age/answer?danger=no")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "Select an answer" in page
    assert "<title>Error:" in page


def test_exclusive_with_others_is_an_error(client):
    response = client.get("/en/guide/example/signs/answer?danger=no&age=adult&signs=none&signs=debt")
    assert response.status_code == 400
    assert "on its own" in response.get_data(as_text=True)


def test_outcome_shows_steps_contacts_sources_review_date_and_verification(client):
    page = client.get(f"/en/guide/example/refer?{ADULT_REFER}").get_data(as_text=True)
    for text in ("What to do", "Make a referral.", "Who to contact", "0800 808 3733", 'href="tel:08008083733"',
                 "What happens next", "Before you act", "What to record", "Sources",
                 "Last reviewed: 29 November 2026", "Awaiting confirmation", "Wording awaiting review."):
        assert text in page, text


def test_outcome_leads_with_what_to_do_now_and_opens_the_rest_in_sections(client):
    """Issue 16: the things to do now, with the number as a tel: link, come before the
    summary and the steps; the rest is in <details> (works without JavaScript); the
    record and print come after it all."""
    page = client.get(f"/en/guide/example/refer?{ADULT_REFER}").get_data(as_text=True)
    do_now = page.index("Do this now")
    assert page.index("<h1") < do_now < page.index('href="tel:08008083733"') < page.index("What to do</h2>")
    for heading in ("Who to contact", "Before you act", "What happens next", "What to record", "Sources"):
        assert re.search(rf"<details[^>]*>\s*<summary><h2[^>]*>{heading}</h2>", page), heading
    assert page.index("Sources</h2>") < page.index("Download a record (PDF)")
    # The awaiting-confirmation notice is one line, with its detail behind it.
    assert re.search(r'<div class="awaiting-confirmation" role="note">\s*<details><summary><strong>Awaiting confirmation:', page)


def test_no_awaiting_confirmation_notice_where_every_fact_is_confirmed(client):
    page = client.get("/en/guide/example/call-999?danger=yes").get_data(as_text=True)
    assert "Do this now" in page and "Awaiting confirmation" not in page


def test_the_start_page_of_a_flow_with_entry_points_asks_the_first_question_by_links(real_app):
    """One page fewer on every route: the role is answered on the start page, and a role
    link goes straight to the next question."""
    client = real_app.test_client()
    page = client.get("/en/guide/possible-victim/").get_data(as_text=True)
    assert "Where do you work?" in page and "Start now" not in page
    link = re.search(r'href="(/en/guide/possible-victim/role/answer\?role=health)"', page).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/guide/possible-victim/danger?role=health")


def test_after_999_the_guide_offers_to_carry_on_with_the_answers_kept(real_app):
    client = real_app.test_client()
    page = client.get("/en/guide/possible-victim/call-999?role=port-operator&danger=not-sure").get_data(as_text=True)
    assert 'href="tel:999"' in page
    link = re.search(r'<p class="carry-on"><a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert link == "/en/guide/possible-victim/danger/answer?role=port-operator&danger=called-999"
    response = client.get(link)
    assert response.headers["Location"].endswith("/en/guide/possible-victim/age?role=port-operator&danger=called-999")
    # Outcomes that are not reached from the danger question offer nothing of the kind.
    page = client.get("/en/guide/possible-victim/public-report?role=public&danger=no").get_data(as_text=True)
    assert "carry-on" not in page


def test_the_header_has_one_language_link_for_small_screens(client):
    page = client.get("/cy/guide/example/danger").get_data(as_text=True)
    assert '<a class="language-link" href="/">' in page
    assert "call 999" in client.get("/en/guide/example/danger").get_data(as_text=True)


def test_your_answers_change_links_keep_every_answer(client):
    page = client.get(f"/en/guide/example/refer?{ADULT_REFER}").get_data(as_text=True)
    assert "Your answers" in page
    change = re.search(r'href="(/en/guide/example/age\?[^"]+)">Change', page).group(1).replace("&amp;", "&")
    assert change == f"/en/guide/example/age?{ADULT_REFER}"
    changed_page = client.get(change).get_data(as_text=True)
    assert 'value="adult" checked' in changed_page


def test_changing_an_answer_keeps_the_rest_where_the_route_allows(client):
    # Change age from adult to under 18: the signs answer is kept and the route re-walked.
    response = client.get(f"/en/guide/example/age/answer?{ADULT_REFER.replace('age=adult', 'age=under-18')}")
    assert response.headers["Location"] == "/en/guide/example/child?danger=no&age=under-18&signs=no-id&signs=debt"


def test_a_node_off_the_route_redirects_to_where_the_answers_lead(client):
    response = client.get("/en/guide/example/refer?danger=no")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/guide/example/age?danger=no"


def test_back_link_goes_to_the_previous_step(client):
    page = client.get("/en/guide/example/signs?danger=no&age=adult").get_data(as_text=True)
    assert 'class="back-link" href="/en/guide/example/age?danger=no&amp;age=adult"' in page


def test_start_again_link(client):
    page = client.get("/en/guide/example/age?danger=no").get_data(as_text=True)
    assert '<a href="/en/guide/example/">Start again</a>' in page


@pytest.mark.parametrize("url, status", [
    ("/xx/", 404), ("/../etc/passwd", 404), ("/en/guide/nope/", 404), ("/en/guide/example/nope", 404),
    ("/en/guide/example/call-999/answer", 404), ("/en/nowhere", 404),
    ("/en/guide/example/danger?" + "a=" + "x" * 5000, 400),
])
def test_unknown_pages_give_helpful_errors(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    # No traceback and no path of this machine (where the repository lives) in the page.
    assert "Traceback" not in page and str(Path(__file__).resolve().parents[1]) not in page
    assert "999" in page and ("start of the guide" in page)


def test_unknown_language_error_page_is_bilingual_welsh_first(client):
    page = client.get("/xx/").get_data(as_text=True)
    assert page.index("Heb ddod o hyd i&#39;r dudalen") < page.index("Page not found")
    assert page.index("Ewch i ddechrau'r canllaw") < page.index("Go to the start of the guide")
    assert '<span lang="cy">Heb ddod o hyd' in page


@pytest.mark.parametrize("query", [
    "danger=no&danger=yes", "danger=%ff%fe", "danger=no&age=" + "z" * 3000, "zzz=1&&&=&danger",
    "danger=no&age=adult&signs=debt&signs=debt",
])
def test_garbage_in_the_query_string_is_ignored_not_a_500(client, query):
    response = client.get(f"/en/guide/example/danger?{query}")
    assert response.status_code in (200, 302, 400)


def test_post_is_not_allowed(client):
    assert client.post("/en/guide/example/danger/answer").status_code == 405


def test_switching_language_keeps_the_place_and_answers(client):
    page = client.get("/en/guide/example/signs?danger=no&age=adult").get_data(as_text=True)
    assert 'href="/cy/guide/example/signs?danger=no&amp;age=adult" lang="cy"' in page


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_lang_and_dir_attributes(client, lang):
    page = client.get(f"/{lang}/guide/example/danger").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="ltr">' in page


def test_untranslated_content_is_marked_english_on_welsh_pages(client):
    page = client.get("/cy/guide/example/danger").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Is anyone in immediate danger?</span>' in page


def test_security_headers_and_no_cookies(client):
    response = client.get("/en/guide/example/danger")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/en/", base_url="https://localhost")
    assert "max-age" in secure.headers["Strict-Transport-Security"]


def test_query_strings_never_reach_the_access_log(client, caplog):
    caplog.set_level("INFO", logger="routemap.access")
    client.get("/en/guide/example/age?danger=no")
    assert "GET /en/guide/example/age 200" in caplog.text
    assert "danger" not in caplog.text


def test_markdown_in_content_renders_but_html_never_does(client):
    page = client.get("/en/guide/example/").get_data(as_text=True)
    assert "<strong>tests</strong>" in page


def test_outcome_offers_an_optional_area_and_shows_its_local_contacts(client):
    page = client.get(f"/en/guide/example/refer?{ADULT_REFER}").get_data(as_text=True)
    assert "Which area are you in? (optional)" in page and '<option value="cardiff">Cardiff</option>' in page
    local = client.get(f"/en/guide/example/refer?{ADULT_REFER}&area=cardiff").get_data(as_text=True)
    assert "South Wales Police" in local and "Cardiff and Vale University Health Board" in local
    assert "safeguarding contact on its website" in local
    welsh = client.get(f"/cy/guide/example/refer?{ADULT_REFER}&area=cardiff").get_data(as_text=True)
    assert "Heddlu De Cymru" in welsh and "<h3>Caerdydd</h3>" in welsh


def test_unknown_area_is_ignored(client):
    response = client.get(f"/en/guide/example/refer?{ADULT_REFER}&area=atlantis")
    assert response.status_code == 200 and "Local contacts" in response.get_data(as_text=True)


def test_role_entry_points_link_straight_past_the_role_question(real_app):
    client = real_app.test_client()
    page = client.get("/en/guide/possible-victim/").get_data(as_text=True)
    assert '<a href="/en/guide/possible-victim/role/answer?role=health">' in page
    response = client.get("/en/guide/possible-victim/role/answer?role=health")
    assert response.headers["Location"] == "/en/guide/possible-victim/danger?role=health"


def test_a_link_made_before_an_answer_was_renamed_still_works(real_app):
    """A council intranet link, printed before April 2026, says role=glaa. The answer is
    now the Fair Work Agency (formerly the GLAA), with glaa kept as its alias: the link
    reaches the same page, and the answers the page carries on use the new id."""
    client = real_app.test_client()
    response = client.get("/en/guide/possible-victim/role/answer?role=glaa")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/guide/possible-victim/danger?role=fair-work-agency"
    page = client.get("/en/guide/possible-victim/danger?role=glaa").get_data(as_text=True)
    assert 'name="role" value="fair-work-agency"' in page


def test_the_print_catalogue_is_linked_from_home_and_every_footer(client):
    home = client.get("/cy/").get_data(as_text=True)
    assert home.count('href="/cy/print/"') == 2  # on the page and in the footer
    assert 'href="/en/print/"' in client.get("/en/guide/example/danger").get_data(as_text=True)


def test_the_catalogue_preview_can_follow_the_chosen_language(client):
    page = client.get("/en/print/").get_data(as_text=True)
    assert 'data-preview-for="poster-language-1"' in page
    assert 'data-preview-cy="/cy/print/poster.png"' in page


def test_start_again_for_the_next_person_keeps_the_role(real_app):
    client = real_app.test_client()
    answers = "role=port-operator&danger=no&age=adult&signs=disclosed&exploitation=labour&consent=yes"
    page = client.get(f"/en/guide/possible-victim/adult-refer-through-first-responder-labour?{answers}").get_data(as_text=True)
    assert "each person needs their own referral or report" in page
    assert "Border Force officers" in page  # a port worker is told who is at the border
    link = re.search(r'href="([^"]+)">Start again for the next person', page).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.headers["Location"].endswith("/en/guide/possible-victim/danger?role=port-operator")


def test_jargon_is_explained_once_where_it_is_first_used(real_app):
    client = real_app.test_client()
    answers = "role=police&danger=no&age=adult&signs=disclosed&exploitation=sexual&consent=no&adult-at-risk=no"
    page = client.get(f"/en/guide/possible-victim/adult-duty-to-notify?{answers}").get_data(as_text=True)
    assert page.count("<dfn>Duty to Notify</dfn>") == 1
    assert page.index("<dfn>Duty to Notify</dfn>") < page.index("Who to contact")
    welsh = client.get(f"/cy/guide/possible-victim/adult-duty-to-notify?{answers}").get_data(as_text=True)
    assert "<dfn>y Ddyletswydd i Roi Gwybod (Duty to Notify)</dfn>" in welsh
    role = client.get("/en/guide/possible-victim/role").get_data(as_text=True)
    assert role.count("<dfn>First Responder</dfn>") == 1


def test_local_contacts_show_only_the_councils_confirmed_numbers(real_app):
    client = real_app.test_client()
    answers = "role=education&danger=no&age=under-18&signs=goes-missing&exploitation=criminal"
    page = client.get(f"/en/guide/possible-victim/child-not-first-responder?{answers}&area=denbighshire").get_data(as_text=True)
    assert 'href="tel:01824712200"' in page and "Children&#39;s services, out of hours" in page
    assert "<details class=\"section local-contacts\" id=\"local\" open>" in page
    # A council whose numbers were not confirmed keeps its website only.
    other = client.get(f"/en/guide/possible-victim/child-not-first-responder?{answers}&area=cardiff").get_data(as_text=True)
    assert "local-phones" not in other and "cardiff.gov.uk" in other


def test_a_confirmed_local_number_is_a_tel_link_and_the_card_links_to_the_services_page(real_app):
    """Issue 16: a number read on the council's own page is a tel: link on the outcome;
    the card links to the council's page for the service, not its home page; a council
    with nothing confirmed keeps its website only."""
    client = real_app.test_client()
    answers = "role=education&danger=no&age=under-18&signs=goes-missing&exploitation=criminal"
    url = f"/en/guide/possible-victim/child-not-first-responder?{answers}&area="
    vale = client.get(url + "vale-of-glamorgan").get_data(as_text=True)
    assert 'href="tel:01446725202"' in vale and 'href="tel:02920788570"' in vale
    assert ('href="https://www.valeofglamorgan.gov.uk/en/living/social_care/children_and_young_people/'
            'Child-Protection/Concerns-about-a-Child.aspx" rel="noreferrer">Children&#39;s services web page</a>') in vale
    assert 'href="https://www.valeofglamorgan.gov.uk"' not in vale
    assert ('href="https://www.south-wales.police.uk/en/advice/modern-slavery/" rel="noreferrer">'
            'Modern slavery web page</a>') in vale
    # Blaenau Gwent has an adults' page only: its website stays for the children's service.
    blaenau = client.get(url + "blaenau-gwent").get_data(as_text=True)
    assert 'rel="noreferrer">Adult safeguarding web page</a>' in blaenau
    assert 'href="https://www.blaenau-gwent.gov.uk" rel="noreferrer">www.blaenau-gwent.gov.uk</a>' in blaenau
    wrexham = client.get(url + "wrexham").get_data(as_text=True)
    assert "local-phones" not in wrexham and "local-pages" not in wrexham
    assert 'href="https://www.wrexham.gov.uk" rel="noreferrer">www.wrexham.gov.uk</a>' in wrexham
    welsh = client.get(f"/cy/guide/possible-victim/child-not-first-responder?{answers}&area=vale-of-glamorgan").get_data(as_text=True)
    assert 'href="tel:01446725202"' in welsh and "Gwasanaethau plant, y tu allan i oriau swyddfa" in welsh


def test_page_addresses_built_from_the_start_address_are_what_url_for_gives(app):
    """page_urls writes node and answer addresses from one url_for; they must stay the
    addresses the routes answer to, mounted under a prefix or not."""
    from flask import g, url_for
    from routemap.web.guide import page_urls

    for base in ("http://localhost", "http://localhost/routemap"):
        with app.test_request_context("/en/guide/example/danger", base_url=base):
            g.lang = "en"
            urls = page_urls("example")
            assert urls.start == url_for("guide.start", flow_id="example")
            assert urls.node("age", {"danger": ["no"]}) == url_for("guide.node", flow_id="example", node_id="age") + "?danger=no"
            assert urls.nodes(["danger"], {}) == {"danger": url_for("guide.node", flow_id="example", node_id="danger")}
            assert urls.answer("age") == url_for("guide.answer", flow_id="example", node_id="age")
