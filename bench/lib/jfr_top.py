"""Summarises `jfr print --events jdk.ExecutionSample` output: the top frames by self time, the
top frames by presence anywhere on the stack (inclusive), and the same restricted to AnyRouter's
own code, so the biggest costs on the request path stand out.

usage: jfr_top.py SAMPLES_TXT [N]
"""
import collections
import re
import sys

FRAME = re.compile(r"^\s+([\w$./<>]+)\(.*\)\s+line:")


def stacks(path):
    stack, inside = [], False
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("jdk.ExecutionSample"):
            stack, inside = [], True
        elif inside and line.strip() == "]":
            yield stack
            inside = False
        elif inside:
            m = FRAME.match(line)
            if m:
                stack.append(m.group(1))


def main():
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    self_time, inclusive, ours_self, ours_incl = (collections.Counter() for _ in range(4))
    total = 0
    for stack in stacks(sys.argv[1]):
        if not stack:
            continue
        total += 1
        self_time[stack[0]] += 1
        for frame in set(stack):
            inclusive[frame] += 1
        mine = [f for f in stack if f.startswith("dev.anyrouter.")]
        if mine:
            ours_self[mine[0]] += 1
            for frame in set(mine):
                ours_incl[frame] += 1
    print(f"{total} execution samples")
    for title, counter in [("top frames by self samples", self_time),
                           ("top frames anywhere on the stack (inclusive)", inclusive),
                           ("AnyRouter frames, innermost on the stack (what our code calls into is charged to it)", ours_self),
                           ("AnyRouter frames, inclusive", ours_incl)]:
        print(f"\n{title}:")
        for frame, count in counter.most_common(n):
            print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
