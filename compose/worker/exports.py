"""The lab's Celery app: one task, exports.generate_csv.

Like many real export jobs, it loads every source record into memory before it sorts and
summarises them, so its peak memory grows with the export's size (`rows`). A normal export
needs a few MB; a full-history one needs a few hundred MB.
"""
import csv
import os
import random
import tempfile
import time

from celery import Celery

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

EXPORTS_DIR = os.environ.get("EXPORTS_DIR", "/var/lib/exports")
REGIONS = ("eu-west", "eu-central", "us-east", "us-west", "ap-south", "sa-east")


def load_records(export_id, rows):
    """Every order in the export's range, materialised at once (the memory-hungry part)."""
    rnd = random.Random(export_id)
    customers = max(1, min(rows, 500))
    return [
        (rnd.randrange(customers), "order-%012d" % i, rnd.random() * 500.0, REGIONS[i % len(REGIONS)])
        for i in range(rows)
    ]


def summarise(records):
    totals = {}
    for customer, _order, amount, region in sorted(records):
        count, total, _ = totals.get(customer, (0, 0.0, region))
        totals[customer] = (count + 1, total + amount, region)
    return totals


@app.task(name="exports.generate_csv")
def generate_csv(export_id, rows=100, report="orders"):
    started = time.monotonic()
    records = load_records(export_id, int(rows))
    totals = summarise(records)
    del records
    fd, tmp = tempfile.mkstemp(dir=EXPORTS_DIR, prefix=".partial-", suffix=".csv")
    with os.fdopen(fd, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer", "orders", "total", "region"])
        for customer in sorted(totals):
            count, total, region = totals[customer]
            out.writerow(["customer-%04d" % customer, count, "%.2f" % total, region])
    os.chmod(tmp, 0o644)
    # Atomic: the web only ever sees finished files.
    os.replace(tmp, os.path.join(EXPORTS_DIR, "%s.csv" % export_id))
    return {"export_id": export_id, "rows": int(rows), "customers": len(totals),
            "seconds": round(time.monotonic() - started, 3)}
