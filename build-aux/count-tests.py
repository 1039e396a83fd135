#!/usr/bin/env python3
"""Counts test cases in meson's testlog.json and prints the closing line.

GLib test programs speak TAP, so each of their test cases counts on its own;
a program that is not TAP (the data validators) counts as one case.  Prints
"N passed, N failed, N skipped" as the last line; exits 1 on any failure, when
nothing ran, or when CI=true and anything was skipped (no suite may skip in CI).
"""
import json
import os
import re
import sys

passed = failed = skipped = 0
failures = []

with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        test = json.loads(line)
        name = test["name"]
        result = test["result"]
        tap = [l for l in test.get("stdout", "").splitlines()
               if re.match(r"^(not )?ok\b", l)]
        if test.get("protocol") == "tap" or tap:
            for l in tap:
                if l.startswith("not ok"):
                    if "# TODO" in l:
                        continue
                    failed += 1
                    failures.append(f"{name}: {l}")
                elif "# SKIP" in l.upper():
                    skipped += 1
                    failures.append(f"{name}: skipped: {l}")
                else:
                    passed += 1
            # A TAP program that crashed, timed out or planned more cases
            # than it ran fails even when every line it printed was "ok".
            if result not in ("OK", "SKIP", "EXPECTEDFAIL") and not any(
                    l.startswith("not ok") for l in tap):
                failed += 1
                failures.append(f"{name}: {result}")
        elif result == "OK":
            passed += 1
        elif result == "SKIP":
            skipped += 1
            failures.append(f"{name}: skipped")
        else:
            failed += 1
            failures.append(f"{name}: {result}")

for f in failures:
    print(f"  {f}")

ci = os.environ.get("CI", "").lower() in ("true", "1")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 or (ci and skipped) else 0)
