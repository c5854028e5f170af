#!/usr/bin/env python3
"""A loopback proxy in front of moto that bills DynamoDB request units by AWS's rules.

moto's own ConsumedCapacity is far off (a 3 KB PutItem reports 1 WCU), so this
proxy computes the units from the documented rules and counts them per call:

  item size       sum of attribute name bytes + value sizes (numbers: 1 byte per
                  2 significant digits + 1; lists and maps: 3 + 1 per element)
  GetItem         ceil(size / 4 KB) read units, half when eventually consistent;
                  the whole item counts, whatever the projection
  BatchGetItem    each item as a GetItem
  Query, Scan     ceil(sum of the sizes of the items *read* / 4 KB), halved when
                  eventually consistent: before any filter, whole items (or the
                  index's projected items), at least 0.5
  Put/Update/Delete  ceil(max(before, after) / 1 KB) write units, at least 1; a
                  failed condition still costs the write of the item as it is
  indexes         per GSI the item is in: nothing when neither its keys nor its
                  projected attributes change; one write of the index item when
                  only projected attributes change; a delete and a put when its
                  keys change (index items hold the table keys, the index keys
                  and the projected attributes)
  Transact*       twice the units of the same items outside a transaction

Every other request (S3, SES, EventBridge, DynamoDB Streams, ...) is forwarded
untouched and counted by API ("other"): events put on the bus (entries of
AWSEvents.PutEvents), emails sent (SES v2 SendEmail) and pushes published (SNS
Publish). GET /__meter returns {"dynamodb": ..., "other": ...} as JSON; POST
/__meter/reset zeroes both. With --trace FILE, every DynamoDB call is also
appended to FILE as a JSON line (its units and the keys it touched; a reset
writes {"reset": <its ?op=, or true>}), to see where an operation's units go. Writes are metered by reading the item before and after (consistent
reads the meter makes itself and does not count), so meter one writer at a time.

usage: ddbmeter.py --upstream http://127.0.0.1:4566 --port 4567 [--trace FILE]
"""

import argparse
import base64
import collections
import http.client
import http.server
import json
import math
import re
import threading
import urllib.parse
from decimal import Decimal

LOCK = threading.Lock()
COUNTS = collections.defaultdict(lambda: {"calls": 0, "rru": 0.0, "wru": 0.0, "gsi_wru": 0.0})
OTHER = collections.defaultdict(lambda: {"calls": 0, "items": 0})
SCHEMAS = {}  # table -> {"key": [names], "gsis": {name: (keys, projection)}}
UP = None
TRACE = None  # the --trace file, if any


def value_size(value):
    ((kind, x),) = value.items()
    if kind == "S":
        return len(x.encode())
    if kind == "N":
        digits = Decimal(x).normalize().as_tuple().digits
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(base64.b64decode(x))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode()) for s in x)
    if kind == "NS":
        return sum(value_size({"N": n}) for n in x)
    if kind == "BS":
        return sum(len(base64.b64decode(b)) for b in x)
    if kind == "L":
        return 3 + sum(value_size(e) + 1 for e in x)
    if kind == "M":
        return 3 + sum(len(k.encode()) + value_size(e) + 1 for k, e in x.items())
    return 0


def item_size(item):
    return sum(len(k.encode()) + value_size(v) for k, v in (item or {}).items())


def read_units(size, consistent):
    units = max(1, math.ceil(size / 4096))
    return units if consistent else units / 2


def write_units(size):
    return max(1, math.ceil(size / 1024))


