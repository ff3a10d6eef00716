import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../../app/lib/env.server'
import { seal, sealingKey, unseal, type SealingKey } from '../../../app/lib/sealed.server'

const key: SealingKey = { bytes: Buffer.alloc(32, 7) }
const otherKey: SealingKey = { bytes: Buffer.alloc(32, 8) }

describe('sealed values (ADR 029)', () => {
  it('opens what it sealed, under the same key and binding', () => {
    const sealed = seal(key, 'belenios-credential|U|r1', 'abc-def-ghi')
    expect(sealed).not.toContain('abc')
    expect(unseal(key, 'belenios-credential|U|r1', sealed)).toBe('abc-def-ghi')
  })

  it('seals the same value differently each time (random IV)', () => {
    expect(seal(key, 'x', 'same')).not.toBe(seal(key, 'x', 'same'))
  })

  it('refuses another key, another binding (a value moved to another row) and any change', () => {
    const sealed = seal(key, 'belenios-credential|U|r1', 'secret')
    expect(unseal(otherKey, 'belenios-credential|U|r1', sealed)).toBeNull()
    expect(unseal(key, 'belenios-credential|U|r2', sealed)).toBeNull()
    const [v, iv, body, tag] = sealed.split('.')
    const flipped = body!.startsWith('A') ? `B${body!.slice(1)}` : `A${body!.slice(1)}`
    expect(unseal(key, 'belenios-credential|U|r1', [v, iv, flipped, tag].join('.'))).toBeNull()
    for (const bad of ['', 'v1', 'v2.a.b.c', 'v1.a.b.c', 'x'.repeat(70_000)])
      expect(unseal(key, 'belenios-credential|U|r1', bad)).toBeNull()
  })

  it('has no key outside demo mode unless CREDENTIALS_KEY is configured (voting then cannot open)', () => {
    const env = (source: Record<string, string>) => {
      const parsed = parseEnv(source)
      if (!parsed.ok) throw new Error(parsed.message)
      return parsed.env
    }
    expect(sealingKey(env({}))).toBeNull()
    expect(sealingKey(env({ DEMO_MODE: 'true' }))).not.toBeNull()
    const configured = sealingKey(env({ CREDENTIALS_KEY: 'ab'.repeat(32) }))
    expect(configured?.bytes.toString('hex')).toBe('ab'.repeat(32))
    expect(parseEnv({ CREDENTIALS_KEY: 'short' }).ok).toBe(false)
  })
})
