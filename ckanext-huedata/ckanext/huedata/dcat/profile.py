"""The Huế DCAT-AP 3 profile: ckanext-dcat's `euro_dcat_ap_3` plus the Huế schema fields.

Enabled with `ckanext.dcat.rdf.profiles = hue_dcat_ap`. It extends the EU profile instead of running
after it because both read a `spatial_coverage` field: the EU one expects a list of objects (its own
scheming schema), ours is a list of ward codes, which would crash the EU profile.
"""
from __future__ import annotations

import json
from typing import Any

from ckanext.dcat.profiles import EuropeanDCATAP3Profile
from ckanext.dcat.profiles.base import DCAT, DCATAP, DCT, FOAF, VCARD
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ckanext.huedata import vocabularies as vocab

from . import iris, parsing, prefetch
from .terms import (
    DATA_KIND_BASE, HUE_GEONAMES, LEGAL_BASE, PORTAL, SECTOR_BASE, SECTOR_SCHEME, SHARED_CATALOGUE,
    SPATIAL_BASE, TABLE_SCHEMA_SPEC,
)

ELI = "http://data.europa.eu/eli/ontology#"
LANG_VI = URIRef("http://publications.europa.eu/resource/authority/language/VIE")
LANG_EN = URIRef("http://publications.europa.eu/resource/authority/language/ENG")
FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_BASE = "https://www.iana.org/assignments/media-types/"
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
THEME_SCHEME = URIRef("http://publications.europa.eu/resource/authority/data-theme")
CATALOGUE_LICENCE = URIRef("http://www.opendefinition.org/licenses/cc-by")
CATALOGUE_ISSUED = "2021-03-01"  # 06/2021/QĐ-UBND set up the city's open-data system


