import type { AppLoadContext } from '@remix-run/node'

/**
 * Limits checked on every form before any schema (or pattern) sees it (issue #16.1). The longest
 * text a schema accepts is 100 000 characters (minutes, consultation drafts): up to 400 000 bytes
 * of UTF-8. Anything longer is refused whole, so no field-level check ever runs on megabytes.
 */
export const MAX_FIELD_BYTES = 400_000
/** More entries than any form sends (a ballot, an attendance list): a flood of fields is refused. */
export const MAX_FORM_ENTRIES = 5_000

/** What a multipart text part over MAX_FIELD_BYTES (or a flood of parts) is read as. */
export const FIELD_TOO_LARGE = '__field_too_large__'

/** The first limit a form breaks: a field too long (named), or too many entries (`form`). */
export function formOverLimit(form: FormData): { field: string } | null {
  let entries = 0
  for (const [name, value] of form.entries()) {
    if (++entries > MAX_FORM_ENTRIES) return { field: 'form' }
    if (value === FIELD_TOO_LARGE) return { field: name.slice(0, 100) }
    // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: only long ones are measured.
    if (typeof value === 'string' && value.length * 3 > MAX_FIELD_BYTES)
      if (Buffer.byteLength(value) > MAX_FIELD_BYTES) return { field: name.slice(0, 100) }
  }
  return null
}

/** The body ended early because the HTTP layer refused it (too large): stop, do not act on a part. */
export function bodyRefused(request: Request): boolean {
  return request.signal.aborted
}

/** A malformed or truncated body is bad input, not a server error: treat it as an empty form. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    // The server already answered 413 and closed the connection: nothing may act on what was read.
    if (bodyRefused(request)) throw new Response('Request too large', { status: 413 })
    return new FormData()
  }
}

export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress ?? 'unknown'
}
