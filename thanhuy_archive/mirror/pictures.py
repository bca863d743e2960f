"""Image files written with the standard library: JPEG, PNG, GIF and WebP, small, valid, and
the same bytes for the same arguments.

Why by hand: the mirror is part of the installed package (``thanhuy-archive demo`` writes it),
so it may not depend on an imaging library, yet a crawler archiving a portal must be tested
on real pictures: files whose header gives their size, served with their type, that a browser
or Pillow decodes. None of them needs to look like a photograph, so each format is written in
its simplest valid form:

* JPEG: baseline, YCbCr without subsampling, every 8x8 block flat (only DC coefficients), a
  vertical gradient of the luma on a tinted ground; a ``COM`` segment names the picture, so
  two pictures of the same size and colours are still two files.
* PNG: RGB, 8 bits, vertical bars on a ground (a chart or a logo), deflated by ``zlib``.
* GIF: 128 colours, horizontal stripes; LZW with 8-bit codes and a clear code often enough
  that the code width never grows, so every code is one byte.
* WebP: lossless (VP8L), one colour: every prefix code has a single symbol, so the pixels take
  no bits at all.

    jpeg(480, 320, (60, 200), (96, 160), comment="res/news/...")   # bytes
    png(220, 64, ground=(179, 0, 0), ink=(255, 214, 0))
    gif(120, 40, ((255, 255, 255), (40, 40, 120)))
    webp(480, 320, (30, 90, 160))
"""

from __future__ import annotations

import struct
import zlib

__all__ = ["jpeg", "png", "gif", "webp"]

# -- JPEG -------------------------------------------------------------------------------------

# The DC Huffman tables of ITU T.81 Annex K (luminance, chrominance): code lengths, values.
_DC_LUMA = ((0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0), tuple(range(12)))
_DC_CHROMA = ((0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0), tuple(range(12)))
# Blocks are flat, so the only AC symbol is end-of-block (0x00): a table of one 1-bit code.
_AC_EOB_ONLY = ((1,) + (0,) * 15, (0,))
# Every quantiser is 16: a DC coefficient q stands for the level 128 + 2q.
_QUANT = 16


def _huffman_codes(table):
    """symbol -> code as a bit string, the canonical codes of a (lengths, values) table."""
    lengths, values = table
    codes, code, k = {}, 0, 0
    for length, count in enumerate(lengths, 1):
        for _ in range(count):
            codes[values[k]] = format(code, f"0{length}b")
            code, k = code + 1, k + 1
        code <<= 1
    return codes


_DC_LUMA_CODES = _huffman_codes(_DC_LUMA)
_DC_CHROMA_CODES = _huffman_codes(_DC_CHROMA)
_EOB = _huffman_codes(_AC_EOB_ONLY)[0]


def _dc_bits(diff, codes):
    """A DC difference as coded: its category's code, then its bits (ones' complement for a
    negative one)."""
    size = abs(diff).bit_length()
    bits = format(diff if diff >= 0 else diff + (1 << size) - 1, f"0{size}b") if size else ""
    return codes[size] + bits


def _segment(marker, payload):
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _dc_level(level):
    """The quantised DC coefficient of a flat block of ``level`` (0-255)."""
    return round((level - 128) * 8 / _QUANT)


