import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { imageKind, stripImageMetadata } from '../../../app/lib/image-metadata'
import {
  bytes,
  chunk,
  enc,
  exifWithGps,
  has,
  JFIF,
  jpegMarkers,
  jpegPixels,
  jpegWithGps,
  le32,
  pngWithGps,
  segment,
  u32,
  VP8X_FLAGS,
  webpWithGps,
} from '../../helpers/images'

// Issue #16.16: candidate photos are published, and a phone's photo carries where it was taken.
// The fixtures (tests/helpers/images.ts) hold GPS EXIF, XMP, IPTC and comments.

describe('stripping image metadata', () => {
  it('JPEG: EXIF with GPS, XMP, IPTC and the comment are gone; JFIF, tables, frame and scan are kept byte for byte', () => {
    const photo = jpegWithGps()
    expect(has(photo, 'Exif') && has(photo, 'GPSLatitude') && has(photo, 'taken at home')).toBe(true)
    const result = stripImageMetadata(photo)
    if (!result.ok) throw new Error(result.error)
    expect(result.mime).toBe('image/jpeg')
    for (const trace of ['Exif', 'MM\u0000*', 'GPSLatitude', 'xmpmeta', 'Photoshop', '8BIM', 'taken at home'])
      expect(has(result.bytes, trace), trace).toBe(false)
    expect(jpegMarkers(result.bytes)).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xc4, 0xda])
    expect(Buffer.from(result.bytes)).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), JFIF, jpegPixels()]))
    // Stripping again changes nothing.
    expect(stripImageMetadata(result.bytes)).toEqual(result)
  })

  it('JPEG: bytes appended after the end of the image are dropped; stuffed bytes and restarts in a scan are kept', () => {
    const pixels = jpegPixels()
    const withRestart = bytes(pixels.subarray(0, -3), [0xff, 0x00, 0xff, 0xd0, 0x3f], [0xff, 0xd9])
    const photo = bytes([0xff, 0xd8], withRestart, enc('PK\u0003\u0004 a zip with the GPS track'))
    const result = stripImageMetadata(photo)
    if (!result.ok) throw new Error(result.error)
    expect(Buffer.from(result.bytes)).toEqual(Buffer.from(bytes([0xff, 0xd8], withRestart)))
  })

  it('PNG: eXIf, tEXt, iTXt, zTXt and tIME are gone; IHDR, IDAT and IEND are kept', () => {
    const result = stripImageMetadata(pngWithGps())
    if (!result.ok) throw new Error(result.error)
    expect(result.mime).toBe('image/png')
    const expected = bytes(
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      chunk('IHDR', bytes(u32(1), u32(1), [8, 0, 0, 0, 0])),
      chunk('IDAT', deflateSync(Uint8Array.of(0, 0x80))),
      chunk('IEND', new Uint8Array()),
    )
    expect(Buffer.from(result.bytes)).toEqual(Buffer.from(expected))
  })

  it('WebP: EXIF and XMP chunks are gone, their VP8X flags cleared and the RIFF size corrected', () => {
    const result = stripImageMetadata(webpWithGps())
    if (!result.ok) throw new Error(result.error)
    expect(result.mime).toBe('image/webp')
    expect(has(result.bytes, 'EXIF') || has(result.bytes, 'XMP ') || has(result.bytes, 'GPSLatitude')).toBe(
      false,
    )
    const view = new DataView(result.bytes.buffer, result.bytes.byteOffset)
    expect(view.getUint32(4, true)).toBe(result.bytes.length - 8)
    expect(result.bytes[20]! & VP8X_FLAGS).toBe(0)
    expect(has(result.bytes, 'VP8L')).toBe(true)
  })

  it('refuses what does not parse: truncated, lengths past the end, no image data, not an image', () => {
    const jpeg = jpegWithGps()
    const png = pngWithGps()
    const webp = webpWithGps()
    const lyingLength = jpeg.slice()
    lyingLength[JFIF.length + 4] = 0xff // the EXIF segment claims 65 KB
    lyingLength[JFIF.length + 5] = 0xff
    const pngLying = png.slice()
    pngLying.set(u32(0x7ffffff0), 33) // the chunk after IHDR claims 2 GB
    const webpLying = webp.slice()
    webpLying.set(le32(0xfffffff0), 4)
    const cases: [string, Uint8Array][] = [
      ['jpeg cut in the middle', jpeg.subarray(0, 200)],
      ['jpeg without its end marker', jpeg.subarray(0, -2)],
      ['jpeg segment length past the end', lyingLength],
      ['jpeg of metadata only', bytes([0xff, 0xd8], segment(0xe1, exifWithGps()), [0xff, 0xd9])],
      ['jpeg with a zero-length segment', bytes([0xff, 0xd8, 0xff, 0xe1, 0, 0], jpegPixels())],
      ['png cut in the middle', png.subarray(0, 40)],
      ['png chunk length past the end', pngLying],
      ['png without IHDR first', bytes(png.subarray(0, 8), chunk('IEND', new Uint8Array()))],
      ['webp size past the end', webpLying],
      ['webp of metadata only', bytes(enc('RIFF'), le32(4), enc('WEBP'))],
      ['html', enc('<html><script>alert(1)</script>')],
      ['pdf', enc('%PDF-1.4 ...')],
      ['empty', new Uint8Array()],
    ]
    for (const [name, data] of cases)
      expect(stripImageMetadata(data), name).toEqual({ ok: false, error: 'malformed' })
  })

  it('recognises the three kinds by their first bytes only', () => {
    expect(imageKind(jpegWithGps())).toBe('image/jpeg')
    expect(imageKind(pngWithGps())).toBe('image/png')
    expect(imageKind(webpWithGps())).toBe('image/webp')
    expect(imageKind(enc('GIF89a'))).toBeNull()
  })
})
