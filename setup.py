"""The Huế open-data suite: five CKAN extensions installed as one distribution.

Each extension keeps the usual CKAN layout (``ckanext-<name>/ckanext/<name>/``);
this file maps every ``ckanext.<name>`` package to its folder so that a single
``pip install -e .`` installs the whole suite and registers every plugin.
"""
from __future__ import annotations

from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
EXTENSIONS = ("huedata", "huesso", "huequality", "huesearch", "huefeedback")


def _packages() -> tuple[list[str], dict[str, str]]:
    packages: list[str] = []
    package_dir: dict[str, str] = {}
    for name in EXTENSIONS:
        root = HERE / f"ckanext-{name}" / "ckanext" / name
        for init in sorted(root.rglob("__init__.py")):
            rel = init.parent.relative_to(root)
            dotted = ".".join(("ckanext", name, *rel.parts))
            packages.append(dotted)
            package_dir[dotted] = str(init.parent.relative_to(HERE))
    return packages, package_dir


PACKAGES, PACKAGE_DIR = _packages()

setup(
    name="ckanext-hue",
    version="0.1.0",
    description="CKAN extensions for data.hue.gov.vn, the open-data portal of Huế city",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    include_package_data=True,
    package_data={"": [
        "*.yaml", "*.yml", "*.json", "*.csv", "*.ttl", "*.sql", "*.ini", "*.mako",
        "templates/**/*", "assets/**/*", "public/**/*",
        "i18n/*/LC_MESSAGES/*.po", "i18n/*/LC_MESSAGES/*.mo", "i18n/*.pot",
        "migration/**/*",
    ]},
    zip_safe=False,
    entry_points={
        "ckan.plugins": [
            "huedata = ckanext.huedata.plugin:HuedataPlugin",
            "huesso = ckanext.huesso.plugin:HuessoPlugin",
            "huequality = ckanext.huequality.plugin:HuequalityPlugin",
            "huesearch = ckanext.huesearch.plugin:HuesearchPlugin",
            "huefeedback = ckanext.huefeedback.plugin:HuefeedbackPlugin",
            "lgsp_harvester = ckanext.huedata.harvesters.lgsp:LgspHarvester",
            "huedata_ckan_harvester = ckanext.huedata.harvesters.ckan:HueCkanHarvester",
            "huedata_harvest = ckanext.huedata.harvesters.plugin:HuedataHarvestPlugin",
        ],
        "ckan.test_plugins": [
            "huedata_harvest_test_tracker = "
            "ckanext.huedata.tests.harvest.tracker:RecordingTrackerPlugin",
            "huequality_test_dimension = ckanext.huequality.tests.dimension_plugin:AdjustingDimensionPlugin",
            "huequality_test_broken_dimension = ckanext.huequality.tests.dimension_plugin:BrokenDimensionPlugin",
        ],
        "ckan.rdf.profiles": [
            "hue_dcat_ap = ckanext.huedata.dcat.profile:HueDCATAPProfile",
            "hue_quality_dqv = ckanext.huequality.quality.dcat_profile:HueQualityDQVProfile",
        ],
    },
)