def jpeg(width, height, luma, tint, comment=""):
    """A baseline JPEG of ``width`` x ``height``: luma going from ``luma[0]`` at the top to
    ``luma[1]`` at the bottom, on a constant (Cb, Cr) ``tint``."""
    columns, rows = -(-width // 8), -(-height // 8)
    cb, cr = _dc_level(tint[0]), _dc_level(tint[1])
    flat = "".join((_dc_bits(0, _DC_LUMA_CODES), _EOB, _dc_bits(0, _DC_CHROMA_CODES), _EOB,
                    _dc_bits(0, _DC_CHROMA_CODES), _EOB))
    scan, previous = [], (0, 0, 0)
    for row in range(rows):
        y = _dc_level(luma[0] + (luma[1] - luma[0]) * row // max(1, rows - 1))
        first = "".join((_dc_bits(y - previous[0], _DC_LUMA_CODES), _EOB,
                         _dc_bits(cb - previous[1], _DC_CHROMA_CODES), _EOB,
                         _dc_bits(cr - previous[2], _DC_CHROMA_CODES), _EOB))
        scan.append(first + flat * (columns - 1))
        previous = (y, cb, cr)
    bits = "".join(scan)
    bits += "1" * (-len(bits) % 8)  # pad the last byte with ones (T.81 F.1.2.3)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big").replace(b"\xff", b"\xff\x00")
    quant = bytes([_QUANT] * 64)

    def huffman(table_class, table_id, table):
        return bytes([table_class << 4 | table_id, *table[0], *table[1]])

    return b"".join((
        b"\xff\xd8",
        _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        _segment(0xFE, comment.encode("utf-8")) if comment else b"",
        _segment(0xDB, b"\x00" + quant + b"\x01" + quant),
        _segment(0xC0, struct.pack(">BHHB", 8, height, width, 3)
                 + bytes((1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1))),
        _segment(0xC4, huffman(0, 0, _DC_LUMA) + huffman(0, 1, _DC_CHROMA)
                 + huffman(1, 0, _AC_EOB_ONLY)),
        _segment(0xDA, bytes((3, 1, 0x00, 2, 0x10, 3, 0x10, 0, 63, 0))),
        data,
        b"\xff\xd9",
    ))


# -- PNG --------------------------------------------------------------------------------------

def _png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(width, height, ground, ink, bars=5, comment=""):
    """An RGB PNG: ``bars`` vertical bars of ``ink`` rising from the bottom of a ``ground``,
    each taller than the one before (a chart, or a banner's emblem); ``comment`` (ASCII) in
    a ``tEXt`` chunk."""
    slot = width // (2 * bars + 1)
    tops = [height - height * (k + 1) // (bars + 1) for k in range(bars)]
    g, i = bytes(ground), bytes(ink)
    lines = []
    for y in range(height):
        line = g * slot
        for top in tops:
            line += (i if y >= top else g) * slot + g * slot
        lines.append(b"\x00" + line[:3 * width] + g * (width - len(line) // 3))
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _png_chunk(b"tEXt", b"Comment\x00" + comment.encode("ascii")) if comment else b"",
        _png_chunk(b"IDAT", zlib.compress(b"".join(lines), 9)),
        _png_chunk(b"IEND", b""),
    ))


# -- GIF --------------------------------------------------------------------------------------

_GIF_CODE_SIZE = 7  # 128 colours; codes start 8 bits wide: clear 128, end 129
_GIF_CLEAR, _GIF_END = 1 << _GIF_CODE_SIZE, (1 << _GIF_CODE_SIZE) + 1
# A clear code before the table could grow to 256 entries (and the codes to 9 bits).
_GIF_RUN = 100


def _gif_sub_blocks(data):
    """Data as GIF sub-blocks (a length byte, at most 255 bytes) and the terminator."""
    return b"".join(bytes([len(data[k:k + 255])]) + data[k:k + 255]
                    for k in range(0, len(data), 255)) + b"\x00"


def gif(width, height, colours, stripe=4, comment=""):
    """A GIF of horizontal stripes ``stripe`` pixels high in ``colours`` (at most 128 RGB
    triples), in turn; ``comment`` (ASCII) in a comment extension."""
    palette = b"".join(bytes(c) for c in colours).ljust(3 * _GIF_CLEAR, b"\x00")
    pixels = b"".join(bytes([(y // stripe) % len(colours)]) * width for y in range(height))
    codes = bytearray()
    for start in range(0, len(pixels), _GIF_RUN):
        codes.append(_GIF_CLEAR)
        codes += pixels[start:start + _GIF_RUN]
    codes.append(_GIF_END)  # 8-bit codes, least significant bit first: the bytes themselves
    colour_table = 0x80 | (_GIF_CODE_SIZE - 1) << 4 | (_GIF_CODE_SIZE - 1)
    return b"".join((
        b"GIF89a",
        struct.pack("<HHBBB", width, height, colour_table, 0, 0),
        palette,
        b"\x21\xfe" + _gif_sub_blocks(comment.encode("ascii")) if comment else b"",
        b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0),
        bytes([_GIF_CODE_SIZE]), _gif_sub_blocks(bytes(codes)),
        b"\x3b",
    ))


# -- WebP -------------------------------------------------------------------------------------

class _Bits:
    """Bits written least significant first, as VP8L reads them."""

    def __init__(self):
        self.value, self.length = 0, 0

    def put(self, value, count):
        self.value |= value << self.length
        self.length += count

    def bytes(self):
        return self.value.to_bytes(-(-self.length // 8), "little")


def _single_symbol_code(bits, symbol):
    """A VP8L "simple" prefix code of one symbol: reading it takes no bits."""
    wide = symbol > 1
    bits.put(1, 1)  # simple code
    bits.put(0, 1)  # one symbol
    bits.put(int(wide), 1)
    bits.put(symbol, 8 if wide else 1)


def webp(width, height, colour):
    """A lossless WebP of one RGB ``colour``."""
    bits = _Bits()
    bits.put(0x2F, 8)  # VP8L signature
    bits.put(width - 1, 14)
    bits.put(height - 1, 14)
    bits.put(0, 1)  # no alpha
    bits.put(0, 3)  # version 0
    bits.put(0, 1)  # no transform
    bits.put(0, 1)  # no colour cache
    bits.put(0, 1)  # no meta prefix codes
    red, green, blue = colour
    for symbol in (green, red, blue, 255, 0):  # green, red, blue, alpha, distance
        _single_symbol_code(bits, symbol)
    chunk = bits.bytes()
    chunk += b"\x00" * (len(chunk) % 2)
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(bits.bytes())) + chunk
    return b"RIFF" + struct.pack("<I", len(body)) + body
