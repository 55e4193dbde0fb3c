"""A projection process for the kill tests: catches up in small batches, pausing inside a batch on request."""

from __future__ import annotations

import os
import random
import sys
import time

from api.composition import build
from api.settings import Settings
from projections import runner


def main() -> None:
    services = build(Settings(_env_file=None))
    services.views.runner.batch_size = 7
    mode = os.environ["KILL_MODE"]
    write = runner.write
    batches = {"n": 0}

    def write_then_pause(connection, key, batch, position):  # noqa: ANN001, ANN202
        write(connection, key, batch, position)
        batches["n"] += 1
        if mode == "in-batch" and batches["n"] == 9:
            print("in-batch", flush=True)  # the transaction holds written rows and is not committed
            time.sleep(60)

    runner.write = write_then_pause
    print("ready", flush=True)
    if mode == "anywhere":
        time.sleep(random.uniform(0, 0.05))
    services.views.catch_up()
    time.sleep(60)


if __name__ == "__main__":
    sys.exit(main())
