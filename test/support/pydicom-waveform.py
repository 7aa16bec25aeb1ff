"""Independent ECG decoder for the cross-check test: pydicom.

Run with Debian's system python (/usr/bin/python3, package python3-pydicom):
    /usr/bin/python3 test/support/pydicom-waveform.py file.dcm
Prints JSON: pydicom's version and, per multiplex group and channel, the stored samples
(multiplex_array as_raw=True), the channel attributes as pydicom reads them, and pydicom's own
physical values (as_raw=False). pydicom before 2.4 added the baseline before scaling (pydicom
issue #1667, fixed in PR #1715); the test knows both behaviours.
"""
import json
import sys

import pydicom
from pydicom import dcmread
from pydicom.waveforms import multiplex_array

ds = dcmread(sys.argv[1])
groups = []
for index, item in enumerate(ds.WaveformSequence):
    raw = multiplex_array(ds, index, as_raw=True)
    physical = multiplex_array(ds, index, as_raw=False)
    channels = []
    for c, ch in enumerate(item.ChannelDefinitionSequence):
        channels.append(
            {
                "sensitivity": float(ch.get("ChannelSensitivity", 1.0)),
                "correction": float(ch.get("ChannelSensitivityCorrectionFactor", 1.0)),
                "baseline": float(ch.get("ChannelBaseline", 0.0)),
                "raw": raw[:, c].astype(float).tolist(),
                "pydicom": physical[:, c].tolist(),
            }
        )
    groups.append(
        {
            "label": str(item.get("MultiplexGroupLabel", "")),
            "samplingFrequency": float(item.SamplingFrequency),
            "channels": channels,
        }
    )
json.dump({"version": pydicom.__version__, "groups": groups}, sys.stdout)
