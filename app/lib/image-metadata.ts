// Removes the metadata a camera or an editor writes into an image (EXIF with GPS position, camera
// serial, date; XMP; IPTC; comments; text chunks) before the image is published — a candidate's
// photo is public, and its EXIF can tell where the candidate lives. Pure TypeScript, no native
// dependency: the three formats are containers of length-prefixed segments, so the metadata is
// dropped segment by segment and the pixels are copied untouched. Every length is checked against
// the bytes left; anything that does not parse is refused rather than passed on.

export type ImageKind = 'image/jpeg' | 'image/png' | 'image/webp'
export type StripResult = { ok: true; mime: ImageKind; bytes: Uint8Array } | { ok: false; error: 'malformed' }

const MALFORMED = { ok: false, error: 'malformed' } as const

export function imageKind(data: Uint8Array): ImageKind | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  if (data.length >= 8 && PNG_SIGNATURE.every((b, i) => data[i] === b)) return 'image/png'
  if (data.length >= 12 && ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 4) === 'WEBP') return 'image/webp'
  return null
}

/** The image without its metadata, or `malformed` when it is not a well-formed JPEG, PNG or WebP. */
export function stripImageMetadata(data: Uint8Array): StripResult {
  const kind = imageKind(data)
  const bytes =
    kind === 'image/jpeg'
      ? stripJpeg(data)
      : kind === 'image/png'
        ? stripPng(data)
        : kind === 'image/webp'
          ? stripWebp(data)
          : null
  return kind && bytes ? { ok: true, mime: kind, bytes } : MALFORMED
}

function ascii(data: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...data.subarray(at, at + length))
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

// ---- JPEG (ITU T.81): SOI, marker segments, scans of entropy-coded data, EOI ----

const SOI = 0xd8
const EOI = 0xd9
const SOS = 0xda
const APP0 = 0xe0
const COM = 0xfe
/** Markers with no length field: TEM and the restart markers RST0–RST7. */
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7)
/** APP1–APP15 (EXIF, XMP, ICC, IPTC/Photoshop, Adobe…) and comments; APP0 only if not plain JFIF. */
function isMetadata(marker: number, segment: Uint8Array): boolean {
  if (marker === COM || (marker > APP0 && marker <= 0xef)) return true
  // APP0 "JFIF\0" carries the pixel density the decoder needs; any other APP0 (JFXX…) goes.
  return marker === APP0 && ascii(segment, 4, 5) !== 'JFIF\u0000'
}

function stripJpeg(data: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [data.subarray(0, 2)]
  let i = 2
  let sawFrame = false
  let sawScan = false
  for (;;) {
    if (i >= data.length || data[i] !== 0xff) return null
    while (i < data.length && data[i] === 0xff) i++ // fill bytes before a marker
    if (i >= data.length) return null
    const marker = data[i]!
    const start = i - 1
    i++
    if (marker === EOI) {
      if (!sawFrame || !sawScan) return null
      parts.push(Uint8Array.of(0xff, EOI)) // anything after EOI (appended files) is dropped
      return concat(parts)
    }
    if (marker === SOI || marker === 0x00) return null
    if (standalone(marker)) {
      parts.push(Uint8Array.of(0xff, marker))
      continue
    }
    if (i + 2 > data.length) return null
    const length = (data[i]! << 8) | data[i + 1]!
    if (length < 2 || i + length > data.length) return null
    const segment = data.subarray(start, i + length)
    i += length
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      sawFrame = true
    if (!isMetadata(marker, segment)) parts.push(segment)
    if (marker !== SOS) continue
    if (!sawFrame) return null
    sawScan = true
    // Entropy-coded data runs to the next marker: 0xFF followed by something other than a stuffed
    // zero or a restart marker.
    const dataStart = i
    for (;;) {
      if (i + 1 >= data.length) return null
      if (data[i] === 0xff && data[i + 1] !== 0x00 && !(data[i + 1]! >= 0xd0 && data[i + 1]! <= 0xd7)) {
        // A run of fill bytes belongs to the marker.
        break
      }
      i++
    }
    parts.push(data.subarray(dataStart, i))
  }
}

// ---- PNG: signature, then chunks (length, type, data, CRC) from IHDR to IEND ----

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Text (tEXt, iTXt, zTXt), EXIF (eXIf) and the last-modified time (tIME). */
const PNG_METADATA = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME'])

function stripPng(data: Uint8Array): Uint8Array | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const parts: Uint8Array[] = [data.subarray(0, 8)]
  let i = 8
  let first = true
  for (;;) {
    if (i + 12 > data.length) return null
    const length = view.getUint32(i)
    if (length > 0x7fffffff || i + 12 + length > data.length) return null
    const type = ascii(data, i + 4, 4)
    if (!/^[a-z]{4}$/i.test(type)) return null
    if (first && type !== 'IHDR') return null
    first = false
    const chunk = data.subarray(i, i + 12 + length)
    i += 12 + length
    if (!PNG_METADATA.has(type)) parts.push(chunk)
    if (type === 'IEND') return concat(parts) // anything after IEND is dropped
  }
}

// ---- WebP: a RIFF container of chunks (fourcc, little-endian size, data, pad to even) ----

const WEBP_METADATA = new Set(['EXIF', 'XMP '])
const VP8X_XMP = 0x04
const VP8X_EXIF = 0x08

function stripWebp(data: Uint8Array): Uint8Array | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const riffSize = view.getUint32(4, true)
  if (riffSize < 4 || 8 + riffSize > data.length) return null
  const end = 8 + riffSize
  const chunks: Uint8Array[] = []
  let i = 12
  let sawImage = false
  while (i < end) {
    if (i + 8 > end) return null
    const type = ascii(data, i, 4)
    if (!/^[a-z0-9 ]{4}$/i.test(type)) return null
    const size = view.getUint32(i + 4, true)
    const padded = size + (size & 1)
    if (i + 8 + size > end) return null
    const chunk = data.slice(i, Math.min(i + 8 + padded, end))
    i += 8 + padded
    if (WEBP_METADATA.has(type)) continue
    if (type === 'VP8X') {
      if (size < 10) return null
      chunk[8] = chunk[8]! & ~(VP8X_XMP | VP8X_EXIF)
    }
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANIM') sawImage = true
    chunks.push(chunk)
  }
  if (!sawImage) return null
  const body = concat(chunks)
  const header = new Uint8Array(12)
  header.set(data.subarray(0, 4), 0)
  new DataView(header.buffer).setUint32(4, 4 + body.length, true)
  header.set(data.subarray(8, 12), 8)
  return concat([header, body]) // anything after the RIFF size is dropped
}
