"""Handlers the server tests route to: they echo the event or fail on purpose."""

import json


def echo(event, context):
    return {
        "statusCode": 201,
        "headers": {
            "Content-Type": "application/json; charset=utf-8",
            "X-Route": event["routeKey"],
        },
        "cookies": ["seen=1"],
        "body": json.dumps(event),
    }


def inferred(event, context):
    return {"ok": True}


def explode(event, context):
    raise RuntimeError("secret internals: /srv/app/db.py line 42")