def upstream(target, body):
    """One DynamoDB call of the meter's own (not counted)."""
    conn = http.client.HTTPConnection(UP.hostname, UP.port, timeout=60)
    conn.request(
        "POST",
        "/",
        json.dumps(body).encode(),
        {
            "X-Amz-Target": f"DynamoDB_20120810.{target}",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
    )
    response = conn.getresponse()
    out = response.read()
    conn.close()
    return json.loads(out or b"{}") if response.status == 200 else {}


def schema(table):
    if table not in SCHEMAS:
        described = upstream("DescribeTable", {"TableName": table}).get("Table", {})
        SCHEMAS[table] = {
            "key": [k["AttributeName"] for k in described.get("KeySchema", [])],
            "gsis": {
                g["IndexName"]: ([k["AttributeName"] for k in g["KeySchema"]], g.get("Projection", {}))
                for g in described.get("GlobalSecondaryIndexes", [])
            },
        }
    return SCHEMAS[table]


def current(table, key):
    return upstream("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True}).get("Item")


def key_of(table, item):
    return {k: item[k] for k in schema(table)["key"] if k in item}


def index_image(table, item, keys, projection):
    """The item as the index holds it, or None when it is not in the index."""
    if item is None or not all(k in item for k in keys):
        return None
    kind = projection.get("ProjectionType", "ALL")
    if kind == "ALL":
        return item
    kept = set(schema(table)["key"]) | set(keys)
    if kind == "INCLUDE":
        kept |= set(projection.get("NonKeyAttributes", []))
    return {k: v for k, v in item.items() if k in kept}


def write_cost(table, old, new):
    """Write units of the table and of its indexes when an item goes from old to new (None: absent)."""
    base = write_units(max(item_size(old), item_size(new)))
    indexes = 0
    for keys, projection in schema(table)["gsis"].values():
        before = index_image(table, old, keys, projection)
        after = index_image(table, new, keys, projection)
        if before == after:
            continue
        if before is not None and after is not None and all(before[k] == after[k] for k in keys):
            indexes += write_units(item_size(after))
        else:
            indexes += (write_units(item_size(before)) if before else 0) + (write_units(item_size(after)) if after else 0)
    return base, indexes


def other(headers, path, body):
    """The API a non-DynamoDB request calls, and how many items it carries."""
    target = headers.get("X-Amz-Target")
    if target:
        name = target.split(".", 1)[-1]
        items = len(json.loads(body or b"{}").get("Entries", [])) if name == "PutEvents" else 1
        return name, items
    if path.startswith("/v2/email/outbound-emails"):
        return "SendEmail", 1
    form = urllib.parse.parse_qs((body or b"").decode(errors="replace"))
    if "Action" in form:
        return form["Action"][0], 1
    return "s3", 1


def add(op, rru=0.0, wru=0.0, gsi=0.0, keys=()):
    with LOCK:
        count = COUNTS[op]
        count["calls"] += 1
        count["rru"] += rru
        count["wru"] += wru
        count["gsi_wru"] += gsi
        trace({"op": op, "rru": rru, "wru": wru, "gsi_wru": gsi, "keys": list(keys)})


def trace(line):
    if TRACE:
        TRACE.write(json.dumps(line) + "\n")
        TRACE.flush()


def keys_named(keys):
    """PK/SK of each key, as "PK | SK"."""
    return [" | ".join(next(iter(v.values())) for v in key.values()) for key in keys]


def request_keys(target, body):
    """The keys (or key condition values) a read names."""
    if target == "GetItem":
        return keys_named([body["Key"]])
    if target == "BatchGetItem":
        return keys_named([k for r in body.get("RequestItems", {}).values() for k in r.get("Keys", [])])
    if target == "TransactGetItems":
        return keys_named([t["Get"]["Key"] for t in body.get("TransactItems", [])])
    values = body.get("ExpressionAttributeValues", {})
    return [f"{body.get('IndexName', 'table')}: " + " ".join(next(iter(v.values())) for v in values.values())]


def touched(target, body):
    """(table, key, item before, kind) of every item a write touches."""
    snaps = []

    def touch(table, key, kind="write"):
        snaps.append((table, key, current(table, key), kind))

    if target == "PutItem":
        touch(body["TableName"], key_of(body["TableName"], body["Item"]))
    elif target in ("UpdateItem", "DeleteItem"):
        touch(body["TableName"], body["Key"])
    elif target == "BatchWriteItem":
        for table, requests in body.get("RequestItems", {}).items():
            for r in requests:
                key = key_of(table, r["PutRequest"]["Item"]) if "PutRequest" in r else r["DeleteRequest"]["Key"]
                touch(table, key)
    elif target == "TransactWriteItems":
        for t in body.get("TransactItems", []):
            ((kind, action),) = t.items()
            table = action["TableName"]
            if kind == "Put":
                touch(table, key_of(table, action["Item"]))
            elif kind in ("Update", "Delete"):
                touch(table, action["Key"])
            else:  # ConditionCheck: billed as a write of the item's size
                touch(table, action["Key"], "check")
    return snaps


def bill_write(target, ok, snaps):
    wru = gsi = 0.0
    for table, key, old, kind in snaps:
        if kind == "check" or not ok:
            wru += write_units(item_size(old))
            continue
        base, indexes = write_cost(table, old, current(table, key))
        wru += base
        gsi += indexes
    if target == "TransactWriteItems":
        wru, gsi = 2 * wru, 2 * gsi
    add(target if ok else target + "!failed", wru=wru, gsi=gsi, keys=keys_named([key for _, key, _, _ in snaps]))


def items_read(target, body):
    """The items a Query or Scan reads: the same request without its filter and projection."""
    unfiltered = {k: v for k, v in body.items() if k not in ("FilterExpression", "ProjectionExpression", "Select")}
    used = set(re.findall(r"[#:][A-Za-z0-9_]+", body.get("KeyConditionExpression", "")))
    for k in ("ExpressionAttributeNames", "ExpressionAttributeValues"):
        kept = {name: v for name, v in body.get(k, {}).items() if name in used}
        unfiltered.pop(k, None)
        if kept:
            unfiltered[k] = kept
    return upstream(target, unfiltered).get("Items", [])


def bill_read(target, body):
    consistent = body.get("ConsistentRead", False)
    keys = request_keys(target, body)
    if target == "GetItem":
        add(target, rru=read_units(item_size(current(body["TableName"], body["Key"])), consistent), keys=keys)
    elif target in ("Query", "Scan"):
        size = sum(item_size(i) for i in items_read(target, body))
        add(target, rru=read_units(size, consistent), keys=keys)
    elif target == "BatchGetItem":
        total = 0.0
        for table, request in body.get("RequestItems", {}).items():
            for key in request.get("Keys", []):
                item = current(table, key)
                if item is not None:
                    total += read_units(item_size(item), request.get("ConsistentRead", False))
        add(target, rru=total, keys=keys)
    elif target == "TransactGetItems":
        total = 0.0
        for t in body.get("TransactItems", []):
            get = t["Get"]
            total += 2 * read_units(item_size(current(get["TableName"], get["Key"])), True)
        add(target, rru=total, keys=keys)
    else:
        add(target)


WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forward(self, method, body):
        conn = http.client.HTTPConnection(UP.hostname, UP.port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        headers["Host"] = f"{UP.hostname}:{UP.port}"
        conn.request(method, self.path, body, headers)
        response = conn.getresponse()
        out = response.read()
        conn.close()
        return response.status, response.getheaders(), out

    def handle_any(self, method):
        if self.path.startswith("/__meter"):
            with LOCK:
                url = urllib.parse.urlparse(self.path)
                if method == "POST" and url.path.endswith("/reset"):
                    COUNTS.clear()
                    OTHER.clear()
                    trace({"reset": urllib.parse.parse_qs(url.query).get("op", [True])[0]})
                data = json.dumps({"dynamodb": COUNTS, "other": OTHER}, indent=1, sort_keys=True).encode()
            return self.reply(200, [("Content-Type", "application/json")], data)
        length = int(self.headers.get("Content-Length", 0) or 0)
        body = self.rfile.read(length) if length else None
        target = self.headers.get("X-Amz-Target") or ""
        if not target.startswith("DynamoDB_20120810."):
            name, items = other(self.headers, self.path, body)
            with LOCK:
                OTHER[name]["calls"] += 1
                OTHER[name]["items"] += items
            return self.reply(*self.forward(method, body))
        op = target.split(".", 1)[1]
        request = json.loads(body or b"{}")
        snaps = touched(op, request) if op in WRITES else None
        status, headers, out = self.forward(method, body)
        if snaps is not None:
            # A failed condition (400 ConditionalCheckFailed / TransactionCanceled) still costs.
            failed_condition = status == 400 and (b"ConditionalCheckFailed" in out or b"TransactionCanceled" in out)
            if status == 200 or failed_condition:
                bill_write(op, status == 200, snaps)
            else:
                add(op + "!error")
        elif op in READS and status == 200:
            bill_read(op, request)
        elif status != 200:
            add(op + "!error")
        else:
            add(op)
        self.reply(status, headers, out)

    def do_POST(self):
        self.handle_any("POST")

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_HEAD(self):
        self.handle_any("HEAD")


def main():
    global UP, TRACE
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=4567)
    parser.add_argument("--trace", help="append every call to this file as JSON lines")
    args = parser.parse_args()
    UP = urllib.parse.urlparse(args.upstream)
    if args.trace:
        TRACE = open(args.trace, "w")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Proxy)
    server.daemon_threads = True
    print(f"ddbmeter on 127.0.0.1:{args.port} -> {args.upstream}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
