import { describe, expect, it } from 'vitest'
import { statusFor } from '../../../app/lib/form-action.server'

// The one mapping from a domain's expected failure to an HTTP status (app/lib/form-action.server.ts).
describe('statusFor', () => {
  it('a field error is bad input, unless the value is already someone else’s', () => {
    expect(statusFor({ error: 'too_long', field: 'title' })).toBe(400)
    expect(statusFor({ error: 'identifier_taken', field: 'email' })).toBe(409)
    expect(statusFor({ error: 'document_taken', field: 'documentNumber' })).toBe(409)
  })

  it('missing, refused, throttled, invalid input, and any other wrong state', () => {
    expect(statusFor({ error: 'not_found' })).toBe(404)
    expect(statusFor({ error: 'forbidden' })).toBe(403)
    expect(statusFor({ error: 'not_yours' })).toBe(403)
    expect(statusFor({ error: 'bad_rows', details: { rows: [] } })).toBe(400)
    expect(statusFor({ error: 'rate_limited' })).toBe(429)
    expect(statusFor({ error: 'too_many_attempts' })).toBe(429)
    expect(statusFor({ error: 'too_many_attempts', field: 'password' })).toBe(429)
    expect(statusFor({ error: 'invalid_credentials' })).toBe(400)
    expect(statusFor({ error: 'invalid_value' })).toBe(400)
    expect(statusFor({ error: 'unknown_intent' })).toBe(400)
    expect(statusFor({ error: 'wrong_phase' })).toBe(409)
  })
})
