"""One table of settings: name, default, environment variable and help text."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("base", "https://data.example.org/vngov/", "KG_BASE",
            "Base IRI under which every resource is minted."),
    Setting("seeds", str(ROOT / "seeds"), "KG_SEEDS", "Default folder of source articles."),
    Setting("out", str(ROOT / "build" / "kg.oxigraph"), "KG_OUT",
            "The store that build writes and the other commands read (or a graph file)."),
    Setting("queries", str(ROOT / "queries"), "KG_QUERIES", "Folder of named SPARQL queries."),
    Setting("shapes", str(ROOT / "shapes"), "KG_SHAPES", "Folder of SHACL shapes (Turtle)."),
    Setting("ontology", str(ROOT / "ontology"), "KG_ONTOLOGY", "Folder of the OWL ontology."),
    Setting("query_timeout", "10", "KG_QUERY_TIMEOUT", "Seconds a served SPARQL query may run."),
    Setting("result_limit", "10000", "KG_RESULT_LIMIT", "Most rows a served SPARQL query returns."),
    Setting("result_bytes", "16000000", "KG_RESULT_BYTES",
            "Most bytes of terms a served SPARQL answer may hold."),
    Setting("query_memory", "4096", "KG_QUERY_MEMORY",
            "Megabytes of memory each SPARQL query worker may use (it holds the graph too)."),
    Setting("public_url", "", "KG_PUBLIC_URL",
            "Address the server is reached at, e.g. https://example.org/kg/ (default: the "
            "address of each request); the pages and VoID name the endpoint and dumps there."),
    Setting("license", "https://creativecommons.org/licenses/by/4.0/", "KG_LICENSE",
            "Licence of the published data (an IRI), in VoID, DCAT and schema.org."),
    Setting("publisher", "vngov-kg", "KG_PUBLISHER",
            "Who publishes the data, by name, in VoID, DCAT and schema.org."),
)


@dataclass(frozen=True)
class Settings:
    base: str = SETTINGS[0].default
    seeds: Path = Path(SETTINGS[1].default)
    out: Path = Path(SETTINGS[2].default)
    queries: Path = Path(SETTINGS[3].default)
    shapes: Path = Path(SETTINGS[4].default)
    ontology: Path = Path(SETTINGS[5].default)
    query_timeout: float = float(SETTINGS[6].default)
    result_limit: int = int(SETTINGS[7].default)
    result_bytes: int = int(SETTINGS[8].default)
    query_memory: int = int(SETTINGS[9].default)
    public_url: str = SETTINGS[10].default
    license: str = SETTINGS[11].default
    publisher: str = SETTINGS[12].default

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then environment variables, then explicit overrides."""
        values = {}
        for setting, f in zip(SETTINGS, fields(cls), strict=True):
            raw = os.environ.get(setting.env, setting.default)
            values[f.name] = _coerce(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if not values["base"].endswith(("/", "#")):
            values["base"] += "/"
        if values["public_url"] and not values["public_url"].endswith("/"):
            values["public_url"] += "/"
        return cls(**values)


def _coerce(kind, raw: str):
    return {"Path": Path, "float": float, "int": int}.get(str(kind), str)(raw)
