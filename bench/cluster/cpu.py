#!/usr/bin/env python3
"""Who used the CPU during a phase: core-seconds per named group of processes, from /proc.

  cpu.py snap FILE NAME=PID[,PID...] ...   write a snapshot: the machine's busy and total ticks (/proc/stat) and, per
                                           group, the CPU time of each root process, its descendants, and the children
                                           it has already reaped (PostgreSQL's backends come and go; their time is
                                           added to the postmaster's cutime/cstime when they exit)
  cpu.py diff BEFORE AFTER                 print one line: the machine's busy share of its cores over the interval, and
                                           each group's core-seconds and share; "other" is whatever else ran (this
                                           script's psql polls, other people's builds)
Standard library only; Linux only.
"""
import json
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        # The command name may hold spaces: fields start after its closing parenthesis.
        fields = f.read().rsplit(")", 1)[1].split()
    ppid, utime, stime, cutime, cstime = int(fields[1]), int(fields[11]), int(fields[12]), int(fields[13]), int(fields[14])
    return ppid, utime + stime, cutime + cstime


def processes():
    table = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                table[int(name)] = stat(name)
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    return table


def machine():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]  # idle + iowait
    return sum(cpu[:8]) - idle, sum(cpu[:8])


def snap(path, groups):
    table = processes()
    children = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    result = {}
    for name, roots in groups.items():
        ticks, seen, todo = 0, set(), list(roots)
        for root in roots:
            if root in table:
                ticks += table[root][2]  # reaped children of the root
        while todo:
            pid = todo.pop()
            if pid in seen or pid not in table:
                continue
            seen.add(pid)
            ticks += table[pid][1]
            todo.extend(children.get(pid, []))
        result[name] = ticks
    busy, total = machine()
    with open(path, "w") as f:
        json.dump({"busy": busy, "total": total, "groups": result, "cores": os.cpu_count()}, f)


def diff(before_path, after_path):
    before, after = json.load(open(before_path)), json.load(open(after_path))
    cores = after["cores"]
    total = (after["total"] - before["total"]) / TICK  # core-seconds that passed
    busy = (after["busy"] - before["busy"]) / TICK
    wall = total / cores
    parts = []
    named = 0.0
    for name in after["groups"]:
        used = max(0, after["groups"][name] - before["groups"].get(name, 0)) / TICK
        named += used
        parts.append(f"{name} {used:.1f}")
    parts.append(f"other {max(0.0, busy - named):.1f}")
    print(f"CPU busy {100 * busy / total:.0f}% of {cores} cores over {wall:.1f} s "
          f"({busy:.1f} core-s: " + ", ".join(parts) + ")")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        groups = {}
        for arg in sys.argv[3:]:
            name, pids = arg.split("=", 1)
            groups[name] = [int(p) for p in pids.split(",") if p]
        snap(sys.argv[2], groups)
    elif sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
