"""moto's server, handling one request at a time, with its table streams kept
out of transaction snapshots.

moto runs a DynamoDB TransactWriteItems by snapshotting the tables and restoring
the snapshot when a condition fails, so concurrent requests on its default
threaded server can lose each other's writes. DynamoDB serialises conflicting
transactions; serving requests one by one gives the local stack and the tests
the same guarantee.

The snapshot is a deep copy of the table, stream included, and the restore
swaps the stream object: a reader's shard iterator stays on the old one, so
after any cancelled transaction it sees no new records (events are lost,
others repeated), and copying the ever-growing record list makes every
transaction slower than the last. Here the stream is shared by the snapshot
and, like DynamoDB's, gets no records from a cancelled transaction.
Usage: python moto_server.py HOST PORT
"""

import sys

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import StreamShard
from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple

StreamShard.__deepcopy__ = lambda self, memo: self
_transact_write_items = DynamoDBBackend.transact_write_items


def transact_write_items(self, transact_items):
    marks = [(t.stream_shard, len(t.stream_shard.items)) for t in self.tables.values() if t.stream_shard]
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        for shard, length in marks:
            del shard.items[length:]
        for table in self.tables.values():
            if table.stream_shard:
                table.stream_shard.table = table
        raise


DynamoDBBackend.transact_write_items = transact_write_items


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
