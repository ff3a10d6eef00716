import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node'
import { z } from 'zod'
import { getEnv } from './env.server'
import { newId } from './ids.server'
import { bodyRefused, FIELD_TOO_LARGE, MAX_FIELD_BYTES, MAX_FORM_ENTRIES, readForm } from './request.server'

// Private uploads (identity documents, proof of residence): size-limited, type-checked by their
// first bytes (not by the name or the browser's claim), stored outside public/ under random names.
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
export const TOO_LARGE = '__upload_too_large__'

const SIGNATURES: { mime: string; bytes: number[] }[] = [
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
]

export function sniffMimeType(data: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => data[i] === b))?.mime ?? null
}

/** A file part over the limit becomes the TOO_LARGE marker, so the other fields survive the parse. */
const limitedFileHandler: UploadHandler = async ({ filename, contentType, data }) => {
  if (filename === undefined) return undefined
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let size = 0
  let tooLarge = false
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size > MAX_UPLOAD_BYTES) tooLarge = true
    else chunks.push(new Uint8Array(chunk))
  }
  if (tooLarge) return TOO_LARGE
  if (!filename || size === 0) return '' // an empty file input: browsers still send the part
  return new File(chunks, filename, { type: contentType })
}

/**
 * A text part over the field limit is read to its end (so the connection stays usable) but kept as
 * this marker only; `formOverLimit` refuses the form before any schema runs (issue #16.1, #16.3).
 */
const limitedTextHandler: UploadHandler = async ({ filename, data }) => {
  if (filename !== undefined) return undefined
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size <= MAX_FIELD_BYTES) chunks.push(chunk)
  }
  return size > MAX_FIELD_BYTES ? FIELD_TOO_LARGE : Buffer.concat(chunks).toString('utf8')
}

class TooManyParts extends Error {}

export async function readMultipartForm(request: Request): Promise<FormData> {
  try {
    if (!request.headers.get('Content-Type')?.includes('multipart/form-data')) return await readForm(request)
    let parts = 0
    // Bounded number of parts: a flood of tiny parts is refused without building them all.
    const counted: UploadHandler = async () => {
      if (++parts > MAX_FORM_ENTRIES) throw new TooManyParts()
      return undefined
    }
    return await parseMultipartFormData(
      request,
      composeUploadHandlers(counted, limitedFileHandler, limitedTextHandler),
    )
  } catch (e) {
    if (e instanceof Response) throw e
    if (bodyRefused(request)) throw new Response('Request too large', { status: 413 })
    if (e instanceof TooManyParts) {
      const refused = new FormData()
      refused.append('form', FIELD_TOO_LARGE)
      return refused
    }
    return new FormData()
  }
}

export type StoredFile = { key: string; mime: string; size: number }
export type UploadCheck =
  | { ok: true; file: StoredFile }
  | { ok: false; error: 'file_too_large' | 'file_type' }
  | { ok: true; file: null }

/** Validates and stores an optional uploaded file field. */
export async function storeUpload(value: FormDataEntryValue | null, area: string): Promise<UploadCheck> {
  if (value === null || value === '') return { ok: true, file: null }
  if (value === TOO_LARGE) return { ok: false, error: 'file_too_large' }
  if (typeof value === 'string') return { ok: false, error: 'file_type' }
  if (value.size === 0) return { ok: true, file: null }
  const data = new Uint8Array(await value.arrayBuffer())
  const mime = sniffMimeType(data)
  if (!mime) return { ok: false, error: 'file_type' }
  const dir = join(getEnv().UPLOAD_DIR, area)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const key = `${area}/${newId(16)}`
  await writeFile(join(getEnv().UPLOAD_DIR, key), data, { mode: 0o600 })
  return { ok: true, file: { key, mime, size: data.byteLength } }
}

export async function readUpload(key: string): Promise<Buffer> {
  if (!/^[a-z-]+\/[a-z2-7]+$/.test(key)) throw new Error('invalid storage key')
  return readFile(join(getEnv().UPLOAD_DIR, key))
}

export async function deleteUpload(key: string): Promise<void> {
  if (!/^[a-z-]+\/[a-z2-7]+$/.test(key)) return
  await unlink(join(getEnv().UPLOAD_DIR, key)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e
  })
}

/** A request that fails after its files were stored must not leave them behind (identity documents). */
export async function discardUploads(...checks: (UploadCheck | undefined)[]): Promise<void> {
  for (const check of checks) if (check?.ok && check.file) await deleteUpload(check.file.key)
}

const UNRECOGNISED_TYPE = 'application/x-unrecognised'

/**
 * readMultipartForm with each file's type read from its first bytes, never the browser's claim: a
 * schema (`uploadedFile`) can then check files together with the other fields, so every problem
 * is reported at once and nothing is stored before the whole form is valid.
 */
export async function readCheckedUploads(request: Request): Promise<FormData> {
  const form = await readMultipartForm(request)
  const checked = new FormData()
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      checked.append(name, value)
      continue
    }
    const data = new Uint8Array(await value.arrayBuffer())
    checked.append(name, new File([data], value.name, { type: sniffMimeType(data) ?? UNRECOGNISED_TYPE }))
  }
  return checked
}

/** An optional image or PDF from `readCheckedUploads` (undefined when none was sent); storeUpload still checks it. */
export const uploadedFile = z.unknown().transform((value, ctx): File | undefined => {
  if (value === undefined || value === '' || (value instanceof File && value.size === 0)) return undefined
  if (value === TOO_LARGE) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'file_too_large' })
    return z.NEVER
  }
  if (!(value instanceof File) || !SIGNATURES.some((s) => s.mime === value.type)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'file_type' })
    return z.NEVER
  }
  return value
})
