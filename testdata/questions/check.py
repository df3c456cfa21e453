#!/usr/bin/env python3
"""Consistency check for the question corpus in this folder.

Run from anywhere: python3 testdata/questions/check.py
Exits non-zero with one line per problem. It re-derives every question's
expected calls from labels.json with the reference reading described in
README.md, so a hand edit that breaks the arithmetic is caught here.
"""
import datetime as dt
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
INTENTS = {"latest", "when", "duration", "initiator", "discuss", "agreed", "sides",
           "list", "count", "compare", "did", "help", "unknown"}
ONE = {"latest", "when", "duration", "initiator", "discuss", "agreed", "sides"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

problems = []


def bad(msg):
    problems.append(msg)


def day(s, what):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        bad("%s: not a YYYY-MM-DD date: %r" % (what, s))
        return None


def instant(s, what):
    try:
        if not s.endswith("Z"):
            raise ValueError
        return dt.datetime.fromisoformat(s[:-1] + "+00:00")
    except (AttributeError, ValueError):
        bad("%s: not an RFC 3339 UTC time: %r" % (what, s))
        return None


leaders = {l["id"]: l for l in json.load(open(os.path.join(ROOT, "summaries/leaders/data/leaders.json")))["leaders"]}


def in_office(lid, d):
    for o in leaders[lid]["offices"]:
        if o["from"] <= d.isoformat() and ("to" not in o or d.isoformat() < o["to"]):
            return True
    return False


# --- coverage
arts = {}
urls = set()
for n, line in enumerate(open(os.path.join(HERE, "coverage.jsonl")), 1):
    a = json.loads(line)
    if set(a) != {"id", "url", "outlet", "published", "title", "body"}:
        bad("coverage line %d: fields %s" % (n, sorted(a)))
    if a["id"] in arts:
        bad("coverage: duplicate id %s" % a["id"])
    if a["url"] in urls or not re.match(r"https://[a-z0-9.-]+\.test/", a["url"]):
        bad("coverage %s: url duplicate or not under .test: %s" % (a["id"], a["url"]))
    urls.add(a["url"])
    instant(a["published"], "coverage %s published" % a["id"])
    arts[a["id"]] = a

# --- labels
labels = json.load(open(os.path.join(HERE, "labels.json")))
calls = {}
for c in labels["calls"]:
    d = day(c["date"], "call %s" % c["id"])
    if not c["id"].endswith(c["date"]):
        bad("call %s: id does not end with its date" % c["id"])
    if c["medium"] not in ("phone", "video"):
        bad("call %s: medium %r" % (c["id"], c["medium"]))
    if c["participants"] != sorted(c["participants"]) or len(c["participants"]) < 2:
        bad("call %s: participants must be 2+ sorted ids" % c["id"])
    for p in c["participants"]:
        if p not in leaders:
            bad("call %s: unknown leader %s" % (c["id"], p))
        elif d and not in_office(p, d):
            bad("call %s: %s not in office on %s" % (c["id"], p, d))
    if c["initiator"] is not None and c["initiator"] not in c["participants"]:
        bad("call %s: initiator %s is not a participant" % (c["id"], c["initiator"]))
    calls[c["id"]] = c
covered = set()
for aid, cid in labels["articles"].items():
    if aid not in arts:
        bad("labels: article %s not in coverage.jsonl" % aid)
        continue
    if cid is None:
        continue
    if cid not in calls:
        bad("labels: article %s -> unknown call %s" % (aid, cid))
        continue
    covered.add(cid)
    a, c = arts[aid], calls[cid]
    text = (a["title"] + "\n" + a["body"]).lower()
    for p in c["participants"]:
        if not any(nm.lower() in text for nm in leaders[p]["names"]):
            bad("article %s names no form of %s" % (aid, p))
    if not re.search(r"by phone|phone call|telephone|video call|video link|phoned|called|calls? ", text):
        bad("article %s never says it was a call" % aid)
    pub = instant(a["published"], aid)
    if pub and (pub.date() - dt.date.fromisoformat(c["date"])).days not in (0, 1):
        bad("article %s published %s, not on or the day after %s" % (aid, a["published"], c["date"]))
for aid in arts:
    if aid not in labels["articles"]:
        bad("coverage %s has no label" % aid)
for cid in calls:
    if cid not in covered:
        bad("call %s has no article" % cid)


# --- questions
def reference(q, now):
    r = []
    for c in calls.values():
        if c["date"] > now.date().isoformat():
            continue
        if not set(q["leaders"]) <= set(c["participants"]):
            continue
        if q["from"] and c["date"] < q["from"]:
            continue
        if q["to"] and c["date"] >= q["to"]:
            continue
        if q["medium"] and c["medium"] != q["medium"]:
            continue
        if not all(any(w in t for t in c["topics"]) for w in q["words"]):
            continue
        r.append(c)
    return [c["id"] for c in sorted(r, key=lambda c: c["date"], reverse=True)]


qs = [json.loads(l) for l in open(os.path.join(HERE, "questions.jsonl"))]
counts = {}
for i, q in enumerate(qs):
    w = "question %d (%r)" % (i, q.get("q"))
    if set(q) != {"q", "now", "follow_up_of", "intent", "leaders", "from", "to", "words", "medium", "calls", "first_line"}:
        bad("%s: fields %s" % (w, sorted(q)))
        continue
    counts[q["intent"]] = counts.get(q["intent"], 0) + 1
    if q["intent"] not in INTENTS:
        bad("%s: intent %r" % (w, q["intent"]))
    now = instant(q["now"], w)
    fu = q["follow_up_of"]
    if fu is not None:
        if not isinstance(fu, int) or not 0 <= fu < i:
            bad("%s: follow_up_of %r is not an earlier index" % (w, fu))
        else:
            pnow = instant(qs[fu]["now"], w)
            if now and pnow and not dt.timedelta(0) <= now - pnow <= dt.timedelta(minutes=30):
                bad("%s: asked more than 30 minutes after the question it follows" % w)
    for l in q["leaders"]:
        if l not in leaders:
            bad("%s: unknown leader %s" % (w, l))
    if q["leaders"] != sorted(set(q["leaders"])):
        bad("%s: leaders not sorted/unique" % w)
    f = day(q["from"], w) if q["from"] is not None else None
    t = day(q["to"], w) if q["to"] is not None else None
    if f and t and f >= t:
        bad("%s: from %s not before to %s" % (w, f, t))
    if any(x != x.lower() for x in q["words"]):
        bad("%s: words must be lowercase" % w)
    if q["medium"] not in (None, "phone", "video"):
        bad("%s: medium %r" % (w, q["medium"]))
    for cid in q["calls"]:
        if cid not in calls:
            bad("%s: unknown call %s" % (w, cid))
            continue
        c = calls[cid]
        if now and c["date"] > now.date().isoformat():
            bad("%s: call %s is after now" % (w, cid))
        for l in q["leaders"]:
            if not in_office(l, dt.date.fromisoformat(c["date"])):
                bad("%s: %s not in office on %s" % (w, l, c["date"]))
    dates = [calls[c]["date"] for c in q["calls"] if c in calls]
    if dates != sorted(dates, reverse=True):
        bad("%s: calls not newest first" % w)
    # the expectation must follow from the labels
    if now and q["intent"] not in ("help", "unknown") and not any(p for p in problems if p.startswith(w)):
        ref = reference(q, now)
        if q["intent"] == "compare":
            if len(q["calls"]) != 2 or not set(q["calls"]) <= set(ref):
                bad("%s: compare needs two matching calls, has %s" % (w, q["calls"]))
        else:
            want = ref[:1] if q["intent"] in ONE else ref
            if q["calls"] != want:
                bad("%s: calls %s, labels give %s" % (w, q["calls"], want))
    if q["intent"] in ("help", "unknown") and q["calls"]:
        bad("%s: %s answers hold no calls" % (w, q["intent"]))
    fl = q["first_line"]
    if q["intent"] in ("list", "count") and q["calls"] and fl != str(len(q["calls"])):
        bad("%s: first_line should be the count %d" % (w, len(q["calls"])))
    if q["intent"] == "count" and not q["calls"] and fl != "0":
        bad("%s: an empty count starts with 0" % w)
    if q["intent"] == "did" and fl != ("Yes" if q["calls"] else "No"):
        bad("%s: did first_line %r" % (w, fl))
    # relative day words must agree with now
    text = q["q"].lower()
    if now and f:
        for k, name in enumerate(WEEKDAYS):
            if "last " + name in text and (f.weekday() != k or not 1 <= (now.date() - f).days <= 7 or t != f + dt.timedelta(days=1)):
                bad("%s: 'last %s' is not %s" % (w, name, f))
        if "yesterday" in text and f != now.date() - dt.timedelta(days=1):
            bad("%s: yesterday is not %s" % (w, f))
        if "today" in text and f != now.date():
            bad("%s: today is not %s" % (w, f))
        m = re.search(r"\bthe (\d+)(st|nd|rd|th)\b(?! of)", text)
        if m and (f.day != int(m.group(1)) or f > now.date() or (now.date() - f).days > 31):
            bad("%s: '%s' is not %s" % (w, m.group(0), f))
        for y, mo, d_ in re.findall(r"\b(20\d\d)-(\d\d)-(\d\d)\b", text):
            if not (f.isoformat() <= "%s-%s-%s" % (y, mo, d_) and (t is None or "%s-%s-%s" % (y, mo, d_) < t.isoformat())):
                bad("%s: %s-%s-%s lies outside the period" % (w, y, mo, d_))

for p in problems:
    print(p)
print("%d articles, %d calls, %d questions: %s" % (len(arts), len(calls), len(qs),
      ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
sys.exit(1 if problems else 0)
