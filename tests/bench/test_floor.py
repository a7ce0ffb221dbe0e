"""The bench's floor replays our own recorded write: the same items, to the same tables, each
under a fresh key."""

from __future__ import annotations

from bench.floor import fresh_key_like, replay_items

RECORDED = [
    {
        "Put": {
            "TableName": "citizen-focus-endorsements",
            "Item": {"pk": {"S": "0f" * 32}, "name": {"S": "Ada"}, "status": {"S": "pending"}},
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    },
    {
        "Update": {
            "TableName": "citizen-focus-limits",
            "Key": {"pk": {"S": "rate#abc#29000000"}},
            "UpdateExpression": "ADD n :one",
        }
    },
    {
        "Put": {
            "TableName": "citizen-focus-outbox",
            "Item": {"pk": {"S": "mail#" + "a1" * 16}, "text": {"S": "x" * 1400}},
        }
    },
]


def test_each_put_gets_a_fresh_key_of_the_same_shape_and_the_rest_stays_ours() -> None:
    """Each replay puts the same items to the same tables under fresh keys of the same shape."""
    first, second = replay_items(RECORDED), replay_items(RECORDED)
    record, rate, mail = first
    assert [next(iter(e.values()))["TableName"] for e in first] == [
        "citizen-focus-endorsements",
        "citizen-focus-limits",
        "citizen-focus-outbox",
    ]
    assert record["Put"]["Item"]["pk"] != RECORDED[0]["Put"]["Item"]["pk"]
    assert len(record["Put"]["Item"]["pk"]["S"]) == 64
    assert record["Put"]["Item"]["name"] == {"S": "Ada"}
    assert record["Put"]["ConditionExpression"] == "attribute_not_exists(pk)"
    assert mail["Put"]["Item"]["pk"]["S"].startswith("mail#")
    assert len(mail["Put"]["Item"]["pk"]["S"]) == len(RECORDED[2]["Put"]["Item"]["pk"]["S"])
    assert mail["Put"]["Item"]["text"] == RECORDED[2]["Put"]["Item"]["text"]
    # One rate counter for every request of the minute, as for our clients behind one address.
    assert rate["Update"]["Key"] == RECORDED[1]["Update"]["Key"]
    assert second[0]["Put"]["Item"]["pk"] != record["Put"]["Item"]["pk"]
    assert RECORDED[0]["Put"]["Item"]["pk"] == {"S": "0f" * 32}  # the recording is untouched


def test_a_key_without_a_prefix_is_replaced_whole() -> None:
    """A key without a prefix is replaced by a new one of the same length."""
    key = fresh_key_like("abc123")
    assert len(key) == 6 and "#" not in key and key != "abc123"
