#!/usr/bin/env python3
"""exif_tags.py FILE.jpg: print the EXIF tags of a JPEG as TAG=VALUE lines
(tag in hex, RATIONALs as decimals), IFD0 and the Exif IFD; nothing when the
file has no EXIF block.  An independent reader for the tests of
limbvol-gen's EXIF writer (written from the Exif 2.3 layout, no library)."""
import struct
import sys

SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8}


def ifd(tiff, end, off):
    out = {}
    (n,) = struct.unpack(end + "H", tiff[off:off + 2])
    for i in range(n):
        tag, typ, count = struct.unpack(end + "HHI", tiff[off + 2 + 12 * i:off + 10 + 12 * i])
        size = SIZES[typ] * count
        raw = tiff[off + 10 + 12 * i:off + 14 + 12 * i]
        if size > 4:
            (at,) = struct.unpack(end + "I", raw)
            raw = tiff[at:at + size]
        if typ == 3:
            val = struct.unpack(end + "H", raw[:2])[0]
        elif typ == 4:
            val = struct.unpack(end + "I", raw)[0]
        elif typ == 5:
            num, den = struct.unpack(end + "II", raw)
            val = num / den
        elif typ == 2:
            val = raw[:count].rstrip(b"\0").decode("ascii")
        else:
            val = raw[:count].hex()
        out[tag] = val
    return out


def main(path):
    data = open(path, "rb").read()
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF and data[i + 1] not in (0xD9, 0xDA):
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        seg = data[i + 4:i + 2 + length]
        if data[i + 1] == 0xE1 and seg[:6] == b"Exif\0\0":
            tiff = seg[6:]
            end = ">" if tiff[:2] == b"MM" else "<"
            magic, off0 = struct.unpack(end + "HI", tiff[2:8])
            assert magic == 42
            tags = ifd(tiff, end, off0)
            if 0x8769 in tags:
                tags.update(ifd(tiff, end, tags[0x8769]))
            for tag in sorted(tags):
                print("%04X=%s" % (tag, tags[tag]))
        i += 2 + length


main(sys.argv[1])
