"""Fail when a dev-corpus measure is under the floor the latest issue sets."""
import json
import sys

FLOORS = {  # measure: (comparison, value), as the call-records and real-coverage issues set them
    "call_recall": (">=", 0.95),
    "call_precision": (">=", 0.95),
    "date_exact": (">=", 0.95),
    "duration_ok": (">=", 0.85),
    "initiator_ok": (">=", 0.90),
    "medium_ok": (">=", 1.0),
    "key_fact_recall": (">=", 0.85),
    "leaks": ("<=", 0),
    "article_attribution": (">=", 0.95),
    "qa_accuracy": (">=", 1.0),
    "junk_points": ("<=", 0),
    "point_max_chars": ("<=", 300),
}

got = json.load(open(sys.argv[1]))
bad = []
for name, (op, floor) in FLOORS.items():
    v = got.get(name)
    ok = v is not None and (v >= floor if op == ">=" else v <= floor)
    print("%-20s %-8s %s %s %s" % (name, v, op, floor, "ok" if ok else "UNDER FLOOR"))
    if not ok:
        bad.append(name)
if bad:
    print("dev-corpus score under the floors: " + ", ".join(bad))
    sys.exit(1)
print("dev-corpus score meets every floor")
