"""The load test's figures (tools/load.sh): printed, and written to docs/load.md.

Reads Locust's CSV files (throughput, p50/p95 per action, failures by cause),
the kill, the drain and the checks (benchmarks/load/check.py) from ``--dir``.
"""
import argparse
import csv
import json
import os
import platform
import subprocess
from datetime import datetime, timezone


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (FileNotFoundError, ValueError):
        return default


def read_csv(path):
    try:
        with open(path, newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        return []


def machine():
    cores = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        mem = 0
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines()
                      if line.startswith("Model name")), platform.processor())
    except OSError:
        model = platform.processor()
    load = " ".join("%.2f" % n for n in os.getloadavg())
    return "%s cores, %.1f GiB RAM, %s; load average at the end %s" % (cores, mem, model, load)


def ms(value):
    try:
        return "%d ms" % round(float(value))
    except (TypeError, ValueError):
        return "-"


def table(stats):
    lines = ["| action | requests | failures | req/s | p50 | p95 | max |",
             "|---|---|---|---|---|---|---|"]
    for row in sorted(stats, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all actions**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append("| %s | %s | %s | %.2f | %s | %s | %s |" % (
            name, row["Request Count"], row["Failure Count"], float(row["Requests/s"] or 0),
            ms(row["50%"]), ms(row["95%"]), ms(row["Max Response Time"])))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--scale", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--users", required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--workers", required=True)
    parser.add_argument("--crons", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    d = args.dir
    stats = read_csv(os.path.join(d, "locust_stats.csv"))
    failures = read_csv(os.path.join(d, "locust_failures.csv"))
    kill = read_json(os.path.join(d, "kill.json"))
    drain = read_json(os.path.join(d, "drain.json"), {})
    checks = read_json(os.path.join(d, "checks.json"), {})
    prepared = read_json(os.path.join(d, "prepared.json"), {})
    n_dev, n_maint, n_manager = args.users.split(",")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    out = ["# Load test: two Odoo nodes over one PostgreSQL", "",
           "Written by `make load` (`tools/load.sh`, `benchmarks/load/`) on %s." % now, "",
           "Machine: %s. Everything ran on this one machine: PostgreSQL, both nodes and "
           "Locust share its cores." % machine(), "",
           "Data: `benchmarks/generate.py --scale %s --seed %s` with the module (as `make bench` "
           "builds its module database), then `benchmarks/load/prepare.py`: an update notice "
           "queued to every maintained customer (%s), %d planned milestones due for a reminder, "
           "no planned revisit yet (the revisit job plans one per maintained customer), the "
           "module's scheduled jobs due every minute." % (
               args.scale, args.seed, (prepared.get("notice") or {}).get("recipients", "?"),
               len(prepared.get("milestones") or [])), "",
           "Nodes: two Odoo 11 servers in multi-process mode on 127.0.0.1, each with %s HTTP "
           "workers and %s cron worker(s), over the same database. Load: Locust, %s development, "
           "%s maintenance and %s manager staff (1-3 s between actions), spread over both nodes, "
           "for %s s (%s to %s)." % (args.workers, args.crons, n_dev, n_maint, n_manager,
                                    args.duration, args.start, args.end), ""]
    if kill:
        out += ["Kill: node 1 was killed with SIGKILL (every process of it) at %s, in the "
                "middle of a job batch; its backend was running: `%s`. Its staff moved to "
                "node 2 (their requests refused meanwhile are the \"node down\" failures)." % (
                    kill["killed_at"], kill["backend"]), ""]
    else:
        out += ["Kill: none in this run.", ""]
    out += ["## Throughput and response times", ""] + table(stats) + [""]
    if failures:
        out += ["Failures by cause:", "", "| action | cause | count |", "|---|---|---|"]
        out += ["| %s | %s | %s |" % (f["Name"], f["Error"], f["Occurrences"]) for f in failures]
        out += [""]
    else:
        out += ["No request failed.", ""]
    logs = checks.get("logs", {})
    out += ["## Scheduled jobs", ""]
    for name, log in sorted(logs.items()):
        jobs = ", ".join("%s x%d" % (job, n) for job, n in sorted(log["jobs"].items())) or "none"
        retried = ", ".join("%s %d" % item for item in sorted(log["retried"].items())) or "none"
        out += ["- %s: jobs started: %s. Concurrency errors Odoo retried: %s (queries "
                "refused for a concurrent update, logged: %d)." % (
                    name, jobs, retried, log.get("concurrency errors logged", 0))]
    if drain:
        out += ["- After the load: %s (%s)." % (
            "the surviving node finished the jobs' work in %s s" % drain["seconds"]
            if drain.get("drained") else "work still left after %s s" % drain.get("seconds"),
            ", ".join("%s: %s" % item for item in sorted(drain.get("left", {}).items())))]
    out += ["", "## Checks after the run", ""]
    if checks:
        acked = checks["acknowledged writes"]
        notices = checks["update notices"]
        out += [
            "- Acknowledged writes (%s): %d lost, %d doubled." % (
                ", ".join("%s %d" % item for item in sorted(acked["acknowledged"].items())),
                len(acked["lost"]), len(acked["doubled"])),
            "- Update notices: %d notices, %d messages to customers; sent twice to a customer: "
            "%d; not sent in full: %d." % (notices["notices"], notices["messages sent"],
                                         len(notices["sent twice"]), len(notices["incomplete"])),
            "- Revisits: %d planned; customers with two open revisits: %d." % (
                checks["revisits"]["planned revisits"],
                len(checks["revisits"]["customers with two open revisits"])),
            "- Reminders and To-Dos: %d activities created; given twice: %d; reminded "
            "milestones without exactly one reminder: %d." % (
                checks["reminders"]["activities created"], len(checks["reminders"]["given twice"]),
                checks["reminders"]["reminded milestones without exactly one reminder"]),
            "- Left locked after the nodes stopped: %s." % ", ".join(
                "%s %s" % item for item in sorted(checks["locks"].items())),
            "- Logs: %s." % "; ".join(
                "%s: %s" % (name, ", ".join("%s %d" % (kind, log[kind]["count"])
                                            for kind in ("errors", "tracebacks", "deadlocks",
                                                         "worker limits")))
                for name, log in sorted(logs.items())),
            "",
            "**Result: %s**" % ("all checks hold" if not checks["failed"] else
                                "FAILED: " + "; ".join(checks["failed"])), ""]
    else:
        out += ["The checks did not run.", ""]
    text = "\n".join(out)
    print(text)
    with open(args.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
