#!/usr/bin/env python3
"""An independent per-step DC optimal dispatch with unit decommitment, to check GridTwin's curtailment.

Written apart from GridTwin's code: reads the scenario YAML, the MATPOWER case (matpowercaseframes) and the profile CSV
itself, builds the PTDF matrix with numpy, and solves each step's mixed-integer program with HiGHS (scipy.optimize.milp):

    min  Σ_g (c1_g·P_g + c0_g·u_g) + penalty·Σ_p (avail_p − used_p) + VOLL·shed
    s.t. Σ P + Σ used + shed = load + losses_t        (losses_t: GridTwin's AC losses of that step, from steps.csv)
         PMIN·u ≤ P ≤ PMAX·u, u ∈ {0,1} (u = 1 fixed where PMIN = 0), 0 ≤ used ≤ avail (= when not curtailable)
         |PTDF·(injections)| ≤ rating·limit%          for every rated branch (no lazy rows)

Costs: gencost's linear term (model 2) or the average slope (model 1); the constant as no-load cost. Scenarios with
storage or ramps are refused (per step there is no storage foresight to compare with). Prints total curtailment
(MWh) of GridTwin and of this reference, and their ratio.

    ~/.cache/gridtwin-peers/venv/bin/python tools/dispatch_reference.py SCENARIO.yaml GRIDTWIN_OUT_FOLDER [--steps N]

Needs PyYAML beside the peers (`~/.cache/gridtwin-peers/venv/bin/pip install pyyaml`: ../shared/anchors/setup does
not install it). Held-out scenarios with their commands: tools/scenarios/.
"""
import argparse

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from reference_inputs import ReferenceInputs, gridtwin_steps, print_comparison


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--detail", type=int, default=0, help="print the N steps where the two differ most")
    a = ap.parse_args()
    inputs = ReferenceInputs(a.scenario, a.steps)
    bus, gen, br, cost, idx = inputs.bus, inputs.gen, inputs.branch, inputs.gencost, inputs.index
    nb, steps = len(bus), inputs.steps
    pd, avail, curtailable, plant_bus = inputs.load_mw, inputs.available_mw, inputs.curtailable, inputs.plant_bus
    rate, limit_pct = inputs.rating_mva, inputs.limit_percent

    # PTDF (DC, lossless, taps; reference = the slack bus).
    on = br[:, 10] > 0
    f = np.array([idx[int(x)] for x in br[:, 0]])
    t = np.array([idx[int(x)] for x in br[:, 1]])
    tap = np.where(br[:, 8] == 0, 1.0, br[:, 8])
    b = np.where(on, 1.0 / (br[:, 3] * tap), 0.0)
    B = np.zeros((nb, nb))
    for k in np.nonzero(on)[0]:
        B[f[k], f[k]] += b[k]; B[t[k], t[k]] += b[k]; B[f[k], t[k]] -= b[k]; B[t[k], f[k]] -= b[k]
    ref = int(np.nonzero(bus[:, 1] == 3)[0][0])
    keep = [i for i in range(nb) if i != ref]
    X = np.zeros((nb, nb))
    X[np.ix_(keep, keep)] = np.linalg.inv(B[np.ix_(keep, keep)])
    Bf = np.zeros((len(br), nb))
    for k in np.nonzero(on)[0]:
        Bf[k, f[k]] = b[k]; Bf[k, t[k]] = -b[k]
    ptdf = Bf @ X
    mon = [k for k in range(len(br)) if on[k] and rate[k] > 0]
    lim = rate[mon] * limit_pct / 100

    # Generators and their costs.
    gon = [g for g in range(len(gen)) if gen[g, 7] > 0]
    pmax = np.array([max(0.0, gen[g, 8]) for g in gon])
    pmin = np.array([min(max(0.0, gen[g, 9]), pmax[j]) for j, g in enumerate(gon)])
    c1 = np.zeros(len(gon)); c0 = np.zeros(len(gon))
    for j, g in enumerate(gon):
        if cost is None:
            continue
        row = cost[g]
        if int(row[0]) == 2:
            n = int(row[3]); coef = row[4:4 + n]
            top = max(pmax[j], 1.0)
            # Average marginal cost over [0, PMAX] of the polynomial, and its constant.
            c1[j] = (np.polyval(coef, top) - np.polyval(coef, 0.0)) / top
            c0[j] = max(0.0, coef[-1])
        else:
            n = int(row[3]); pts = row[4:4 + 2 * n]
            xs, ys = pts[0::2], pts[1::2]
            c1[j] = (ys[-1] - ys[0]) / max(xs[-1] - xs[0], 1e-9)
            c0[j] = max(0.0, ys[0] - c1[j] * xs[0])
    gbus = [idx[int(gen[g, 0])] for g in gon]
    penalty, voll = inputs.penalty, inputs.voll

    # GridTwin's steps: losses and curtailment.
    gt = gridtwin_steps(a.out, steps)
    hours = inputs.hours

    G, P = len(gon), len(plant_bus)
    nv = 2 * G + P + 1   # P_g, u_g, used_p, shed
    integrality = np.zeros(nv)
    integrality[G:2 * G] = [1 if pmin[j] > 0 else 0 for j in range(G)]
    c = np.concatenate([c1, c0, -penalty * np.ones(P), [voll]])
    ours = ref_total = 0.0
    counted = 0
    differences = []
    for s in range(steps):
        if gt[s]["converged"] != "1" or gt[s].get("dispatch_feasible", "1") != "1":
            continue
        load = pd[s].sum()
        losses = float(gt[s]["losses_mw"])
        lo = np.concatenate([np.zeros(G), [1.0 if pmin[j] == 0 else 0.0 for j in range(G)],
                             [avail[s, p] if not curtailable[p] else 0.0 for p in range(P)], [0.0]])
        hi = np.concatenate([pmax, np.ones(G), avail[s], [load]])
        A = []; lb = []; ub = []
        A.append(np.concatenate([np.ones(G), np.zeros(G), np.ones(P), [1.0]])); lb.append(load + losses); ub.append(load + losses)
        for j in range(G):   # P − PMIN·u ≥ 0, P − PMAX·u ≤ 0
            r = np.zeros(nv); r[j] = 1; r[G + j] = -pmin[j]; A.append(r); lb.append(0); ub.append(np.inf)
            r = np.zeros(nv); r[j] = 1; r[G + j] = -pmax[j]; A.append(r); lb.append(-np.inf); ub.append(0)
        if mon:
            sub = ptdf[mon]
            loadflow = -sub @ pd[s]
            rows_ = np.zeros((len(mon), nv))
            rows_[:, :G] = sub[:, gbus]
            rows_[:, 2 * G:2 * G + P] = sub[:, plant_bus]
            rows_[:, -1] = -loadflow / load if load > 0 else 0
            A.extend(rows_); lb.extend(-lim - loadflow); ub.extend(lim - loadflow)
        res = milp(c, constraints=LinearConstraint(csr_matrix(np.array(A)), lb, ub), integrality=integrality,
                   bounds=Bounds(lo, hi), options={"mip_rel_gap": 1e-9})
        if res.status != 0:
            continue
        ref_total += (avail[s].sum() - res.x[2 * G:2 * G + P].sum()) * hours
        ours += float(gt[s]["curtailed_mw"]) * hours
        differences.append((float(gt[s]["curtailed_mw"]) - (avail[s].sum() - res.x[2 * G:2 * G + P].sum()), gt[s]["time"]))
        counted += 1
    print_comparison(differences, ours, ref_total, a.detail, f"steps compared {counted} of {steps} (reference: HiGHS, DC)")


if __name__ == "__main__":
    main()
