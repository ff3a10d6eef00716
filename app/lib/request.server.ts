import type { AppLoadContext } from '@remix-run/node'

/** A malformed or truncated body is bad input, not a server error: treat it as an empty form. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    return new FormData()
  }
}

export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress ?? 'unknown'
}

export function requestOrigin(request: Request): string {
  return new URL(request.url).origin
}
