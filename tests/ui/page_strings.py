"""The strings of the templates the main pages render, and their Vietnamese translations.

The templates are found from each main page's template by following ``extends``, ``ckan_extends``,
``include``, ``import`` and ``snippet`` through the template path of the shipped plugin order, the
way CKAN resolves them; their messages are extracted with CKAN's own extractor. A message is
translated when a catalogue the portal loads for ``vi`` (CKAN core, then each plugin's) gives it a
non-empty, non-fuzzy string.
"""
from __future__ import annotations

import configparser
import io
import re
from importlib import import_module
from pathlib import Path

from babel.messages.pofile import read_po

import ckan
from ckan.lib.extract import extract_ckan

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "ungettext": (1, 2)}

# The main pages citizens, clerks and administrators reach, by their first template.
MAIN_PAGES = (
    "home/index.html", "home/about.html", "package/search.html", "scheming/package/read.html",
    "package/resource_read.html", "scheming/package/snippets/package_form.html", "package/new.html",
    "package/edit.html", "package/new_resource.html", "organization/index.html", "organization/read.html",
    "user/login.html", "user/read.html", "user/dashboard.html", "admin/index.html", "source/new.html",
    "source/search.html", "source/read.html", "source/new_source_form.html", "source/admin.html",
    "source/edit.html", "source/job/list.html", "source/job/read.html", "error_document_template.html",
)
REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|snippet|from)\s+['"]([^'"]+)['"]""")
CKAN_EXTENDS = re.compile(r"{%-?\s*ckan_extends")


def _plugins() -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(ROOT / "config" / "ckan.ini")
    return parser["app:main"]["ckan.plugins"].split()


def _plugin_modules() -> list[Path]:
    """The package folder of each shipped plugin, in plugin order (first listed wins)."""
    from importlib.metadata import entry_points

    points = {ep.name: ep for ep in entry_points(group="ckan.plugins")}
    folders: list[Path] = []
    for name in _plugins():
        if name in points:
            module = import_module(points[name].module)
            folder = Path(module.__file__).parent
            if folder not in folders:
                folders.append(folder)
    return folders


def template_path() -> list[Path]:
    dirs = []
    for folder in _plugin_modules():
        for candidate in (folder / "templates", folder.parent / "templates"):
            if candidate.is_dir() and candidate not in dirs:
                dirs.append(candidate)
    dirs.append(Path(ckan.__file__).parent / "templates")
    return dirs


# a template named in Python code: passed to render()/snippet() or kept in a variable first
# (core's user views: edit_user_form = 'user/edit_user_form.html')
RENDERED_BY_CODE = re.compile(r"""u?['"]([\w/.{}-]+\.html)['"]""")


def code_rendered_templates() -> set[str]:
    """The templates that Python code names: every page of core's views and of the shipped plugins,
    and the snippets helpers render (the follow button, the harvest source's empty list), which no
    template names."""
    core = Path(ckan.__file__).parent
    sources = [*sorted((core / "views").glob("*.py")), core / "lib" / "helpers.py"]
    for folder in _plugin_modules():
        sources.extend(path for path in sorted(folder.rglob("*.py")) if "tests" not in path.parts)
    names: set[str] = set()
    for source in sources:
        names.update(RENDERED_BY_CODE.findall(source.read_text(encoding="utf-8", errors="replace")))
    return names


def rendered_templates(roots: tuple[str, ...] | None = None) -> list[Path]:
    """Every template file the given pages (default: the main pages and every template code renders)
    may render, following references through the path."""
    path = template_path()
    seen: set[Path] = set()
    names = roots if roots is not None else (*MAIN_PAGES, *sorted(code_rendered_templates()))
    queue: list[tuple[str, int]] = [(name, 0) for name in names]
    while queue:
        name, start = queue.pop()
        if "{}" in name:  # "snippets/activities/{}.html".format(activity type): every such template
            pattern = name.replace("{}", "*")
            queue.extend((found.relative_to(folder).as_posix(), 0) for folder in path for found in folder.glob(pattern))
            continue
        for index in range(start, len(path)):
            candidate = path[index] / name
            if candidate.is_file():
                if candidate in seen:
                    break
                seen.add(candidate)
                text = candidate.read_text(encoding="utf-8")
                if CKAN_EXTENDS.search(text):
                    queue.append((name, index + 1))
                queue.extend((ref, 0) for ref in REFERENCE.findall(text) if ref.endswith(".html"))
                break
    return sorted(seen)


PLURALS: set[str] = set()


def _record(found: dict[str, list[str]], message: str | tuple, where: Path) -> None:
    """One extracted message into ``found`` (a plural by its singular, also kept in PLURALS)."""
    msgid = message[0] if isinstance(message, tuple) else message
    if isinstance(message, tuple) and len(message) > 1 and message[1]:
        PLURALS.add(msgid)
    if msgid:
        found.setdefault(msgid, []).append(str(where))


