"""Independent encoder for the character-set cross-check test: pydicom.

Run with Debian's system python (/usr/bin/python3, package python3-pydicom):
    /usr/bin/python3 test/support/pydicom-charsets.py OUT_DIR
Writes one DICOM file per case, its text encoded by pydicom for that SpecificCharacterSet, and
prints JSON: per file, the character set and the values pydicom reads back.
"""
import json
import os
import sys

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CASES = [
    ("ISO_IR 100", "Buc^Jérôme", "Hôpital Bichat"),
    ("ISO_IR 101", "Wałęsa^Lech", "Szpital"),
    ("ISO_IR 144", "Люкceмбypг", "Больница"),
    ("ISO_IR 126", "Διονυσιος", "Νοσοκομείο"),
    ("ISO_IR 138", "שרון^דבורה", "בית חולים"),
    ("ISO_IR 127", "قباني^لنزار", "مستشفى"),
    ("ISO_IR 148", "Çavuşoğlu^Ayşe", "Hastane"),
    ("ISO_IR 166", "ประเทศไทย", "โรงพยาบาล"),
    ("ISO_IR 192", "张^三=张^三", "梁平区人民医院"),
    ("GB18030", "Wang^XiaoDong=王^小东=", "屏锦中心卫生院"),
    ("GBK", "Li^Si=李^四=", "柏家中心卫生院"),
    (["", "ISO 2022 IR 58"], "Zhang^XiaoDong=张^小东=", "区中医医院"),
    (["", "ISO 2022 IR 87"], "Yamada^Tarou=山田^太郎=やまだ^たろう", "病院"),
    (["", "ISO 2022 IR 149"], "Hong^Gildong=洪^吉洞=홍^길동", "병원"),
]

out = sys.argv[1]
manifest = []
for n, (charset, name, institution) in enumerate(CASES):
    ds = Dataset()
    ds.SpecificCharacterSet = charset
    ds.PatientName = name
    ds.InstitutionName = institution
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "OT"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    path = os.path.join(out, f"{n}.dcm")
    ds.save_as(path, write_like_original=False)
    back = pydicom.dcmread(path)
    manifest.append(
        {
            "file": path,
            "charset": charset if isinstance(charset, str) else "\\".join(charset),
            "patientName": str(back.PatientName),
            "institution": str(back.InstitutionName),
        }
    )
json.dump({"version": pydicom.__version__, "cases": manifest}, sys.stdout, ensure_ascii=False)
