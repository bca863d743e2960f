"""What an archived image says about itself: its width and height, read from the file's header.

The ``media`` table records each image's size in pixels so a researcher can tell a photo from
a thumbnail or an icon. Only the first bytes of the file are read, for the four formats a news
portal serves (JPEG, PNG, GIF, WebP); anything else, or a damaged header, gives None.

>>> import struct
>>> image_size(b"\\x89PNG\\r\\n\\x1a\\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 640, 480))
(640, 480)
>>> image_size(b"GIF89a" + struct.pack("<HH", 16, 9))
(16, 9)
>>> image_size(b"not an image") is None
True
"""

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers carry the size; C4 (Huffman), C8 and CC (arithmetic) do not.
JPEG_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# A header never needs more than this to reach the size; a larger read is a damaged file.
MAX_JPEG_SCAN = 1 << 20


def image_size(data: bytes):
    """(width, height) in pixels, or None."""
    try:
        if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", data[6:10])
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp_size(data)
        if data[:2] == b"\xff\xd8":
            return _jpeg_size(data)
    except struct.error:
        return None
    return None


def _jpeg_size(data):
    pos = 2
    while pos + 4 <= min(len(data), MAX_JPEG_SCAN):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker in JPEG_SOF_MARKERS:
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


def _webp_size(data):
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None
