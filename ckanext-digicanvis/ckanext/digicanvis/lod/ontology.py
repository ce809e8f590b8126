"""The observatory's own RDFS/OWL vocabulary: the project file's properties that DCAT-AP has
no property for (served at ``/ns``, under the configurable namespace, ca/es/en labels)."""

from __future__ import annotations

from typing import NamedTuple

from rdflib import DCTERMS, OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, SKOS

from ckanext.digicanvis.lod import uris
from ckanext.digicanvis.logic.vocabularies import LANGUAGES

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


class Term(NamedTuple):
    name: str
    kind: URIRef  # owl:Class, owl:DatatypeProperty or owl:ObjectProperty
    label: dict[str, str]
    comment: dict[str, str]
    domain: URIRef | str | None = None  # a string names one of our classes
    range: URIRef | str | None = None
    scheme: str | None = None  # the concept scheme the values come from


def _t(name, kind, ca, es, en, comment_ca, comment_es, comment_en, domain=None, range_=None, scheme=None) -> Term:
    return Term(name, kind, {"ca": ca, "es": es, "en": en},
                {"ca": comment_ca, "es": comment_es, "en": comment_en}, domain, range_, scheme)


C, D, O = OWL.Class, OWL.DatatypeProperty, OWL.ObjectProperty

TERMS: tuple[Term, ...] = (
    _t("Project", C, "Projecte", "Proyecto", "Project",
       "Un projecte de transformació digital d'un ens local, descrit amb la fitxa DigiCanvis.",
       "Un proyecto de transformación digital de un ente local, descrito con la ficha DigiCanvis.",
       "A digital transformation project of a local body, described by the DigiCanvis project file."),
    _t("Saving", C, "Estalvi", "Ahorro", "Saving",
       "Un estalvi mesurat que ha generat un projecte: tipus, quantitat, unitat, periodicitat i mètode.",
       "Un ahorro medido que ha generado un proyecto: tipo, cantidad, unidad, periodicidad y método.",
       "A measured saving a project generated: kind, amount, unit, period and method."),
    _t("urlName", D, "Nom a l'adreça", "Nombre en la dirección", "URL name",
       "La darrera part de l'adreça de la pàgina del projecte a l'observatori d'origen.",
       "La última parte de la dirección de la página del proyecto en el observatorio de origen.",
       "The last part of the project page's address on the observatory it comes from.", "Project", XSD.string),
    _t("valueProposition", D, "Valor per a la ciutadania i l'ens", "Valor para la ciudadanía y el ente",
       "Value for residents and the body", "Quin valor aporta el projecte.", "Qué valor aporta el proyecto.",
       "What value the project brings.", "Project", RDF.langString),
    _t("barriers", D, "Barreres i dificultats", "Barreras y dificultades", "Barriers and difficulties",
       "Què va costar i què no va funcionar.", "Qué costó y qué no funcionó.", "What was hard and what did not work.",
       "Project", RDF.langString),
    _t("benefits", D, "Beneficis i oportunitats", "Beneficios y oportunidades", "Benefits and opportunities",
       "Què n'ha sortit de bo.", "Qué ha salido de bueno.", "What good came of it.", "Project", RDF.langString),
    _t("methodology", D, "Metodologia", "Metodología", "Methodology",
       "Una metodologia emprada (p. ex. disseny de serveis).", "Una metodología empleada (p. ej. diseño de servicios).",
       "A methodology used (e.g. service design).", "Project", RDF.langString),
    _t("tool", D, "Eina o plataforma", "Herramienta o plataforma", "Tool or platform",
       "Una eina, producte o plataforma emprada.", "Una herramienta, producto o plataforma empleada.",
       "A tool, product or platform used.", "Project", XSD.string),
    _t("technology", O, "Tecnologia", "Tecnología", "Technology",
       "Una tecnologia coneguda que fa servir el projecte (les altres són paraules clau).",
       "Una tecnología conocida que usa el proyecto (las demás son palabras clave).",
       "A known technology the project uses (others are keywords).", "Project", SKOS.Concept, "technologies"),
    _t("area", O, "Àmbit", "Ámbito", "Area", "L'àmbit del projecte (també com a dcat:theme).",
       "El ámbito del proyecto (también como dcat:theme).", "The project's area (also given as dcat:theme).",
       "Project", SKOS.Concept, "area"),
    _t("transformationType", O, "Tipus de transformació", "Tipo de transformación", "Transformation type",
       "Què transforma el projecte (també com a dct:type).", "Qué transforma el proyecto (también como dct:type).",
       "What the project transforms (also given as dct:type).", "Project", SKOS.Concept, "transformation_type"),
    _t("phase", O, "Fase", "Fase", "Phase", "La fase del projecte (també com a adms:status).",
       "La fase del proyecto (también como adms:status).", "The project's phase (also given as adms:status).",
       "Project", SKOS.Concept, "phase"),
    _t("maturityLevel", O, "Nivell de maduresa DigiCanvis", "Nivel de madurez DigiCanvis", "DigiCanvis maturity level",
       "El nivell del model DigiCanvis on s'inscriu el projecte.", "El nivel del modelo DigiCanvis en el que se inscribe el proyecto.",
       "The level of the DigiCanvis model the project belongs to.", "Project", SKOS.Concept, "maturity_level"),
    _t("cost", D, "Cost (EUR)", "Coste (EUR)", "Cost (EUR)", "El cost del projecte, en euros.",
       "El coste del proyecto, en euros.", "The project's cost, in euros.", "Project", XSD.decimal),
    _t("funding", D, "Finançament", "Financiación", "Funding", "D'on van sortir els diners.",
       "De dónde salió el dinero.", "Where the money came from.", "Project", RDF.langString),
    _t("saving", O, "Estalvi generat", "Ahorro generado", "Saving generated", "Un estalvi que ha generat el projecte.",
       "Un ahorro que ha generado el proyecto.", "A saving the project generated.", "Project", "Saving"),
    _t("savingKind", O, "Tipus d'estalvi", "Tipo de ahorro", "Kind of saving", "En què es mesura l'estalvi.",
       "En qué se mide el ahorro.", "What the saving is measured in.", "Saving", SKOS.Concept, "saving_kind"),
    _t("amount", D, "Quantitat", "Cantidad", "Amount", "La quantitat estalviada, en la unitat indicada.",
       "La cantidad ahorrada, en la unidad indicada.", "The amount saved, in the unit given.", "Saving", XSD.decimal),
    _t("unit", D, "Unitat", "Unidad", "Unit", "La unitat de la quantitat (EUR, hores...).",
       "La unidad de la cantidad (EUR, horas...).", "The unit of the amount (EUR, hours...).", "Saving", XSD.string),
    _t("period", O, "Periodicitat", "Periodicidad", "Period", "Cada quant es repeteix l'estalvi.",
       "Cada cuánto se repite el ahorro.", "How often the saving recurs.", "Saving", SKOS.Concept, "saving_period"),
    _t("measurementMethod", D, "Com s'ha mesurat", "Cómo se ha medido", "How it was measured",
       "El mètode de mesura de l'estalvi.", "El método de medida del ahorro.", "How the saving was measured.",
       "Saving", XSD.string),
    _t("partnerBody", O, "Ens local participant", "Ente local participante", "Partner local body",
       "Un altre ens local que ha participat en el projecte.", "Otro ente local que ha participado en el proyecto.",
       "Another local body that took part in the project.", "Project", DCTERMS.Agent),
    _t("documentationKind", O, "Tipus de material", "Tipo de material", "Kind of material",
       "Quina mena de material de documentació és una distribució.", "Qué tipo de material de documentación es una distribución.",
       "What kind of documentation material a distribution is.", DCAT.Distribution, SKOS.Concept, "documentation_kind"),
    _t("resourceLanguage", D, "Llengua del material", "Idioma del material", "Language of the material",
       "La llengua del material, tal com s'ha escrit, quan no és una de les taules de l'UE.",
       "El idioma del material, tal como se ha escrito, cuando no está en las tablas de la UE.",
       "The material's language as written, when not in the EU tables.", DCAT.Distribution, XSD.string),
    _t("population", D, "Població", "Población", "Population", "Habitants de l'ens local.",
       "Habitantes del ente local.", "Residents of the local body.", None, XSD.integer),
    _t("bodyType", D, "Tipus d'ens", "Tipo de ente", "Type of body", "El tipus d'ens local (codi).",
       "El tipo de ente local (código).", "The type of local body (code).", None, XSD.string),
)


