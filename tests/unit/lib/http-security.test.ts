import { describe, expect, it } from 'vitest'
import { isSameOriginRequest, securityHeaders } from '../../../app/lib/http-security'

describe('isSameOriginRequest', () => {
  const host = 'localhost:3000'
  it('lets safe methods through', () => {
    expect(isSameOriginRequest('GET', { host, origin: 'https://evil.example' }, null)).toBe(true)
  })
  it('accepts a POST from our own origin', () => {
    expect(isSameOriginRequest('POST', { host, origin: 'http://localhost:3000' }, null)).toBe(true)
  })
  it('refuses a POST from another site', () => {
    expect(isSameOriginRequest('POST', { host, origin: 'https://evil.example' }, null)).toBe(false)
  })
  it('refuses a look-alike origin (different port or scheme)', () => {
    expect(isSameOriginRequest('POST', { host, origin: 'http://localhost:3001' }, null)).toBe(false)
    expect(isSameOriginRequest('POST', { host, origin: 'https://localhost:3000' }, null)).toBe(false)
  })
  it('falls back to Referer when Origin is absent or "null"', () => {
    expect(isSameOriginRequest('POST', { host, referer: 'http://localhost:3000/login' }, null)).toBe(true)
    expect(
      isSameOriginRequest('POST', { host, origin: 'null', referer: 'https://evil.example/x' }, null),
    ).toBe(false)
  })
  it('refuses a POST with neither Origin nor Referer', () => {
    expect(isSameOriginRequest('POST', { host }, null)).toBe(false)
  })
  it('uses PUBLIC_ORIGIN behind a proxy instead of the Host header', () => {
    expect(
      isSameOriginRequest(
        'POST',
        { host: 'internal:3000', origin: 'https://mutirao.example' },
        'https://mutirao.example',
      ),
    ).toBe(true)
    expect(
      isSameOriginRequest(
        'POST',
        { host: 'internal:3000', origin: 'http://internal:3000' },
        'https://mutirao.example',
      ),
    ).toBe(false)
  })
  it('refuses garbage in the Origin header without throwing', () => {
    expect(isSameOriginRequest('DELETE', { host, origin: '%%%' }, null)).toBe(false)
  })
})

describe('securityHeaders', () => {
  it('sets a nonce-based CSP that forbids framing', () => {
    const h = securityHeaders('abc', { hsts: false })
    expect(h['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc'")
    expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'")
    expect(h['X-Content-Type-Options']).toBe('nosniff')
    expect(h['Strict-Transport-Security']).toBeUndefined()
    expect(securityHeaders('abc', { hsts: true })['Strict-Transport-Security']).toMatch(/max-age=/)
  })
})