def messages(templates: list[Path]) -> dict[str, list[str]]:
    """msgid -> the templates using it (plural forms by their singular, also kept in PLURALS)."""
    found: dict[str, list[str]] = {}
    for template in templates:
        with template.open("rb") as handle:
            for _lineno, _func, message, _comments in extract_ckan(handle, list(KEYWORDS), [], options={}):
                _record(found, message, template)
    return found


def vietnamese() -> dict[str, tuple[str, ...]]:
    """Every msgid the portal translates to Vietnamese, with its forms: core first, then the plugins
    (last wins, as CKAN loads the plugins' catalogues in reverse plugin order after core's)."""
    catalogues = [Path(ckan.__file__).parent / "i18n" / "vi" / "LC_MESSAGES" / "ckan.po"]
    for folder in reversed(_plugin_modules()):
        for base in (folder, folder.parent):
            catalogues.extend(sorted((base / "i18n" / "vi" / "LC_MESSAGES").glob("*.po")))
    translated: dict[str, tuple[str, ...]] = {}
    for catalogue in dict.fromkeys(catalogues):
        with catalogue.open("rb") as handle:
            for message in read_po(handle):
                forms = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
                msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
                if msgid and all(forms) and not message.fuzzy:
                    translated[msgid] = forms
    return translated


def script_messages() -> dict[str, list[str]]:
    """msgid -> the JavaScript files using it: the strings of CKAN's page scripts (``this._``) and of
    the shipped core plugins' scripts, as ``ckan translation js`` finds them in core's catalogue
    template (the suite's own scripts have no strings, nor do the other extensions' catalogues)."""
    core = Path(ckan.__file__).parent
    loaded = ["ckan/public/base/javascript/"] + [
        f"ckanext/{folder.name}/" for folder in _plugin_modules() if folder.parent == core.parent / "ckanext"]
    found: dict[str, list[str]] = {}
    with (core / "i18n" / "ckan.pot").open("rb") as handle:
        for message in read_po(handle):
            msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            scripts = [name for name, _line in message.locations
                       if name.endswith(".js") and name.startswith(tuple(loaded))]
            if msgid and scripts:
                found[msgid] = scripts
                if isinstance(message.id, (tuple, list)):
                    PLURALS.add(msgid)
    return found


def code_messages() -> dict[str, list[str]]:
    """msgid -> the Python files using it: what core's views, helpers, validators and actions and the
    shipped plugins' code put on a page (flash messages, form errors, API errors a person reads).
    The suite's own Python strings are checked by tests/test_translations.py."""
    from babel.messages.extract import extract_from_file

    core = Path(ckan.__file__).parent
    sources = [*sorted((core / "views").glob("*.py")), *sorted((core / "logic" / "action").glob("*.py")),
               core / "lib" / "helpers.py", core / "lib" / "formatters.py", core / "lib" / "uploader.py",
               core / "lib" / "navl" / "validators.py", core / "logic" / "validators.py", core / "logic" / "__init__.py"]
    for folder in _plugin_modules():
        if "site-packages" not in folder.parts:  # the suite's own extensions
            continue
        sources.extend(path for path in sorted(folder.rglob("*.py"))
                       if "tests" not in path.parts and "migration" not in path.parts)
    found: dict[str, list[str]] = {}
    for source in dict.fromkeys(sources):
        for _lineno, message, _comments, _context in extract_from_file("python", str(source), keywords=KEYWORDS):
            _record(found, message, source)
    return found


def coverage(found: dict[str, list[str]] | None = None) -> tuple[int, int, dict[str, list[str]]]:
    found = messages(rendered_templates()) if found is None else found
    translated = vietnamese()
    # Flask-Babel keeps the plural rule of the last catalogue it merges, in practice n != 1 even for
    # Vietnamese: a plural message shown in Vietnamese needs both forms.
    missing = {msgid: where for msgid, where in found.items()
               if msgid not in translated or (msgid in PLURALS and len(translated[msgid]) < 2)}
    return len(found), len(found) - len(missing), missing


if __name__ == "__main__":
    total, done, missing = coverage()
    print(f"templates: {done}/{total} = {100 * done / total:.1f} %")
    code_total, code_done, code_missing = coverage(code_messages())
    print(f"code: {code_done}/{code_total} = {100 * code_done / code_total:.1f} %")
    missing.update(code_missing)
    scripts_total, scripts_done, scripts_missing = coverage(script_messages())
    print(f"scripts: {scripts_done}/{scripts_total} = {100 * scripts_done / scripts_total:.1f} %")
    missing.update(scripts_missing)
    out = io.StringIO()
    for msgid, where in sorted(missing.items()):
        out.write(f"{msgid!r}\t{sorted(set(Path(w).parent.name + '/' + Path(w).name for w in where))[:2]}\n")
    print(out.getvalue())