class HueDCATAPProfile(EuropeanDCATAP3Profile):
    """Adds sector themes, EU frequencies, wards, access rights, agency codes and data dictionaries.

    Writer helpers are prefixed ``_hue_``: ckanext-dcat's parser calls its own ``_spatial``,
    ``_access_rights``, ... and a same-named method here would replace them.
    """

    def parse_dataset(self, dataset_dict: dict, dataset_ref: Any) -> dict:
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        return parsing.hue_fields(self, dataset_dict, dataset_ref)

    def graph_from_dataset(self, dataset_dict: dict, dataset_ref: Any) -> None:
        dataset_dict = iris.without_bad_geometry(iris.clean_text(dataset_dict))
        super().graph_from_dataset(
            {k: v for k, v in dataset_dict.items() if k != "spatial_coverage"}, dataset_ref)
        self._hue_themes(dataset_dict, dataset_ref)
        self._hue_frequency(dataset_dict, dataset_ref)
        self._hue_spatial(dataset_dict, dataset_ref)
        self._hue_access_rights(dataset_dict, dataset_ref)
        self._hue_data_kind(dataset_dict, dataset_ref)
        self._hue_legal_basis(dataset_dict, dataset_ref)
        self._hue_publisher_code(dataset_dict, dataset_ref)
        self._hue_contact_phone(dataset_dict, dataset_ref)
        self._hue_shared_catalogue(dataset_dict, dataset_ref)
        self._hue_temporal_dcat_dates(dataset_ref)
        self.g.add((dataset_ref, DCT.language, LANG_VI))
        for resource in dataset_dict.get("resources", []):
            self._hue_distribution(dataset_dict, resource)
        self._hue_valid_iris(dataset_ref)

    def graph_from_catalog(self, catalog_dict: dict, catalog_ref: Any) -> None:
        super().graph_from_catalog(catalog_dict, catalog_ref)
        city = URIRef(PORTAL + "/organization/ubnd-thanh-pho-hue")
        self.g.add((city, RDF.type, FOAF.Agent))
        self.g.add((city, FOAF.name, Literal("Ủy ban nhân dân thành phố Huế", lang="vi")))
        self.g.add((city, FOAF.name, Literal("Huế City People's Committee", lang="en")))
        self.g.set((catalog_ref, DCT.publisher, city))
        if not any(self.g.objects(catalog_ref, DCT.description)):
            self.g.add((catalog_ref, DCT.description, Literal(
                "Dữ liệu mở của các cơ quan, đơn vị thành phố Huế", lang="vi")))
        # DCAT-AP wants languages as EU authority URIs, not the locale literals CKAN writes.
        self.g.remove((catalog_ref, DCT.language, None))
        self.g.add((catalog_ref, DCT.language, LANG_VI))
        self.g.add((catalog_ref, DCT.language, LANG_EN))
        self.g.add((catalog_ref, DCT.spatial, HUE_GEONAMES))
        self._hue_agent_type(city)
        self.g.add((catalog_ref, DCAT.themeTaxonomy, THEME_SCHEME))
        self.g.add((catalog_ref, DCAT.themeTaxonomy, SECTOR_SCHEME))
        self.g.add((SECTOR_SCHEME, RDF.type, SKOS.ConceptScheme))
        self.g.add((SECTOR_SCHEME, DCT.title, Literal("Lĩnh vực dữ liệu của thành phố Huế", lang="vi")))
        self.g.add((SECTOR_SCHEME, DCT.title, Literal("Huế data sectors", lang="en")))
        self.g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
        self.g.add((THEME_SCHEME, DCT.title, Literal("Data theme", lang="en")))
        self.g.add((catalog_ref, DCT.license, CATALOGUE_LICENCE))
        self._hue_licence_type(CATALOGUE_LICENCE)
        if not any(self.g.objects(catalog_ref, DCT.issued)):
            self.g.add((catalog_ref, DCT.issued, Literal(CATALOGUE_ISSUED, datatype=XSD.date)))
        self.g.add((HUE_GEONAMES, RDF.type, DCT.Location))

    def _hue_themes(self, dataset_dict: dict, dataset_ref: Any) -> None:
        term = vocab.by_code(vocab.SECTORS).get(dataset_dict.get("sector") or "")
        if term:
            self.g.add((dataset_ref, DCAT.theme, URIRef(term.uri)))
            self.g.add((URIRef(term.uri), RDF.type, SKOS.Concept))
            label = vocab.EU_THEME_LABELS[term.uri.rsplit("/", 1)[1]]
            self.g.set((URIRef(term.uri), SKOS.prefLabel, Literal(label, lang="en")))
            # The EU theme is shared by several sectors (ECON: economy, finance, tourism): the
            # sector itself is a second theme from the portal's own scheme, read back on harvest.
            sector = URIRef(SECTOR_BASE + term.code)
            self.g.add((dataset_ref, DCAT.theme, sector))
            self.g.add((sector, RDF.type, SKOS.Concept))
            self.g.add((sector, SKOS.inScheme, SECTOR_SCHEME))
            self.g.add((sector, SKOS.notation, Literal(term.code)))
            self.g.add((sector, SKOS.prefLabel, Literal(term.vi, lang="vi")))
            self.g.add((sector, SKOS.prefLabel, Literal(term.en, lang="en")))

    def _hue_frequency(self, dataset_dict: dict, dataset_ref: Any) -> None:
        term = vocab.by_code(vocab.FREQUENCIES).get(dataset_dict.get("update_frequency") or "")
        if term:
            self.g.set((dataset_ref, DCT.accrualPeriodicity, URIRef(term.uri)))
            self.g.add((URIRef(term.uri), RDF.type, DCT.Frequency))

    def _hue_spatial(self, dataset_dict: dict, dataset_ref: Any) -> None:
        codes = dataset_dict.get("spatial_coverage") or []
        if isinstance(codes, str):
            try:
                codes = json.loads(codes)
            except ValueError:
                codes = [codes]
        if not isinstance(codes, list):
            codes = [codes]
        terms = vocab.by_code(vocab.spatial_terms())
        for code in codes:
            term = terms.get(str(code))
            if term is None:
                continue
            location = HUE_GEONAMES if term.code == vocab.CITY.code else URIRef(SPATIAL_BASE + term.code)
            self.g.add((dataset_ref, DCT.spatial, location))
            self.g.add((location, RDF.type, DCT.Location))
            self.g.add((location, SKOS.prefLabel, Literal(term.vi, lang="vi")))
            self.g.add((location, SKOS.prefLabel, Literal(term.en, lang="en")))
            if term.code != vocab.CITY.code:
                self.g.add((location, DCT.identifier, Literal(term.code)))

    def _hue_access_rights(self, dataset_dict: dict, dataset_ref: Any) -> None:
        term = vocab.by_code(vocab.ACCESS_LEVELS).get(dataset_dict.get("access_level") or "")
        if term:
            self.g.set((dataset_ref, DCT.accessRights, URIRef(term.uri)))
            self.g.add((URIRef(term.uri), RDF.type, DCT.RightsStatement))

    def _hue_data_kind(self, dataset_dict: dict, dataset_ref: Any) -> None:
        term = vocab.by_code(vocab.DATA_KINDS).get(dataset_dict.get("data_kind") or "")
        if term:
            concept = URIRef(DATA_KIND_BASE + term.code)
            self.g.add((dataset_ref, DCT.type, concept))
            self.g.add((concept, RDF.type, SKOS.Concept))
            self.g.add((concept, SKOS.prefLabel, Literal(term.vi, lang="vi")))
            self.g.add((concept, SKOS.prefLabel, Literal(term.en, lang="en")))

    def _hue_legal_basis(self, dataset_dict: dict, dataset_ref: Any) -> None:
        text = str(dataset_dict.get("legal_basis") or "").strip()
        if text:
            slug = _slug(text)
            legislation: Any = URIRef(LEGAL_BASE + slug) if slug else BNode()
            self.g.add((dataset_ref, DCATAP.applicableLegislation, legislation))
            self.g.add((legislation, RDF.type, URIRef(ELI + "LegalResource")))
            self.g.add((legislation, RDFS.label, Literal(text, lang="vi")))

    def _hue_publisher_code(self, dataset_dict: dict, dataset_ref: Any) -> None:
        if not (dataset_dict.get("organization") or dataset_dict.get("owner_org")):
            return
        extras = prefetch.agency(dataset_dict)
        for publisher in self.g.objects(dataset_ref, DCT.publisher):
            self._hue_agent_type(publisher)
            if extras.get("agency_code"):
                self.g.set((publisher, DCT.identifier, Literal(extras["agency_code"])))
            mbox = iris.mailto(extras.get("contact_email"))
            if mbox is not None:
                self.g.set((publisher, FOAF.mbox, mbox))

    def _hue_contact_phone(self, dataset_dict: dict, dataset_ref: Any) -> None:
        phone = dataset_dict.get("contact_phone")
        if not phone:
            return
        for contact in self.g.objects(dataset_ref, DCAT.contactPoint):
            digits = "".join(ch for ch in str(phone) if ch in "+0123456789")
            if any(ch.isdigit() for ch in digits):
                self.g.add((contact, VCARD.hasTelephone, URIRef("tel:" + digits)))

    def _hue_shared_catalogue(self, dataset_dict: dict, dataset_ref: Any) -> None:
        value = dataset_dict.get("shared_catalogue")
        if value in (None, ""):
            return
        shared = str(value).lower() in ("true", "1", "yes", "on")
        self.g.set((dataset_ref, SHARED_CATALOGUE, Literal(shared, datatype=XSD.boolean)))

    def _hue_temporal_dcat_dates(self, dataset_ref: Any) -> None:
        """DCAT-AP 3 reads dcat:startDate/endDate; the EU profile writes schema.org's."""
        schema = "http://schema.org/"
        for period in self.g.objects(dataset_ref, DCT.temporal):
            for source, target in (("startDate", DCAT.startDate), ("endDate", DCAT.endDate)):
                for value in list(self.g.objects(period, URIRef(schema + source))):
                    self.g.add((period, target, Literal(str(value)[:10], datatype=XSD.date)))

    def _hue_distribution(self, dataset_dict: dict, resource: dict) -> None:
        distribution = URIRef(self._hue_distribution_uri(resource))
        self._hue_format_uris(distribution)
        licence = iris.iri(dataset_dict.get("license_url"))
        if licence is not None and not any(self.g.objects(distribution, DCT.license)):
            self.g.add((distribution, DCT.license, licence))
        if licence is not None:
            self._hue_licence_type(licence)
        self.g.add((distribution, DCATAP.availability, STABLE))
        self.g.add((STABLE, RDF.type, SKOS.Concept))
        self.g.set((STABLE, SKOS.prefLabel, Literal("Stable", lang="en")))
        dictionary = resource.get("data_dictionary")
        if dictionary:
            standard = BNode()
            self.g.add((distribution, DCT.conformsTo, standard))
            self.g.add((standard, RDF.type, DCT.Standard))
            self.g.add((standard, DCT.type, TABLE_SCHEMA_SPEC))
            self.g.add((standard, RDFS.label, Literal("Từ điển dữ liệu (Frictionless Table Schema)", lang="vi")))
            self.g.add((standard, DCT.description, Literal(str(dictionary))))

    def _hue_valid_iris(self, dataset_ref: Any) -> None:
        """Every IRI the dataset's triples point to is valid, or becomes a literal.

        ckanext-dcat makes IRIs of free text (resource URLs, landing pages, licence and
        documentation links) after only encoding a few characters: a newline, a
        ``javascript:`` link or a bare word would make the page unreadable or unsafe.
        """
        seen, todo = {dataset_ref}, [dataset_ref]
        while todo:
            subject = todo.pop()
            for predicate, obj in list(self.g.predicate_objects(subject)):
                if isinstance(obj, URIRef) and not iris.valid(obj) and predicate != RDF.type:
                    self.g.remove((subject, predicate, obj))
                    if any(self.g.predicate_objects(obj)):
                        # A node with properties (a contact, an agent): the same node, unnamed.
                        node = BNode()
                        for p, o in list(self.g.predicate_objects(obj)):
                            self.g.remove((obj, p, o))
                            self.g.add((node, p, o))
                        self.g.add((subject, predicate, node))
                        seen.add(node)
                        todo.append(node)
                    elif predicate == DCAT.accessURL and isinstance(subject, URIRef):
                        # dcat:accessURL is mandatory: the distribution's page on the portal.
                        self.g.add((subject, predicate, subject))
                    elif predicate not in (DCAT.downloadURL, DCAT.landingPage, FOAF.page):
                        self.g.add((subject, predicate, Literal(str(obj))))
                elif isinstance(obj, Literal):
                    # ckanext-dcat types a licence even when it wrote it as a literal.
                    for p, o in list(self.g.predicate_objects(obj)):
                        self.g.remove((obj, p, o))
                elif isinstance(obj, (URIRef, BNode)) and obj not in seen:
                    seen.add(obj)
                    todo.append(obj)

    def _hue_agent_type(self, agent: Any) -> None:
        self.g.set((agent, DCT.type, LOCAL_AUTHORITY))
        self.g.add((LOCAL_AUTHORITY, RDF.type, SKOS.Concept))
        self.g.set((LOCAL_AUTHORITY, SKOS.prefLabel, Literal("Local Authority", lang="en")))

    def _hue_licence_type(self, licence: Any) -> None:
        self.g.add((licence, RDF.type, DCT.LicenseDocument))
        self.g.set((licence, DCT.type, ATTRIBUTION))
        self.g.add((ATTRIBUTION, RDF.type, SKOS.Concept))
        self.g.set((ATTRIBUTION, SKOS.prefLabel, Literal("Attribution", lang="en")))

    def _hue_format_uris(self, distribution: Any) -> None:
        """dct:format and dcat:mediaType as IRIs of the EU file types and IANA media types.

        Text in neither vocabulary becomes the label of an unnamed dct:MediaTypeOrExtent (a
        media type that is not one becomes the format): any text typed as a format still gives
        valid RDF that meets the DCAT-AP shapes, and the label is read back on harvest.
        """
        for value in list(self.g.objects(distribution, DCAT.mediaType)):
            if isinstance(value, Literal):
                self.g.remove((distribution, DCAT.mediaType, value))
                media = iris.media_type(str(value))
                if media:
                    uri = URIRef(IANA_BASE + media)
                    self.g.add((distribution, DCAT.mediaType, uri))
                    self.g.add((uri, RDF.type, DCT.MediaType))
                elif not any(self.g.objects(distribution, DCT["format"])):
                    # ckanext-dcat takes any format with a "/" for a media type.
                    self.g.add((distribution, DCT["format"], value))
        for value in list(self.g.objects(distribution, DCT["format"])):
            if not isinstance(value, Literal):
                continue
            self.g.remove((distribution, DCT["format"], value))
            code = iris.file_type_code(str(value))
            node: Any = URIRef(FILE_TYPE_BASE + code) if code else BNode()
            self.g.add((distribution, DCT["format"], node))
            self.g.add((node, RDF.type, DCT.MediaTypeOrExtent))
            if not code:
                self.g.add((node, RDFS.label, Literal(str(value))))

    def _hue_distribution_uri(self, resource: dict) -> str:
        from ckanext.dcat.utils import resource_uri

        return resource_uri(resource)


def _slug(text: str) -> str:
    from ckan.lib.munge import munge_name

    return munge_name(text)
