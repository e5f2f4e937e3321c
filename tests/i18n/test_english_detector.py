"""The detector the French walk relies on finds English and only English."""

from tests.i18n.english import english_left, readable_text


def test_it_finds_an_english_label_heading_and_attribute():
    html = """<html lang="fr"><body><h1>Search the handbook</h1>
    <button aria-label="Close the menu">x</button><input type="submit" value="Save">
    <p>Rechercher dans le manuel</p></body></html>"""
    assert english_left(html) == ["Close the menu", "Save", "Search the handbook"]


def test_content_marked_in_another_language_is_left_alone():
    html = """<main><div lang="en"><p>The public prosecutor <b>authorises</b> it.</p><br>
    <img alt="Photo of the unit"></div><p lang="fr">Le ministère public l'autorise.</p>
    <p>Dernière mise à jour</p></main>"""
    assert english_left(html) == []
    assert "Dernière mise à jour" in readable_text(html)


def test_french_words_that_look_english_are_not_english():
    html = "<p>Contact : page 2, note sur la question du transit (instrument)</p>"
    assert english_left(html) == []


def test_scripts_and_allowed_names_are_left_alone():
    html = "<script>var the = 1;</script><p>Federal Prosecutor of the Land</p>"
    assert english_left(html, frozenset({"Federal Prosecutor of the Land"})) == []


def test_state_codes_are_not_english_words():
    assert english_left("<td>AT, BE, IT, IS</td><td>IT and IS</td>") == ["IT and IS"]


def test_addresses_links_and_placeholders_are_not_words():
    html = "<p>desk247.be@example.org · https://example.org/the-page · %(who)s</p>"
    assert english_left(html) == []


def test_the_portal_words_inside_content_are_read_again():
    html = (
        '<td lang="en" title="By court order">By court order <b lang="fr">Sous condition</b></td>'
    )
    assert english_left(html) == []
    html = '<td lang="en">By court order <b lang="fr">Only with an order</b></td>'
    assert english_left(html) == ["Only with an order"]
