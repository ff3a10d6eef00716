import type { z } from 'zod'

// Turn zod issues into { field: translationKey } and echo back what the person typed (never
// passwords), so a failed submission keeps everything else they entered.
export type FieldErrors = Record<string, string>
export type FormFailure = { ok: false; fieldErrors: FieldErrors; values: Record<string, string> }

const SECRET_FIELDS = /password/i

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !SECRET_FIELDS.test(key)) values[key] = value.slice(0, 10_000)
  }
  return values
}

/**
 * `crossChecks` run on the raw values even when field validation fails, so a person sees every
 * problem at once (zod skips object-level refinements while any field is invalid).
 */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  input: FormData | Record<string, unknown>,
  crossChecks: Record<string, (raw: Record<string, unknown>) => string | undefined> = {},
  /** The post itself, echoed back on failure when `input` is an object made from it (formObject). */
  echo?: FormData,
): { ok: true; data: z.infer<S> } | FormFailure {
  const formData = input instanceof FormData ? input : (echo ?? new FormData())
  let raw: Record<string, unknown> = {}
  if (input instanceof FormData) {
    for (const [key, value] of input.entries()) if (!Object.hasOwn(raw, key)) raw[key] = value
  } else raw = input
  const parsed = schema.safeParse(raw)
  const fieldErrors: FieldErrors = {}
  for (const [field, check] of Object.entries(crossChecks)) {
    const error = check(raw)
    if (error) fieldErrors[field] = error
  }
  if (parsed.success && Object.keys(fieldErrors).length === 0)
    return { ok: true, data: parsed.data as z.infer<S> }
  if (parsed.success) return { ok: false, fieldErrors, values: formValues(formData) }
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    // Our schemas give translation keys as messages; zod's own English defaults are mapped to keys.
    const key = /^[a-z][a-z0-9_]*$/.test(issue.message)
      ? issue.message
      : issue.code === 'invalid_type' && issue.received === 'undefined'
        ? 'required'
        : 'invalid_value'
    fieldErrors[field] ??= key
  }
  return { ok: false, fieldErrors, values: formValues(formData) }
}

export function failure(fieldErrors: FieldErrors, formData: FormData): FormFailure {
  return { ok: false, fieldErrors, values: formValues(formData) }
}
