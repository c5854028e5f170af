"""The billing rules of scripts/ddbmeter.py against AWS's documented examples.

The capacity figures in docs/benchmarks.md are only as good as these rules, so
they are checked here, without moto: the table's schema is given, not
described. Run by scripts/test: python -m unittest discover -s scripts -p 'test_*.py'
"""

import unittest

import ddbmeter as meter

TABLE = "t"
meter.SCHEMAS[TABLE] = {
    "key": ["PK", "SK"],
    "gsis": {
        "ALL": (["G1PK", "G1SK"], {"ProjectionType": "ALL"}),
        "KEYS": (["G2PK", "G2SK"], {"ProjectionType": "KEYS_ONLY"}),
        "TITLE": (["G3PK", "G3SK"], {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]}),
    },
}


def post(**extra):
    item = {"PK": {"S": "POST#1"}, "SK": {"S": "POST"}, "body": {"S": "x" * 1900}}
    item.update(extra)
    return item


class Sizes(unittest.TestCase):
    def test_strings_are_utf8_bytes_and_names_count(self):
        self.assertEqual(meter.item_size({"ab": {"S": "é"}}), 2 + 2)

    def test_numbers_are_one_byte_per_two_significant_digits_plus_one(self):
        self.assertEqual(meter.value_size({"N": "12345"}), 4)
        self.assertEqual(meter.value_size({"N": "1000"}), 2)

    def test_lists_and_maps_carry_three_bytes_and_one_per_element(self):
        self.assertEqual(meter.value_size({"L": [{"S": "ab"}, {"BOOL": True}]}), 3 + 3 + 2)
        self.assertEqual(meter.value_size({"M": {"k": {"S": "v"}}}), 3 + 1 + 1 + 1)


class Units(unittest.TestCase):
    def test_reads_round_up_to_4_kb_and_halve_when_eventually_consistent(self):
        self.assertEqual(meter.read_units(4096, True), 1)
        self.assertEqual(meter.read_units(4097, True), 2)
        self.assertEqual(meter.read_units(10, False), 0.5)

    def test_writes_round_up_to_1_kb(self):
        self.assertEqual(meter.write_units(1), 1)
        self.assertEqual(meter.write_units(3 * 1024), 3)
        self.assertEqual(meter.write_units(3 * 1024 + 1), 4)


class IndexWrites(unittest.TestCase):
    indexed = {
        "G1PK": {"S": "A"}, "G1SK": {"S": "1"},
        "G2PK": {"S": "B"}, "G2SK": {"S": "1"},
        "G3PK": {"S": "C"}, "G3SK": {"S": "1"},
        "title": {"S": "t"},
    }

    def test_a_new_item_writes_every_index_it_is_in(self):
        base, indexes = meter.write_cost(TABLE, None, post(**self.indexed))
        self.assertEqual(base, 2)  # just under 2 KB
        self.assertEqual(indexes, 2 + 1 + 1)  # ALL holds the body; the others only keys (and title)

    def test_a_counter_change_rewrites_only_indexes_that_project_it(self):
        before = post(**self.indexed, likes={"N": "1"})
        after = post(**self.indexed, likes={"N": "2"})
        self.assertEqual(meter.write_cost(TABLE, before, after), (2, 2))

    def test_a_moved_sort_key_is_a_delete_and_a_put(self):
        before = post(**self.indexed)
        after = post(**{**self.indexed, "G2SK": {"S": "2"}})
        # KEYS loses one index item and gains another; ALL holds the changed attribute too.
        self.assertEqual(meter.write_cost(TABLE, before, after), (2, 1 + 1 + 2))

    def test_an_item_outside_every_index_writes_none(self):
        self.assertEqual(meter.write_cost(TABLE, post(), post(likes={"N": "1"})), (2, 0))


class Trace(unittest.TestCase):
    def test_each_call_is_traced_with_its_units_and_keys(self):
        import io
        import json

        meter.TRACE = io.StringIO()
        try:
            key = {"PK": {"S": "POST#1"}, "SK": {"S": "POST"}}
            self.assertEqual(meter.request_keys("BatchGetItem", {"RequestItems": {TABLE: {"Keys": [key]}}}), ["POST#1 | POST"])
            query = {"IndexName": "GSI1", "KeyConditionExpression": "G1PK = :pk", "ExpressionAttributeValues": {":pk": {"S": "A"}}}
            self.assertEqual(meter.request_keys("Query", query), ["GSI1: A"])
            meter.add("PutItem", wru=2, gsi=1, keys=meter.keys_named([key]))
            line = json.loads(meter.TRACE.getvalue())
            self.assertEqual(line, {"op": "PutItem", "rru": 0.0, "wru": 2, "gsi_wru": 1, "keys": ["POST#1 | POST"]})
        finally:
            meter.TRACE = None
            meter.COUNTS.clear()


if __name__ == "__main__":
    unittest.main()
