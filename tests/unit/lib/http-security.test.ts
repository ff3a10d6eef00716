import { describe, expect, it } from 'vitest'
import {
  clientAddressOf,
  hostAllowed,
  isSameOriginRequest,
  outboxOpenTo,
  securityHeaders,
  servedOrigins,
} from '../../../app/lib/http-security'

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

describe('served origins and the Host header (issue #16.5)', () => {
  const real = {
    publicOrigin: 'https://mutirao.example.org',
    PUBLIC_ORIGIN: 'https://mutirao.example.org',
    DEMO_MODE: false,
    PORT: 3000,
  }
  it('answers only for the configured host', () => {
    const origins = servedOrigins(real)
    expect(hostAllowed('mutirao.example.org', origins)).toBe(true)
    expect(hostAllowed('MUTIRAO.example.org', origins)).toBe(true)
    for (const host of [
      'evil.example',
      'mutirao.example.org.evil.example',
      'mutirao.example.org:8443',
      '',
      undefined,
    ])
      expect(hostAllowed(host, origins), String(host)).toBe(false)
  })
  it('a demo without PUBLIC_ORIGIN answers for localhost and its loopback spellings only', () => {
    const origins = servedOrigins({ publicOrigin: 'http://localhost:3000', DEMO_MODE: true, PORT: 3000 })
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000'])
      expect(hostAllowed(host, origins)).toBe(true)
    for (const host of ['localhost:3001', 'evil.example:3000', '192.0.2.2:3000'])
      expect(hostAllowed(host, origins)).toBe(false)
  })
})

describe('client address behind proxies (TRUST_PROXY_HOPS)', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    expect(clientAddressOf('203.0.113.9', '1.2.3.4', 0)).toBe('203.0.113.9')
  })
  it('reads the address the outermost trusted proxy saw, never what the client wrote', () => {
    // The client wrote "1.2.3.4"; the one proxy appended the real peer 198.51.100.7.
    expect(clientAddressOf('10.0.0.2', '1.2.3.4, 198.51.100.7', 1)).toBe('198.51.100.7')
    expect(clientAddressOf('10.0.0.2', ['1.2.3.4', '198.51.100.7, 10.0.0.1'], 2)).toBe('198.51.100.7')
    expect(clientAddressOf('10.0.0.2', '198.51.100.7', 3)).toBe('198.51.100.7')
  })
})

describe('the demo outbox guard (issue #16.11)', () => {
  it('opens only in explicit demo mode, to a TCP peer on this machine', () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10']) {
      expect(outboxOpenTo({ DEMO_MODE: true }, peer), peer).toBe(true)
      expect(outboxOpenTo({ DEMO_MODE: false }, peer), peer).toBe(false)
    }
    for (const peer of [
      '192.0.2.2',
      '10.0.0.1',
      '::ffff:10.0.0.1',
      'fd00::2',
      '127.0.0.1.evil',
      '',
      undefined,
    ])
      expect(outboxOpenTo({ DEMO_MODE: true }, peer), String(peer)).toBe(false)
  })
})
