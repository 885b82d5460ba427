"""A held-out scenario read apart from GridTwin's code, for the independent dispatch references
(dispatch_reference.py: DC with unit decommitment, HiGHS; ac_dispatch_reference.py: AC optimal power flow, PYPOWER):
the MATPOWER case (matpowercaseframes), the profile CSV, the loads per bus and step, the plants' availability, the
branch ratings with the scenario's overrides.
"""
import csv
import os
import sys

import numpy as np
import yaml
from matpowercaseframes import CaseFrames


class ReferenceInputs:
    """Per-step loads (MW and Mvar per bus), renewable availability (MW per plant) and ratings (MVA per branch)."""

    def __init__(self, scenario_path, max_steps=0):
        folder = os.path.dirname(os.path.abspath(scenario_path))
        sc = yaml.safe_load(open(scenario_path))
        self.scenario = sc
        if sc.get("storage") or (sc.get("dispatch") or {}).get("ramp_limits"):
            sys.exit("storage and ramps are not compared (per step there is nothing to compare them with)")
        self.case_path = os.path.join(folder, sc["grid"])
        cf = CaseFrames(self.case_path)
        self.base_mva = float(cf.baseMVA)
        self.bus = np.array(cf.bus.values, dtype=float)
        self.gen = np.array(cf.gen.values, dtype=float)
        self.branch = np.array(cf.branch.values, dtype=float)
        self.gencost = np.array(cf.gencost.values, dtype=float) if hasattr(cf, "gencost") else None
        self.index = {int(b): i for i, b in enumerate(self.bus[:, 0])}
        nb = len(self.bus)

        rows = list(csv.reader(open(os.path.join(folder, sc["profiles"]))))
        header = rows[0]
        times = [r[0] for r in rows[1:]]
        start = times.index(str(sc["time"]["start"]).replace(" ", "T")[:16])
        steps = int(sc["time"]["steps"])
        if max_steps:
            steps = min(steps, max_steps)
        self.steps = steps
        self.times = times[start:start + steps]
        col = {h: j for j, h in enumerate(header)}

        def series(name):
            j = col[name]
            return np.array([float(rows[1 + start + t][j]) for t in range(steps)])

        # Loads: every bus follows the default profile and scale, or its own (the same factor for MW and Mvar).
        loads = sc.get("loads") or {}
        default = series(loads["profile"]) if loads.get("profile") else np.ones(steps)
        scale = loads.get("scale", 1.0)
        factor = np.zeros((steps, nb))
        for i in range(nb):
            factor[:, i] = default * scale
        for key, o in (loads.get("buses") or {}).items():
            i = self.index[int(key)]
            factor[:, i] = (series(o["profile"]) if o.get("profile") else default) * o.get("scale", scale)
        self.load_mw = self.bus[:, 2] * factor
        self.load_mvar = self.bus[:, 3] * factor

        plants = sc.get("renewables") or []
        self.available_mw = np.array(
            [[max(0.0, x) * p["capacity_mw"] for x in series(p["profile"])] for p in plants]).T.reshape(steps, len(plants))
        self.curtailable = [p.get("curtailable", True) for p in plants]
        self.plant_bus = [self.index[p["bus"]] for p in plants]

        # Ratings (RATE_A, the default, overrides for every parallel circuit "F-T" or one "F-T#N").
        br = self.branch
        ratings = sc.get("ratings") or {}
        rate = np.where(br[:, 5] > 0, br[:, 5], ratings.get("default_mva", 0.0))
        for key, value in (ratings.get("branches") or {}).items():
            ends, _, n = key.partition("#")
            f, t = (int(x) for x in ends.split("-"))
            match = [k for k in range(len(br)) if int(br[k, 0]) == f and int(br[k, 1]) == t]
            for k in ([match[int(n) - 1]] if n else match):
                rate[k] = value
        self.rating_mva = rate
        limits = sc.get("limits") or {}
        self.limit_percent = limits.get("branch_loading_percent", 100.0)
        self.voltage_band = limits.get("voltage_pu", [0.9, 1.1])
        dispatch = sc.get("dispatch") or {}
        self.penalty = dispatch.get("curtailment_penalty", 1.0)
        self.voll = dispatch.get("value_of_lost_load", 10000.0)
        self.hours = {"15min": 0.25, "30min": 0.5, "1h": 1.0}.get(str(sc["time"]["step"]), 1.0)


def gridtwin_steps(out_folder, steps):
    """GridTwin's steps.csv rows, at most `steps`."""
    return list(csv.DictReader(open(os.path.join(out_folder, "steps.csv"))))[:steps]


def print_comparison(differences, ours_mwh, reference_mwh, detail, summary):
    """Prints the `detail` steps where GridTwin curtails most beyond the reference ((MW more, time) pairs), then
    `summary` followed by both totals and their ratio."""
    for d, time in sorted(differences, reverse=True)[:detail]:
        print(f"  {time}: GridTwin curtails {d:+.2f} MW more")
    ratio = ours_mwh / reference_mwh if reference_mwh > 0 else float("nan")
    print(f"{summary}; curtailed: GridTwin {ours_mwh:.1f} MWh, reference {reference_mwh:.1f} MWh; ratio {ratio:.4f}")
