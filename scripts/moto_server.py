"""moto's server, handling one request at a time.

moto runs a DynamoDB TransactWriteItems by snapshotting the tables and restoring
the snapshot when a condition fails, so concurrent requests on its default
threaded server can lose each other's writes. DynamoDB serialises conflicting
transactions; serving requests one by one gives the local stack and the tests
the same guarantee. Usage: python moto_server.py HOST PORT
"""

import sys

from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
