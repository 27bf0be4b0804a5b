"""The Python types against the server's contract: every field the server's OpenAPI document says an answer
carries is a key of the TypedDict the client types that answer with. A field added on the server and not
here fails this test, naming it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from legflow import message, models

from .server import LegflowServer

Schema = Mapping[str, Any]


@pytest.fixture(scope="module")
def document(server: LegflowServer) -> Schema:
    answer = httpx.get(f"{server.url}/api/openapi.json", timeout=10)
    answer.raise_for_status()
    doc: Schema = answer.json()
    return doc


def resolve(doc: Schema, schema: Schema) -> Schema:
    """The object schema behind a reference, or behind the non-null member of an ``anyOf``."""
    while True:
        if "$ref" in schema:
            name = str(schema["$ref"]).rsplit("/", 1)[-1]
            schema = doc["components"]["schemas"][name]
        elif "anyOf" in schema:
            objects = [s for s in schema["anyOf"] if s.get("type") != "null"]
            assert len(objects) == 1, f"more than one shape: {schema}"
            schema = objects[0]
        else:
            return schema


def component(doc: Schema, name: str) -> Schema:
    return resolve(doc, {"$ref": f"#/components/schemas/{name}"})


def answer(doc: Schema, method: str, path: str) -> Schema:
    responses = doc["paths"][path][method]["responses"]
    success = next(v for k, v in responses.items() if k.startswith("2"))
    return resolve(doc, success["content"]["application/json"]["schema"])


def field(doc: Schema, schema: Schema, *names: str) -> Schema:
    """The object schema down a path of properties (``items`` taken for arrays)."""
    for name in names:
        schema = resolve(doc, schema["properties"][name])
        if schema.get("type") == "array":
            schema = resolve(doc, schema["items"])
    return schema


def positions_shape(doc: Schema, name: str) -> Schema:
    """One of the two shapes ``GET /api/positions`` answers in (NetPositions, or PositionGroups with deploymentId)."""
    schema = doc["paths"]["/api/positions"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    shape = next(s for s in schema["anyOf"] if s.get("$ref", "").endswith(f"/{name}"))
    return resolve(doc, resolve(doc, shape)["items"])


def pairs(doc: Schema) -> list[tuple[type, Schema]]:
    chain = answer(doc, "get", "/api/market/chain")
    order = component(doc, "Order")
    group = positions_shape(doc, "PositionGroups")
    deployment = component(doc, "Deployment")
    return [
        (models.GraphSummary, component(doc, "GraphSummary")),
        (models.Graph, component(doc, "StoredGraph")),
        (models.Deployment, deployment),
        (models.Channel, field(doc, deployment, "channels")),
        (models.Schedule, field(doc, deployment, "schedule")),
        (models.Order, order),
        (models.OrderModification, field(doc, order, "modifications")),
        (models.PositionGroup, group),
        (models.PositionLeg, field(doc, group, "legs")),
        (models.NetPosition, positions_shape(doc, "NetPositions")),
        (models.Account, component(doc, "Account")),
        (models.Quote, component(doc, "Quote")),
        (models.OptionChain, chain),
        (models.ChainRow, field(doc, chain, "rows")),
        (models.ChainSide, field(doc, chain, "rows", "ce")),
    ]


def test_every_field_the_server_sends_is_in_the_python_types(document: Schema) -> None:
    missing = {
        typed.__name__: sorted(set(schema.get("properties", {})) - set(typed.__annotations__))
        for typed, schema in pairs(document)
    }
    assert {name: fields for name, fields in missing.items() if fields} == {}


def test_the_worker_types_hold_every_field_of_the_worker_call(document: Schema) -> None:
    # /ws/workers frames are no HTTP answer; the document carries them among its components all the same.
    call = component(document, "WorkerCall")
    call_message = component(document, "WorkerCallMessage")
    pairs = [
        (message.CallFrame, call),
        (message.CallMessage, call_message),
        (message.CallDeployment, field(document, call_message, "deployment")),
        (message.Leg, field(document, call_message, "legs")),
    ]
    missing = {typed.__name__: sorted(set(schema.get("properties", {})) - set(typed.__annotations__)) for typed, schema in pairs}
    assert {name: fields for name, fields in missing.items() if fields} == {}
    assert {"id", "function", "timeoutMs", "message"} <= set(call["properties"])


def test_the_check_sees_a_missing_field(document: Schema) -> None:
    # The comparison is over the document's real properties: an order has these, so a type without one shows.
    order = component(document, "Order")
    assert {"id", "createdAt", "modifications"} <= set(order["properties"])
    assert set(order["properties"]) - {"id"} - set(models.Quote.__annotations__)
