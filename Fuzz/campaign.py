#!/usr/bin/env python3
"""A hostile-user campaign against the release build: mutated case files, scenarios, profiles and baselines through
solve, convert, diff, baseline, contingency and simulate. Counts crashes (signals, exit codes other than 0/1/2), hangs
(over --timeout), non-finite numbers in any output at exit 0 or 1, and error messages longer than 5 lines.

    python3 Fuzz/campaign.py [--runs N] [--seed S] [--timeout SECONDS] [--binary .build/release/gridtwin]

Bounded in count and time; writes only below a temporary folder it creates and removes. Exit 1 when anything was found
(the offending inputs are kept in Fuzz/crashes/campaign-*).
"""
import argparse, os, random, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTREMES = ["0", "-0", "1", "-1", "1e308", "-1e308", "1e-320", "Inf", "-Inf", "NaN", "9223372036854775807",
            "-9223372036854775808", "4611686018427387904", "1e15", "0.5", "1e200", "2147483648", "-5", "1e9", "1e10"]
NONFINITE = re.compile(r"(?<![A-Za-z_])(nan|inf|-inf|infinity)(?![A-Za-z_])", re.IGNORECASE)


def mutate_text(text, rng):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(8)
        if not lines:
            break
        i = rng.randrange(len(lines))
        if kind == 0:  # replace a number
            numbers = list(re.finditer(r"-?\d+(\.\d+)?(e[-+]?\d+)?", lines[i]))
            if numbers:
                m = rng.choice(numbers)
                lines[i] = lines[i][:m.start()] + rng.choice(EXTREMES) + lines[i][m.end():]
        elif kind == 1:
            del lines[i]
        elif kind == 2:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 3:  # truncate a row
            fields = lines[i].split()
            lines[i] = " ".join(fields[: rng.randrange(len(fields) + 1)]) + (";" if lines[i].rstrip().endswith(";") else "")
        elif kind == 4:  # flip a byte
            if lines[i]:
                j = rng.randrange(len(lines[i]))
                lines[i] = lines[i][:j] + chr(rng.randrange(32, 127)) + lines[i][j + 1:]
        elif kind == 5:  # nesting
            lines.insert(i, "x = " + "(" * rng.randint(1, 30000) + "1;")
        elif kind == 6:  # indexed update
            lines.append(f"mpc.bus({rng.randint(-1, 40)}, {rng.randint(-1, 20)}) = {rng.choice(EXTREMES)};")
        else:  # swap two lines
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def run(binary, args, cwd, timeout):
    try:
        p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, timeout=timeout, text=True, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "hang", "", ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/gridtwin"))
    options = parser.parse_args()
    rng = random.Random(options.seed)
    cases = {name: open(os.path.join(ROOT, "grids", name)).read() for name in ["case9.m", "case14.m", "case30.m"]}
    scenario = open(os.path.join(ROOT, "grids/example/wind-north.yaml")).read().replace("steps: 8760", "steps: 24")
    profiles = "\n".join(open(os.path.join(ROOT, "grids/example/profiles-2016-hourly.csv")).read().split("\n")[:60])
    findings = []
    work = tempfile.mkdtemp(prefix="gridtwin-campaign-")
    try:
        for n in range(options.runs):
            folder = os.path.join(work, f"run{n}")
            os.makedirs(folder)
            name, text = rng.choice(list(cases.items()))
            with open(os.path.join(folder, "base.m"), "w") as f:
                f.write(text)
            with open(os.path.join(folder, "grid.m"), "w") as f:
                f.write(mutate_text(text, rng))
            target = rng.randrange(8)
            if target == 7:  # scenario and profiles
                with open(os.path.join(folder, "s.yaml"), "w") as f:
                    f.write(mutate_text(scenario.replace("../case118.m", "base.m").replace("profiles-2016-hourly.csv", "p.csv"), rng))
                with open(os.path.join(folder, "p.csv"), "w") as f:
                    f.write(mutate_text(profiles, rng) if rng.random() < 0.5 else profiles)
                shutil.copy(os.path.join(ROOT, "grids/case118.m"), os.path.join(folder, "base.m"))
                commands = [["simulate", "s.yaml", "--out", "out", "--quiet"]]
            elif target == 6:  # baseline
                run(options.binary, ["baseline", "save", "base.m", "-o", "b.json"], folder, options.timeout)
                if os.path.exists(os.path.join(folder, "b.json")):
                    with open(os.path.join(folder, "b.json")) as f:
                        stored = f.read()
                    with open(os.path.join(folder, "b.json"), "w") as f:
                        f.write(mutate_text(stored, rng))
                commands = [["baseline", "check", "base.m", "b.json", "--junit", "j.xml"]]
            else:
                commands = [
                    ["solve", "grid.m"], ["solve", "grid.m", "--format", "json"],
                    ["solve", "grid.m", "--format", "csv", "--out", "csv"], ["convert", "grid.m", "c.m"],
                    ["diff", "base.m", "grid.m", "--format", "json"], ["contingency", "grid.m", "--threads", "1"],
                    ["baseline", "save", "grid.m", "-o", "b2.json"], ["solve", "grid.m", "--init", "flat", "--enforce-q-limits"],
                ]
                commands = [rng.choice(commands)]
            for args in commands:
                status, out, err = run(options.binary, args, folder, options.timeout)
                problem = None
                if status == "hang":
                    problem = "hang"
                elif status not in (0, 1, 2):
                    problem = f"exit {status}"
                elif status == 2 and len(err.strip().split("\n")) > 5:
                    problem = "long error message"
                elif status in (0, 1):
                    texts = [out]
                    for root, _, files in os.walk(folder):
                        for file in files:
                            if file in ("base.m", "grid.m", "s.yaml", "p.csv", "b.json") or file.endswith(".m"):
                                continue
                            with open(os.path.join(root, file), errors="replace") as f:
                                texts.append(f.read())
                    # Names are the user's words ("Bus Inf LV"), not numbers.
                    texts = [re.sub(r'"(name|case)"\s*:\s*"[^"]*"', "", t) for t in texts]
                    if any(NONFINITE.search(t) for t in texts):
                        problem = "non-finite value in an output"
                if problem:
                    keep = os.path.join(ROOT, "Fuzz/crashes", f"campaign-{options.seed}-{n}")
                    shutil.copytree(folder, keep, dirs_exist_ok=True)
                    findings.append((problem, " ".join(args), keep, err.strip()[:300]))
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{options.runs} runs (seed {options.seed}): {len(findings)} findings")
    for problem, args, keep, err in findings:
        print(f"  {problem}: gridtwin {args}  [{keep}]  {err}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
