"""The local stack of `make serve` (devstack/): server, DynamoDB Local, rebuilds, mail."""
