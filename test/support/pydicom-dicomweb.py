"""Independent encoder for the DICOMweb round trips: pydicom writes the studies.

Run with Debian's system python (/usr/bin/python3, package python3-pydicom):
    /usr/bin/python3 test/support/pydicom-dicomweb.py OUT_DIR RUN_ID
Writes CT and DX instances (GB18030 and ISO 2022 IR 58 Chinese names, one of them in the
retired explicit VR big endian syntax, one multi-frame) and prints JSON: per file, its UIDs
and the raw bytes of each frame as pydicom holds them (hex of their SHA-256).
"""
import hashlib
import json
import os
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, JPEGBaseline8Bit

out, run = sys.argv[1], sys.argv[2]
root = f"1.2.826.0.1.3680043.10.9.{run}"
CT, DX = "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.1.1"


def instance(name, study, series, n, sop_class, modality, charset, patient, pid, date, time,
             accession, description, frames=1, size=64, big_endian=False, jpeg=False):
    ds = Dataset()
    ds.SpecificCharacterSet = charset
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = f"{series}.{n}"
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.Modality = modality
    ds.PatientName = patient
    ds.PatientID = pid
    ds.PatientBirthDate = "19700707"
    ds.PatientSex = "M"
    ds.StudyDate = date
    ds.StudyTime = time
    ds.AccessionNumber = accession
    ds.ReferringPhysicianName = "Li^Yi=李^医生"
    ds.StudyDescription = description
    ds.StudyID = "1"
    ds.SeriesNumber = 1
    ds.InstanceNumber = n
    ds.Rows = size
    ds.Columns = size
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 1024
    ds.WindowWidth = 2048
    if frames > 1:
        ds.NumberOfFrames = frames
    # A gradient per frame, each frame different, so a wrong frame number shows.
    y, x = np.mgrid[0:size, 0:size]
    stack = np.stack([((x + y) * 16 + f * 300) % 4096 for f in range(frames)]).astype(
        ">u2" if big_endian else "<u2")
    raw = stack.tobytes()
    frame_len = size * size * 2
    if jpeg:
        # Compressed frames are passed through as stored: any bytes stand in for the JPEG
        # streams, one fragment per frame (of even length, so no padding), with an offset table.
        streams = [bytes([0xFF, 0xD8]) + bytes([f + 1]) * (300 + 2 * f) + bytes([0xFF, 0xD9])
                   for f in range(frames)]
        ds.PixelData = encapsulate(streams, fragments_per_frame=1, has_bot=True)
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
        frame_hashes = [hashlib.sha256(s).hexdigest() for s in streams]
    else:
        ds.PixelData = raw
        ds["PixelData"].VR = "OW"
        frame_hashes = [hashlib.sha256(raw[i * frame_len:(i + 1) * frame_len]).hexdigest()
                        for i in range(frames)]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = (JPEGBaseline8Bit if jpeg else
                              ExplicitVRBigEndian if big_endian else ExplicitVRLittleEndian)
    ds.file_meta = meta
    ds.is_little_endian = not big_endian
    ds.is_implicit_VR = False
    path = os.path.join(out, name)
    ds.save_as(path, write_like_original=False)
    return {
        "file": path,
        "study": study,
        "series": series,
        "sop": ds.SOPInstanceUID,
        "sopClass": sop_class,
        "transferSyntax": str(meta.TransferSyntaxUID),
        "frames": frame_hashes,
    }


a, b, c = f"{root}.1", f"{root}.2", f"{root}.3"
cases = [
    instance("a1.dcm", a, f"{a}.1", 1, CT, "CT", "GB18030", "Wang^XiaoDong=王^小东", f"PJ{run}1",
             "20261105", "093000", f"A{run}", "胸部CT平扫"),
    instance("a2.dcm", a, f"{a}.1", 2, CT, "CT", "GB18030", "Wang^XiaoDong=王^小东", f"PJ{run}1",
             "20261105", "093000", f"A{run}", "胸部CT平扫", frames=3),
    instance("b1.dcm", b, f"{b}.1", 1, DX, "DX", ["", "ISO 2022 IR 58"], "Zhang^San=张^三",
             f"PJ{run}2", "20261120", "151500", f"B{run}", "胸部正位", size=32, big_endian=True),
    instance("c1.dcm", c, f"{c}.1", 1, "1.2.840.10008.5.1.4.1.1.6.1", "US", "ISO_IR 192",
             "Liu^Mei=刘^梅", f"PJ{run}3", "20261001", "080000", f"C{run}", "超声", frames=2,
             jpeg=True),
]
print(json.dumps({"cases": cases}))
