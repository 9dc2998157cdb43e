#!/usr/bin/env python3
"""Prints the quarter-wave sine table used by SpikeCore's InputCurrent (Swift literal).

round(sin(i * pi / 512) * 2**30) for i = 0...256: a quarter turn in 256 segments, Q30.
SpikeCore may not use floating point, so the table is computed here once and checked in
as a literal (Sources/SpikeCore/Neurons/InputCurrentSineTable.swift).

Usage: python3 tools/golden/sine_table.py > /tmp/table.txt   (Python 3, standard library only)
"""
import math

values = [round(math.sin(i * math.pi / 512) * 2**30) for i in range(257)]
lines = []
for start in range(0, 257, 6):
    lines.append("    " + ", ".join(f"{v:_}" for v in values[start:start + 6]) + ",")
print("\n".join(lines))
