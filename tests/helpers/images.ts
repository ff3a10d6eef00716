import { deflateSync } from 'node:zlib'

// Image fixtures built byte by byte, as a camera writes them: an EXIF block whose GPS IFD holds a
// position (23°33′S 46°38′W — São Paulo), XMP, IPTC and a comment (issue #16.16).

export const enc = (s: string) => new TextEncoder().encode(s)
export const bytes = (...parts: (Uint8Array | number[])[]) => {
  const flat = parts.flatMap((p) => [...p])
  return Uint8Array.from(flat)
}
export const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
export const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
export const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]
export const has = (data: Uint8Array, needle: string) =>
  Buffer.from(data).includes(Buffer.from(needle, 'latin1'))

/** A TIFF/EXIF block (big-endian) with IFD0 → GPS IFD: GPSLatitudeRef 'S', GPSLatitude 23/1 33/1 0/1, GPSLongitudeRef 'W'. */
export function exifWithGps(): Uint8Array {
  const ifd0At = 8
  const gpsAt = ifd0At + 2 + 12 + 4 // one entry
  const latAt = gpsAt + 2 + 3 * 12 + 4 // three entries
  const tiff = bytes(
    enc('MM'),
    u16(42),
    u32(ifd0At),
    // IFD0: GPSInfo (0x8825), LONG, 1, → GPS IFD
    u16(1),
    u16(0x8825),
    u16(4),
    u32(1),
    u32(gpsAt),
    u32(0),
    // GPS IFD
    u16(3),
    u16(0x0001),
    u16(2),
    u32(2),
    [0x53, 0, 0, 0], // 'S'
    u16(0x0002),
    u16(5),
    u32(3),
    u32(latAt),
    u16(0x0003),
    u16(2),
    u32(2),
    [0x57, 0, 0, 0], // 'W'
    u32(0),
    [...u32(23), ...u32(1), ...u32(33), ...u32(1), ...u32(0), ...u32(1)],
  )
  return bytes(enc('Exif\u0000\u0000'), tiff)
}

export const segment = (marker: number, payload: Uint8Array) =>
  bytes([0xff, marker], u16(payload.length + 2), payload)

/** The pixel part of a real 8×8 grey baseline JPEG: tables, frame, one scan (DC 0, EOB), EOI. */
export function jpegPixels(): Uint8Array {
  const dqt = segment(0xdb, bytes([0x00], new Array(64).fill(1)))
  const sof = segment(0xc0, bytes([8], u16(8), u16(8), [1, 1, 0x11, 0]))
  // One code of length 1 in each table: DC symbol 0 (no difference), AC symbol 0x00 (end of block).
  const dhtDc = segment(0xc4, bytes([0x00, 1], new Array(15).fill(0), [0x00]))
  const dhtAc = segment(0xc4, bytes([0x10, 1], new Array(15).fill(0), [0x00]))
  const sos = segment(0xda, bytes([1, 1, 0x00, 0, 63, 0]))
  return bytes(dqt, sof, dhtDc, dhtAc, sos, [0x3f], [0xff, 0xd9])
}

export const JFIF = segment(0xe0, bytes(enc('JFIF\u0000'), [1, 1, 0], u16(1), u16(1), [0, 0]))

export function jpegWithGps(): Uint8Array {
  return bytes(
    [0xff, 0xd8],
    JFIF,
    segment(0xe1, exifWithGps()),
    segment(
      0xe1,
      enc(
        'http://ns.adobe.com/xap/1.0/\u0000<x:xmpmeta><exif:GPSLatitude>23,33S</exif:GPSLatitude></x:xmpmeta>',
      ),
    ),
    segment(0xed, enc('Photoshop 3.0\u00008BIM IPTC city=Sao Paulo')),
    segment(0xfe, enc('taken at home')),
    jpegPixels(),
  )
}

export function crc32(data: Uint8Array): number {
  let c = ~0
  for (const b of data) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}
export const chunk = (type: string, data: Uint8Array) =>
  bytes(u32(data.length), enc(type), data, u32(crc32(bytes(enc(type), data))))

/** A real 1×1 grey PNG with eXIf (GPS), tEXt, iTXt, zTXt and tIME. */
export function pngWithGps(): Uint8Array {
  return bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    chunk('IHDR', bytes(u32(1), u32(1), [8, 0, 0, 0, 0])),
    chunk('eXIf', exifWithGps().subarray(6)),
    chunk('tEXt', enc('Comment\u0000taken at home')),
    chunk(
      'iTXt',
      enc('XML:com.adobe.xmp\u0000\u0000\u0000\u0000\u0000<exif:GPSLatitude>23,33S</exif:GPSLatitude>'),
    ),
    chunk('zTXt', bytes(enc('Author\u0000\u0000'), deflateSync(enc('Rosa Quispe')))),
    chunk('tIME', bytes(u16(2026), [12, 4, 5, 0, 0])),
    chunk('IDAT', deflateSync(Uint8Array.of(0, 0x80))),
    chunk('IEND', new Uint8Array()),
  )
}

/** A lossless WebP with VP8X flags for EXIF and XMP, and both chunks. */
export function webpWithGps(): Uint8Array {
  const riffChunk = (type: string, data: Uint8Array) =>
    bytes(enc(type), le32(data.length), data, data.length % 2 ? [0] : [])
  const body = bytes(
    enc('WEBP'),
    riffChunk('VP8X', bytes([VP8X_FLAGS, 0, 0, 0], [0, 0, 0], [0, 0, 0])),
    riffChunk('VP8L', bytes([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00])),
    riffChunk('EXIF', exifWithGps().subarray(6)),
    riffChunk('XMP ', enc('<x:xmpmeta><exif:GPSLatitude>23,33S</exif:GPSLatitude></x:xmpmeta>')),
  )
  return bytes(enc('RIFF'), le32(body.length), body)
}
export const VP8X_FLAGS = 0x08 | 0x04

/** Every segment marker of a JPEG, in order (stops at SOS). */
export function jpegMarkers(data: Uint8Array): number[] {
  const out: number[] = []
  let i = 2
  while (i + 4 <= data.length && data[i] === 0xff) {
    const m = data[i + 1]!
    out.push(m)
    if (m === 0xda) break
    i += 2 + ((data[i + 2]! << 8) | data[i + 3]!)
  }
  return out
}
