#!/usr/bin/env python3
"""Writes the validation datasets from a clone of aspuru-guzik-group/olympus (read with git show, so any
clone at commit 440b6b5 gives the same files): one CSV per dataset with the header its config.json names,
and one scenario per dataset. Run once; its output is committed. Usage: import-olympus.py OLYMPUS_GIT_DIR"""
import csv, io, json, subprocess, sys
from pathlib import Path

COMMIT = "440b6b5"
SUITE = ["alkox", "benzylation", "fullerenes", "photo_pce10", "snar", "p3ht", "agnp", "colors_bob",
         "buchwald_a", "perovskites", "vapdiff_crystal", "oer_plate_3496", "electrochem"]
OUTSIDE = ["crossed_barrel", "suzuki_edbo", "suzuki_i", "mmli_opv"]
HERE = Path(__file__).resolve().parent


def show(repo, path):
    return subprocess.run(["git", "--git-dir", repo, "show", f"{COMMIT}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def budget(rows):
    """A quarter of the pool, in whole batches of 5, between 10 and 50 experiments."""
    return max(10, min(50, rows // 4 // 5 * 5))


def main(repo):
    (HERE / "data").mkdir(exist_ok=True)
    for group, names in (("suite", SUITE), ("outside", OUTSIDE)):
        (HERE / group).mkdir(exist_ok=True)
        for name in names:
            folder = f"src/olympus/datasets/dataset_{name}"
            config = json.loads(show(repo, f"{folder}/config.json"))
            inputs = [p["name"] for p in config["parameters"]]
            measurement = config["measurements"][0]
            goal = config["default_goal"]
            goal = goal[0] if isinstance(goal, list) else goal
            # An ordinal outcome (vapdiff_crystal's crystal score) becomes its rank among the options, 0 first.
            ranks = {o: i for i, o in enumerate(measurement.get("options", []))} if measurement.get("type") == "ordinal" else {}
            rows = [r for r in csv.reader(io.StringIO(show(repo, f"{folder}/data.csv"))) if r]
            width = len(inputs) + len(config["measurements"])
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(inputs + [measurement["name"]])
            for r in rows:
                assert len(r) == width, (name, r)
                value = r[len(inputs)]
                writer.writerow(r[:len(inputs)] + [ranks[value] if ranks else value])
            (HERE / "data" / f"{name}.csv").write_text(out.getvalue())
            distinct = len({tuple(r[:len(inputs)]) for r in rows})
            kinds = ", ".join(f"{p['name']} ({p['type']})" for p in config["parameters"])
            (HERE / group / f"{name}.yaml").write_text(f"""name: {name}
description: >
  Olympus dataset '{name}' as a pool of its {distinct} measured experiments ({len(rows)} rows): {kinds}.
  Data: github.com/aspuru-guzik-group/olympus, commit {COMMIT}, {folder}/data.csv (MIT licence,
  data/LICENSE.olympus.txt next to this folder's data).
objective:
  name: {measurement["name"]}
  goal: {goal.replace("maximise", "maximize").replace("minimise", "minimize")}
experiment:
  tool: table-emulator
  with:
    table: ../data/{name}.csv
    inputs: [{", ".join(inputs)}]
    output: {measurement["name"]}
planner:
  name: bo
budget:
  experiments: {budget(distinct)}
  batch: 5
""")
            print(f"{group}/{name}: {len(rows)} rows, {distinct} distinct, budget {budget(distinct)}, {goal}")


if __name__ == "__main__":
    main(sys.argv[1])
