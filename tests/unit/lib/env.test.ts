import { describe, expect, it } from 'vitest'
import { parseEnv, servingProblems } from '../../../app/lib/env.server'

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
  it('SMS through Kannel (#18): off unless SMS_URL is an http(s) URL; sender and credentials default', () => {
    const off = parseEnv({ SMS_URL: '' })
    expect(off.ok && off.env.SMS_URL).toBeUndefined()
    const on = parseEnv({
      SMS_URL: 'http://127.0.0.1:13013/cgi-bin/sendsms',
      SMS_USER: 'u',
      SMS_PASSWORD: 'p',
    })
    expect(on.ok && [on.env.SMS_URL, on.env.SMS_USER, on.env.SMS_PASSWORD, on.env.SMS_FROM]).toEqual([
      'http://127.0.0.1:13013/cgi-bin/sendsms',
      'u',
      'p',
      'Mutirao',
    ])
    const bad = parseEnv({ SMS_URL: 'ftp://kannel' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toContain('SMS_URL')
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
  it('SIGNUPS_PER_ADDRESS_PER_HOUR: 10 unless set; a positive whole number', () => {
    const r = parseEnv({})
    expect(r.ok && r.env.SIGNUPS_PER_ADDRESS_PER_HOUR).toBe(10)
    const raised = parseEnv({ SIGNUPS_PER_ADDRESS_PER_HOUR: '50' })
    expect(raised.ok && raised.env.SIGNUPS_PER_ADDRESS_PER_HOUR).toBe(50)
    for (const bad of ['0', '-1', '2.5', 'many']) {
      const r = parseEnv({ SIGNUPS_PER_ADDRESS_PER_HOUR: bad })
      expect(r.ok, bad).toBe(false)
      if (!r.ok) expect(r.message).toContain('SIGNUPS_PER_ADDRESS_PER_HOUR')
    }
  })
  it('demo mode does not need a secret', () => {
    const r = parseEnv({ NODE_ENV: 'production', DEMO_MODE: 'true' })
    expect(r.ok && r.env.DEMO_MODE).toBe(true)
  })

  it('keeps only the origin of PUBLIC_ORIGIN and refuses other schemes', () => {
    const r = parseEnv({ PUBLIC_ORIGIN: 'https://mutirao.example.org/some/path?q=1' })
    expect(r.ok && r.env.publicOrigin).toBe('https://mutirao.example.org')
    expect(parseEnv({ PUBLIC_ORIGIN: 'javascript:alert(1)' }).ok).toBe(false)
    const demo = parseEnv({ PORT: '3211', DEMO_MODE: 'true' })
    expect(demo.ok && demo.env.publicOrigin).toBe('http://localhost:3211')
  })
})

describe('servingProblems (issue #16.11)', () => {
  const real = {
    NODE_ENV: 'production',
    PUBLIC_ORIGIN: 'https://mutirao.example.org',
    SESSION_SECRET: 'x'.repeat(40),
  }
  const problems = (source: Record<string, string | undefined>) => {
    const r = parseEnv(source)
    if (!r.ok) return [r.message]
    return servingProblems(r.env, source)
  }
  it('a complete real configuration starts', () => {
    expect(problems(real)).toEqual([])
  })
  it('each missing real-mode setting is named', () => {
    expect(problems({ ...real, NODE_ENV: undefined }).join()).toContain('NODE_ENV')
    expect(problems({ ...real, PUBLIC_ORIGIN: undefined }).join()).toContain('PUBLIC_ORIGIN')
    expect(problems({ ...real, SESSION_SECRET: undefined }).join()).toContain('SESSION_SECRET')
    // Nothing set at all is not a demo: it is refused.
    expect(problems({}).length).toBe(3)
    expect(problems({ DEMO_MODE: 'false' }).length).toBe(3)
  })
  it('only an explicit DEMO_MODE=true runs without them', () => {
    expect(problems({ DEMO_MODE: 'true' })).toEqual([])
  })
})
