import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../../app/lib/env.server'

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const r = parseEnv({})
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.env.PORT).toBe(3000)
    expect(r.env.DATABASE_PATH).toBe('data/mutirao.sqlite')
    expect(r.env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
    expect(r.env.cookieSecure).toBe(false)
  })
  it('requires a long SESSION_SECRET in production', () => {
    const r = parseEnv({ NODE_ENV: 'production' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain('SESSION_SECRET')
    expect(parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'short' }).ok).toBe(false)
  })
  it('uses Secure cookies in production', () => {
    const r = parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })
    expect(r.ok && r.env.cookieSecure).toBe(true)
  })
  it('explains every invalid variable', () => {
    const r = parseEnv({ PORT: 'eighty', SMTP_URL: 'http://mail' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.message).toContain('PORT')
      expect(r.message).toContain('SMTP_URL')
    }
  })
  it('demo mode does not need a secret', () => {
    const r = parseEnv({ NODE_ENV: 'production', DEMO_MODE: 'true' })
    expect(r.ok && r.env.DEMO_MODE).toBe(true)
  })
})
