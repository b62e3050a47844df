"""The OpenAPI document this API serves: the ORUK contract, corrected so tools can use it.

Ninja's generated document cannot reproduce the contract (its operation ids, shared parameters and
the compiled record schemas), so we serve the contract itself with these corrections:

- `"type": "time"` (not an OpenAPI type) becomes a string of format time or the shorter forms
  ("09:30") we also accept; `"format": "datetime"` becomes "date-time"; `jsonSchemaDialect`
  (an OpenAPI 3.1 field in a 3.0 document) is dropped.
- Response schemas point at the compiled record schemas copied into `components/schemas` rather
  than at raw.githubusercontent.com, so a validator needs no network; the taxonomy responses
  pointed at non-compiled files and `/service_at_locations/{id}` at the *service* schema: both now
  point at the matching compiled schema.
- Record ids (path `id`, `taxonomy_term_id`, `taxonomy_id`) are declared `format: uuid`, which
  every ORUK id is; `day` lists the iCalendar BYDAY codes; `proximity` is a number of metres.
- 400 and 404 answers, which the contract leaves out, are documented with their JSON body.
- Datapackage keywords of the compiled schemas (`name`, `path`, `constraints`, ...) that are not
  OpenAPI Schema Object keywords are removed.
"""

import copy
from functools import cache
from typing import Any

from familyhub.directory.oruk.schemas import contract

# Accepted by the time filters: hh:mm, optionally :ss and fractions, optionally an offset; a
# superset of RFC 3339 full-time (format "time"), which alone would refuse the everyday "09:30".
TIME_PATTERN = (
    r"^([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)(\.[0-9]+)?)?"
    r"(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
)
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
PROXIMITY_PATTERN = r"^[0-9]{1,9}(\.[0-9]{1,6})?$"

_COMPONENTS = {
    "Service": "service",
    "ServiceList": "service_list",
    "ServiceAtLocation": "service_at_location",
    "ServiceAtLocationList": "service_at_location_list",
    "Taxonomy": "taxonomy",
    "TaxonomyTerm": "taxonomy_term",
}
_REF_FIXES = {
    "/services/{id}": "Service",
    "/services": "ServiceList",
    "/taxonomies/{id}": "Taxonomy",
    "/taxonomies": "Taxonomy",
    "/taxonomy_terms/{id}": "TaxonomyTerm",
    "/taxonomy_terms": "TaxonomyTerm",
    "/service_at_locations/{id}": "ServiceAtLocation",
    "/service_at_locations": "ServiceAtLocationList",
}
_SCHEMA_KEYWORDS = {
    "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "required", "enum", "type", "allOf", "oneOf", "anyOf", "not", "items",
    "properties", "additionalProperties", "description", "format", "default", "nullable",
    "readOnly", "writeOnly", "example", "deprecated", "$ref",
}  # fmt: skip
_ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string", "description": "What was wrong, in words."}},
}


def _clean(schema: Any) -> Any:
    """Keep only OpenAPI 3.0 Schema Object keywords, recursively; map relative refs locally."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in _SCHEMA_KEYWORDS:
            continue
        if key == "properties":
            out[key] = {name: _clean(sub) for name, sub in value.items()}
        elif key in {"items", "not", "additionalProperties"}:
            out[key] = _clean(value)
        elif key in {"allOf", "oneOf", "anyOf"}:
            out[key] = [_clean(sub) for sub in value]
        elif key == "$ref" and value == "taxonomy_term.json":
            out[key] = "#/components/schemas/TaxonomyTerm"
        else:
            out[key] = copy.deepcopy(value)
    return out


def _fix_parameters(parameters: dict[str, Any]) -> None:
    for param in parameters.values():
        schema = param["schema"]
        if schema.get("type") == "time":
            param["schema"] = {
                "type": "string",
                "anyOf": [{"format": "time"}, {"pattern": TIME_PATTERN}],
            }
        if schema.get("format") == "datetime":
            schema["format"] = "date-time"
    parameters["taxonomy_term_id"]["schema"]["format"] = "uuid"
    parameters["taxonomy_id"]["schema"]["format"] = "uuid"
    parameters["day"]["schema"]["enum"] = DAY_CODES
    parameters["proximity"]["schema"]["pattern"] = PROXIMITY_PATTERN
    parameters["proximity"]["description"] += " Needs `postcode`."


def _fix_operation(path: str, operation: dict[str, Any]) -> None:
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    ref = {"$ref": f"#/components/schemas/{_REF_FIXES[path]}"}
    if "allOf" in ok:
        ok["properties"]["contents"]["items"] = ref
        ok["type"] = "object"
        ok["required"] = ["contents"]
    else:
        operation["responses"]["200"]["content"]["application/json"]["schema"] = ref
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    if "parameters" in operation:
        operation["responses"]["400"] = {"description": "A parameter is wrong.", "content": error}
    if path.endswith("{id}"):
        operation["responses"]["404"] = {"description": "No such record.", "content": error}


@cache
def _corrected() -> dict[str, Any]:
    doc = copy.deepcopy(contract("openapi"))
    doc.pop("jsonSchemaDialect", None)
    _fix_parameters(doc["components"]["parameters"])
    for path, item in doc["paths"].items():
        for param in item.get("parameters", []):
            if param.get("in") == "path":
                param["schema"] = {"type": "string", "format": "uuid"}
        if path in _REF_FIXES:
            _fix_operation(path, item["get"])
    schemas = doc["components"]["schemas"]
    for component, name in _COMPONENTS.items():
        schemas[component] = _clean(contract(name))
    schemas["Error"] = _ERROR
    return doc


def openapi_document(base_path: str) -> dict[str, Any]:
    """The corrected contract, with `servers` naming where this API is mounted."""
    doc = copy.deepcopy(_corrected())
    doc["servers"] = [{"url": base_path.rstrip("/") or "/"}]
    return doc