def term(name: str) -> URIRef:
    if not any(t.name == name for t in TERMS):
        raise KeyError(name)
    return uris.namespace()[name]


def ontology_graph() -> Graph:
    ns = uris.namespace()
    graph = Graph()
    graph.bind("dgc", ns)
    graph.bind("skos", SKOS)
    graph.bind("dcat", DCAT)
    document = URIRef(str(ns).rstrip("#/"))
    graph.add((document, RDF.type, OWL.Ontology))
    for lang, title in (("ca", "Vocabulari de l'Observatori DigiCanvis"), ("es", "Vocabulario del Observatorio DigiCanvis"),
                        ("en", "DigiCanvis Observatory vocabulary")):
        graph.add((document, DCTERMS.title, Literal(title, lang=lang)))
    graph.add((document, DCTERMS.license, uris.metadata_licence()))
    for t in TERMS:
        ref = ns[t.name]
        graph.add((ref, RDF.type, t.kind))
        graph.add((ref, RDFS.isDefinedBy, document))
        for lang in LANGUAGES:
            graph.add((ref, RDFS.label, Literal(t.label[lang], lang=lang)))
            graph.add((ref, RDFS.comment, Literal(t.comment[lang], lang=lang)))
        for predicate, value in ((RDFS.domain, t.domain), (RDFS.range, t.range)):
            if value is not None:
                graph.add((ref, predicate, ns[value] if isinstance(value, str) else value))
        if t.scheme:
            graph.add((ref, SKOS.scopeNote, Literal(f"{uris.scheme(t.scheme)}", lang="en")))
    graph.add((ns["Project"], RDFS.subClassOf, DCAT.Dataset))
    return graph
