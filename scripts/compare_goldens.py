#!/usr/bin/python3
"""Checks that reformatted goldens keep their values: loads the old and new tests/golden/*.json,
maps the keys issue 23 item 6 renamed, and compares every old value with the new one.

Usage: compare_goldens.py OLD_DIR NEW_DIR
"""
import json
import pathlib
import sys

# Old path -> new path (a path is a tuple of keys). Keys not listed keep their path.
RENAMED = {
    ("concurrency",): ("scenario", "concurrency"),
}


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))
    else:
        yield path, value


def lookup(value, path):
    for key in path:
        value = value[key]
    return value


def main(old_dir, new_dir):
    old_files = sorted(pathlib.Path(old_dir).glob("*.json"))
    failures = 0
    compared = 0
    for old_file in old_files:
        new_file = pathlib.Path(new_dir) / old_file.name
        old = json.loads(old_file.read_text())
        new = json.loads(new_file.read_text())
        for path, value in leaves(old):
            target = RENAMED.get(path, path)
            try:
                got = lookup(new, target)
            except (KeyError, IndexError, TypeError):
                print(f"{old_file.name}: {'.'.join(map(str, path))} missing")
                failures += 1
                continue
            compared += 1
            if got != value:
                print(f"{old_file.name}: {'.'.join(map(str, path))}: {value} != {got}")
                failures += 1
        added = {p for p, _ in leaves(new)} - {RENAMED.get(p, p) for p, _ in leaves(old)}
        print(f"{old_file.name}: {sum(1 for _ in leaves(old))} old values, "
              f"new keys: {sorted({'.'.join(map(str, p[:2])) for p in added})}")
    print(f"{len(old_files)} goldens, {compared} values compared, {failures} differ or missing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
