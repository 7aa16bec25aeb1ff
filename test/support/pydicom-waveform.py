"""Independent ECG decoder for the cross-check test: pydicom's multiplex_array.

Run with Debian's system python (/usr/bin/python3, package python3-pydicom):
    /usr/bin/python3 test/support/pydicom-waveform.py file.dcm
Prints JSON: one entry per multiplex group, each a list of channels of physical values.
"""
import json
import sys

from pydicom import dcmread
from pydicom.waveforms import multiplex_array

ds = dcmread(sys.argv[1])
groups = []
for index, item in enumerate(ds.WaveformSequence):
    arr = multiplex_array(ds, index, as_raw=False)
    groups.append(
        {
            "label": str(item.get("MultiplexGroupLabel", "")),
            "samplingFrequency": float(item.SamplingFrequency),
            "channels": [arr[:, c].tolist() for c in range(arr.shape[1])],
        }
    )
json.dump(groups, sys.stdout)
