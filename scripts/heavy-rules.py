#!/usr/bin/env python3
"""A large rule file for the heavy-evaluation benchmark: as many indicators as a posted file may hold
(200, CityApplication.postedRulesLimit), labels padded to just under 256 KB, for one subject class
(default grid: every unit grid, the largest answer; department: a short evaluation).
Writes the JSON body of POST /api/v1/evaluation: {"rules": TEXT, "subject": SUBJECT, "period": PERIOD}.
Usage: scripts/heavy-rules.py PERIOD [SUBJECT] > body.json"""
import json, sys

period = sys.argv[1] if len(sys.argv) > 1 else "2026-11"
subject = sys.argv[2] if len(sys.argv) > 2 else "grid"
kinds = [
    "rate closed / disposed", "rate disposed_on_time / disposed", "count dispatched ; table 0:0 50:60 200:80 500:100", "rate filed / from_inspector",
    "ratio from_public / filed", "rate !invalidated / filed",
]
lines = ["ruleset heavy", "label 压力测试 | Heavy evaluation", "grades A 90 B 75 C 60 D 40 E", "", f"subject {subject}"]
pad = "指标说明" * 150  # a long bilingual label: the file's size, not its work
for i in range(200):
    lines.append(f"indicator i{i} = {kinds[i % len(kinds)]} ; weight 1 ; label 指标{i}{pad} | Indicator {i}")
text = "\n".join(lines) + "\n"
while len(text.encode()) > 256 * 1024 - 64:
    pad = pad[:-4]
    lines = lines[:5] + [f"indicator i{i} = {kinds[i % len(kinds)]} ; weight 1 ; label 指标{i}{pad} | Indicator {i}" for i in range(200)]
    text = "\n".join(lines) + "\n"
sys.stderr.write(f"rule file: {len(text.encode())} bytes, 200 indicators, subject {subject}\n")
print(json.dumps({"rules": text, "subject": subject, "period": period}, ensure_ascii=False))
