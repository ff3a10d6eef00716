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

export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData): { ok: true; data: z.infer<S> } | FormFailure {
  const raw: Record<string, FormDataEntryValue> = {}
  for (const [key, value] of formData.entries()) if (!(key in raw)) raw[key] = value
  const parsed = schema.safeParse(raw)
  if (parsed.success) return { ok: true, data: parsed.data as z.infer<S> }
  const fieldErrors: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    fieldErrors[field] ??= issue.code === 'invalid_type' && issue.received === 'undefined' ? 'required' : issue.message
  }
  return { ok: false, fieldErrors, values: formValues(formData) }
}

export function failure(fieldErrors: FieldErrors, formData: FormData): FormFailure {
  return { ok: false, fieldErrors, values: formValues(formData) }
}
