import { describe, expect, it } from 'vitest'
import { safeRedirect } from '../../../app/auth/guards.server'

// Issue #16.7: `/login?redirectTo=%2F%09%2Fevil.example` left the site after logging in (browsers
// drop tabs and newlines from URLs and read `\` as `/`).
describe('safeRedirect', () => {
  const LEAVING = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\t\t/evil.example/path',
    '\t//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'evil.example',
    ' /evil',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    '',
    '/'.repeat(3000),
  ]
  for (const payload of LEAVING) {
    it(`never leaves for ${JSON.stringify(payload).slice(0, 40)}`, () => {
      const to = safeRedirect(payload)
      expect(to).toBe('/')
    })
  }

  it('every answer is a single-slash path on this origin', () => {
    for (const payload of [...LEAVING, '/%2F%2Fevil.example', '/%5Cevil.example', '/a/../..//evil.example']) {
      const to = safeRedirect(payload)
      expect(to.startsWith('/') && !to.startsWith('//') && !to.includes('\\'), payload).toBe(true)
      expect(new URL(to, 'https://mutirao.example.org').origin).toBe('https://mutirao.example.org')
    }
  })

  it('keeps our own paths with their query and fragment', () => {
    expect(safeRedirect('/registration')).toBe('/registration')
    expect(safeRedirect('/consultations/c1/p/general?x=1#c-9')).toBe('/consultations/c1/p/general?x=1#c-9')
    expect(safeRedirect('/staff/plan?tab=%2Fa')).toBe('/staff/plan?tab=%2Fa')
  })

  it('falls back for what is not text', () => {
    expect(safeRedirect(null)).toBe('/')
    expect(safeRedirect(undefined, '/home')).toBe('/home')
    expect(safeRedirect(new File(['/x'], 'x'))).toBe('/')
  })
})
