import { describe, expect, it } from 'vitest'
import { ACCOUNT_POLICY, addressGroup, delayAfter } from '../../../app/auth/throttle.server'

describe('login slow-down (#16.6)', () => {
  it('groups IPv6 addresses by /64 and leaves IPv4 whole', () => {
    expect(addressGroup('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64')
    expect(addressGroup('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64')
    expect(addressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressGroup('::1')).toBe('0:0:0:0::/64')
    expect(addressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(addressGroup('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(addressGroup('203.0.113.9')).toBe('203.0.113.9')
    expect(addressGroup('unknown')).toBe('unknown')
  })

  it('delays grow after the free failures and never pass the cap (no lock)', () => {
    const delays = Array.from({ length: 200 }, (_, i) => delayAfter(i + 1, ACCOUNT_POLICY))
    expect(delays.slice(0, 4).every((d) => d === 0)).toBe(true)
    expect(delays[4]).toBeGreaterThan(0)
    expect(Math.max(...delays)).toBe(ACCOUNT_POLICY.maxDelayMs)
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true)
  })
})
