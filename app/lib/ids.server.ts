import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'

// Random ids: unguessable and carrying no order or time (ballot secrecy relies on this later).
export function newId(bytes = 12): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes))
}

export const nowIso = (): string => new Date().toISOString()
