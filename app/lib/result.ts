// Expected failures are values, not exceptions (Decidim's "invalid" command outcome).
export type Ok<T> = { ok: true; value: T }
export type Err<E extends string> = { ok: false; error: E; field?: string }
export type Result<T, E extends string> = Ok<T> | Err<E>

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = <E extends string>(error: E, field?: string): Err<E> =>
  field ? { ok: false, error, field } : { ok: false, error }
