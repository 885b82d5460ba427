#!/usr/bin/env python3
"""An independent per-step AC optimal power flow, to check GridTwin's curtailment against a dispatch that is feasible
in AC (the DC reference, dispatch_reference.py, may leave branches overloaded once reactive flows and losses are
counted, so its curtailment can be lower than any AC-feasible dispatch's).

Written apart from GridTwin's code (scenario read by reference_inputs.py): each step is PYPOWER's AC OPF (MATPOWER's
formulation, interior point) on the case with the step's loads, every renewable plant a generator with
0 ≤ P ≤ available (= when not curtailable), Q = 0 and a cost of −penalty $/MWh, branch limits |S| ≤ rating·limit%
at both ends, every bus within the scenario's voltage band and every unit within its P and Q limits:

    min  Σ_g cost_g(P_g) − penalty·Σ_p used_p

Units with PMIN > 0 stay committed (no decommitment: compare on scenarios where PMIN is 0). Each step starts from the
last step's solution, then from the case's own start if that fails (about 3–6 s per step on case300; progress on
stderr). Prints total curtailment (MWh) of GridTwin and of this reference, their ratio over the steps both solved, and
the steps where the OPF found no solution.

    ~/.cache/gridtwin-peers/venv/bin/python tools/ac_dispatch_reference.py SCENARIO.yaml GRIDTWIN_OUT_FOLDER [--steps N] [--detail N]
"""
import argparse
import sys
import warnings

import numpy as np
from pypower.api import ppoption, runopf
from pypower.idx_brch import RATE_A, PF, QF, PT, QT
from pypower.idx_bus import PD, QD, VMAX, VMIN, VM, VA
from pypower.idx_gen import PG, QG, PMAX, PMIN, QMAX, QMIN, GEN_STATUS, GEN_BUS, VG, MBASE

from reference_inputs import ReferenceInputs, gridtwin_steps, print_comparison


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--detail", type=int, default=0, help="print the N steps where the two differ most")
    a = ap.parse_args()
    warnings.simplefilter("ignore")
    inputs = ReferenceInputs(a.scenario, a.steps)
    bus = inputs.bus[:, :13].copy()
    gen = inputs.gen[:, :21].copy()
    branch = inputs.branch[:, :13].copy()
    cost = inputs.gencost
    if cost is None:
        raise SystemExit("the case has no gencost")
    P = len(inputs.plant_bus)
    bus[:, VMIN], bus[:, VMAX] = inputs.voltage_band
    branch[:, RATE_A] = inputs.rating_mva * inputs.limit_percent / 100
    # Plants: generators with Q = 0, a linear cost of −penalty.
    plants = np.zeros((P, gen.shape[1]))
    for p, b in enumerate(inputs.plant_bus):
        plants[p, GEN_BUS] = inputs.bus[b, 0]
        plants[p, VG] = 1.0
        plants[p, MBASE] = inputs.base_mva
        plants[p, GEN_STATUS] = 1
    width = max(cost.shape[1], 6)
    gencost = np.zeros((len(gen) + P, width))
    gencost[:len(gen), :cost.shape[1]] = cost
    gencost[len(gen):, :6] = [2, 0, 0, 2, -inputs.penalty, 0]
    options = ppoption(VERBOSE=0, OUT_ALL=0, PDIPM_MAX_IT=400)
    gt = gridtwin_steps(a.out, inputs.steps)
    ours = reference = 0.0
    failed, differences, counted = [], [], 0
    last = None
    for s in range(inputs.steps):
        bus[:, PD], bus[:, QD] = inputs.load_mw[s], inputs.load_mvar[s]
        avail = inputs.available_mw[s]
        plants[:, PMAX] = avail
        plants[:, PMIN] = [avail[p] if not inputs.curtailable[p] else 0.0 for p in range(P)]
        plants[:, PG] = avail
        ppc = {"version": "2", "baseMVA": inputs.base_mva, "bus": bus.copy(), "gen": np.vstack([gen, plants]),
               "branch": branch.copy(), "gencost": gencost.copy()}
        if s and s % 24 == 0:
            print(f"  {s} of {inputs.steps} steps, {len(failed)} failed", file=sys.stderr, flush=True)
        result = None
        if last is not None:
            warm = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in ppc.items()}
            warm["bus"][:, VM], warm["bus"][:, VA] = last["bus"][:, VM], last["bus"][:, VA]
            warm["gen"][:len(gen), PG] = last["gen"][:len(gen), PG]
            warm["gen"][:, QG] = last["gen"][:, QG]
            result = runopf(warm, options)
        if result is None or not result["success"]:
            # From the case's own voltages and set-points.
            result = runopf(ppc, options)
        if not result["success"]:
            failed.append(inputs.times[s])
            last = None
            continue
        last = result
        used = result["gen"][len(gen):, PG]
        curtailed = float(np.sum(avail - used))
        row = gt[s] if s < len(gt) else None
        if row is None or row["converged"] != "1":
            continue
        counted += 1
        reference += curtailed * inputs.hours
        ours += float(row["curtailed_mw"]) * inputs.hours
        differences.append((float(row["curtailed_mw"]) - curtailed, inputs.times[s]))
    print_comparison(differences, ours, reference, a.detail, f"steps compared {counted} of {inputs.steps} (reference: AC "
                     f"OPF, which failed in {len(failed)}: {' '.join(failed[:10])})")


if __name__ == "__main__":
    main()
