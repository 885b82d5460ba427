#!/usr/bin/env python3
"""pandapower's DC OPF per step on case118 with 12 renewable plants (controllable static generators with a negative
cost, as a curtailment penalty) and the worked example's ratings: the peer figure for GridTwin's per-step optimal
dispatch. Prints the median ms per step over STEPS steps whose loads and availability vary.

    ~/.cache/gridtwin-peers/venv/bin/python tools/pandapower_dcopf.py [--steps 40]
"""
import argparse
import time
import warnings

import numpy as np
import pandapower as pp
import pandapower.networks as pn

warnings.simplefilter("ignore")
ap = argparse.ArgumentParser()
ap.add_argument("--steps", type=int, default=40)
a = ap.parse_args()
net = pn.case118()
buses = [10, 26, 69, 40, 70, 100, 12, 49, 59, 80, 92, 103]
for i, b in enumerate(buses):
    idx = pp.create_sgen(net, bus=b - 1, p_mw=0, max_p_mw=200, min_p_mw=0, controllable=True)
    pp.create_poly_cost(net, idx, "sgen", cp1_eur_per_mw=-1)
net.line["max_loading_percent"] = 100
net.trafo["max_loading_percent"] = 100
base = net.load.p_mw.copy()
rng = np.random.default_rng(1)
times = []
for s in range(a.steps):
    net.load.p_mw = base * (0.8 + 0.4 * rng.random())
    net.sgen.max_p_mw = 200 * rng.random(len(buses))
    t0 = time.perf_counter()
    pp.rundcopp(net)
    times.append((time.perf_counter() - t0) * 1000)
print(f"pandapower rundcopp case118 + 12 plants: median {np.median(times):.1f} ms per step "
      f"(min {min(times):.1f}, max {max(times):.1f}) over {a.steps} steps")
