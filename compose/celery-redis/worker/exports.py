"""The lab's Celery app: one task, exports.generate_csv.

Like many real export jobs, it loads every source record into memory before it sorts and
summarises them, so its peak memory grows with the export's size (`rows`): the records live in
one buffer of fixed-width slots, RECORD_BYTES per row, reserved up front. A normal export needs
a few MB; a full-history one needs a few hundred. Reserving the whole buffer at once also means
an export that cannot fit under the container's cap hits it in one step, so the kernel's OOM
killer acts at once instead of the cgroup thrashing on page cache first.
"""
import csv
import json
import os
import random
import struct
import tempfile
import time

from celery import Celery
from celery.utils.log import get_task_logger

from layouts import DEFAULT_HEADER, column_titles

logger = get_task_logger(__name__)

app = Celery("exports", broker=os.environ.get("BROKER_URL", "redis://redis:6379/0"))
app.conf.update(
    result_backend=os.environ.get("BROKER_URL", "redis://redis:6379/0"),
    result_expires=86400,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # One message at a time: nothing sits prefetched when the worker dies.
    worker_prefetch_multiplier=1,
    task_acks_late=False,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=True,
)


def _flag(name):
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


# The lab's demos run this same app under other acknowledgement settings; unset, nothing changes.
if "AOL_ACKS_LATE" in os.environ:
    app.conf.task_acks_late = _flag("AOL_ACKS_LATE")
if "AOL_REJECT_ON_WORKER_LOST" in os.environ:
    app.conf.task_reject_on_worker_lost = _flag("AOL_REJECT_ON_WORKER_LOST")
if os.environ.get("AOL_VISIBILITY_TIMEOUT"):
    app.conf.broker_transport_options = {**(app.conf.broker_transport_options or {}), "visibility_timeout": int(os.environ["AOL_VISIBILITY_TIMEOUT"])}
# A broker socket timeout, as many production stacks set one: a read that hangs longer than this
# breaks the connection, so a worker cut off from its broker notices, says so and reconnects.
# Unset (the default), a worker waits on a dead connection without a word.
if os.environ.get("AOL_BROKER_SOCKET_TIMEOUT"):
    seconds = float(os.environ["AOL_BROKER_SOCKET_TIMEOUT"])
    app.conf.broker_transport_options = {**(app.conf.broker_transport_options or {}), "socket_timeout": seconds, "socket_connect_timeout": seconds}
    # The results live in the same Redis: the same limit there, or a result write would hang instead.
    app.conf.redis_socket_timeout = seconds
    app.conf.redis_socket_connect_timeout = seconds

# A redelivery limit, as the lab's demos show one (unset or 0: none): an export delivered more
# often than this is set aside in the list DEAD_LETTER instead of run again.
REDELIVERY_LIMIT = int(os.environ.get("AOL_REDELIVERY_LIMIT") or 0)
DEAD_LETTER = "exports.dead-letter"

EXPORTS_DIR = os.environ.get("EXPORTS_DIR", "/var/lib/exports")
# Some deployments keep the finished file in the task's result too, so that whoever reads the
# result can serve it without the shared volume: the result backend then holds every export's
# CSV for result_expires. Unset, results stay small.
RESULT_CARRIES_CSV = _flag("EXPORT_RESULT_CARRIES_CSV")
REGIONS = ("eu-west", "eu-central", "us-east", "us-west", "ap-south", "sa-east")
# customer, amount, region index, and the order's reference padded to a fixed width.
RECORD = struct.Struct("<Id B 187s")
RECORD_BYTES = RECORD.size  # 200


def load_records(export_id, rows):
    """Every order in the export's range, materialised at once (the memory-hungry part)."""
    # bytearray * n fills every byte now, so the whole buffer is charged to the cgroup up front.
    buffer = bytearray(b"\0") * (rows * RECORD_BYTES)
    rnd = random.Random(export_id)
    customers = max(1, min(rows, 500))
    pack = RECORD.pack_into
    for i in range(rows):
        pack(buffer, i * RECORD_BYTES, rnd.randrange(customers), rnd.random() * 500.0, i % len(REGIONS), b"order-%012d" % i)
    return buffer, rows


def summarise(records):
    buffer, rows = records
    totals = {}
    unpack = RECORD.unpack_from
    for i in range(rows):
        customer, amount, region, _order = unpack(buffer, i * RECORD_BYTES)
        count, total = totals.get(customer, (0, 0.0))
        totals[customer] = (count + 1, total + amount)
        totals.setdefault(("region", customer), REGIONS[region])
    return totals


def set_aside_after_limit(task, export_id, kwargs):
    """Counts this delivery in Redis; past the limit, keeps the request in DEAD_LETTER and says so."""
    client = task.app.backend.client
    key = "exports.deliveries:%s" % task.request.id
    deliveries = client.incr(key)
    client.expire(key, 86400)
    if deliveries <= REDELIVERY_LIMIT:
        return False
    client.rpush(DEAD_LETTER, json.dumps({"id": task.request.id, "args": [export_id], "kwargs": kwargs, "deliveries": deliveries}))
    logger.warning("export %s delivered %d times (limit %d): set aside in %s", export_id, deliveries, REDELIVERY_LIMIT, DEAD_LETTER)
    return True


@app.task(name="exports.generate_csv", bind=True)
def generate_csv(self, export_id, rows=100, report="orders", layout=None):
    started = time.monotonic()
    if REDELIVERY_LIMIT and set_aside_after_limit(self, export_id, {"rows": rows, "report": report, "layout": layout}):
        return {"export_id": export_id, "set_aside": True}
    records = load_records(export_id, int(rows))
    totals = summarise(records)
    del records
    # Only a customer's own layout changes the header; without one it is the default.
    header = DEFAULT_HEADER if layout is None else column_titles(layout)
    fd, tmp = tempfile.mkstemp(dir=EXPORTS_DIR, prefix=".partial-", suffix=".csv")
    with os.fdopen(fd, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for customer in sorted(key for key in totals if not isinstance(key, tuple)):
            count, total = totals[customer]
            out.writerow(["customer-%04d" % customer, count, "%.2f" % total, totals[("region", customer)]])
    os.chmod(tmp, 0o644)
    carried = {}
    if RESULT_CARRIES_CSV:
        with open(tmp, encoding="utf-8") as written:
            carried["csv"] = written.read()
    # Atomic: the web only ever sees finished files.
    os.replace(tmp, os.path.join(EXPORTS_DIR, "%s.csv" % export_id))
    return {"export_id": export_id, "rows": int(rows), "customers": sum(1 for key in totals if not isinstance(key, tuple)),
            "seconds": round(time.monotonic() - started, 3),
            # Set by kombu when it put the message back on the queue (a restore or a requeue).
            "redelivered": bool((self.request.delivery_info or {}).get("redelivered")),
            **carried}
