"""Every string of the templates the main pages render is Vietnamese in the ``vi`` locale
(CKAN core, ckanext-harvest, ckanext-scheming and the suite's own templates)."""
from __future__ import annotations

from tests.ui import page_strings


def test_the_main_pages_follow_their_templates_through_every_extension():
    names = {str(path) for path in page_strings.rendered_templates()}
    for part in ("ckanext/huedata/templates/home/index.html", "ckanext/scheming/templates/scheming/package/read.html",
                 "ckanext/huedata/templates/source/new_source_form.html",
                 "ckanext/harvest/templates/source/read.html", "ckan/templates/package/search.html",
                 "ckan/templates/header.html"):
        assert any(name.endswith(part) for name in names), part


def test_every_string_of_the_main_pages_has_a_vietnamese_translation():
    total, translated, missing = page_strings.coverage()
    assert total > 300
    assert not missing, (f"{len(missing)} of {total} strings lack a Vietnamese translation "
                         f"({100 * translated / total:.1f} % covered): {sorted(missing)[:30]}")


def test_no_vietnamese_string_of_the_main_pages_names_ckan():
    found = page_strings.messages(page_strings.rendered_templates())
    translated = page_strings.vietnamese()
    replaced = {"CKAN Association"}  # only in core's footer_content, which huedata's footer.html replaces
    # the API guide names the software whose Action API developers call: a fact, not a placeholder
    replaced.add('The catalogue (datasets, agencies, resources) is read through the CKAN Action API. '
                 'Answers are JSON with a "success" flag and a "result".')
    naming = sorted(m for m in found if m in translated and "CKAN" in translated[m][0] and m not in replaced)
    assert not naming, f"placeholder text naming CKAN on the portal's pages: {naming}"


def test_every_string_of_the_page_scripts_has_a_vietnamese_translation():
    """The JavaScript modules' strings (slug preview, upload, autocomplete, table preview …) come
    from /api/i18n/vi, built from the same catalogues."""
    total, translated, missing = page_strings.coverage(page_strings.script_messages())
    assert total > 40
    assert not missing, (f"{len(missing)} of {total} script strings lack a Vietnamese translation "
                         f"({100 * translated / total:.1f} % covered): {sorted(missing)}")


def test_every_string_the_code_puts_on_a_page_has_a_vietnamese_translation():
    """Flash messages, form and API errors from CKAN core's views, validators and actions and from
    the shipped plugins (harvest, scheming, DataStore, views)."""
    total, translated, missing = page_strings.coverage(page_strings.code_messages())
    assert total > 250
    assert not missing, (f"{len(missing)} of {total} strings lack a Vietnamese translation "
                         f"({100 * translated / total:.1f} % covered): {sorted(missing)[:30]}")
