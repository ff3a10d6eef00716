// A person signs in with an e-mail address or a phone number (many immigrants have only a phone).
export type Identifier = { kind: 'email'; value: string } | { kind: 'phone'; value: string }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function parseIdentifier(raw: string): Identifier | null {
  const input = raw.normalize('NFKC').trim()
  if (input.includes('@')) {
    const email = input.toLowerCase()
    return EMAIL.test(email) && email.length <= 254 ? { kind: 'email', value: email } : null
  }
  const hasPlus = input.startsWith('+')
  const digits = input.replace(/[\s().-]/g, '').replace(/^\+/, '')
  if (!/^\d{8,15}$/.test(digits)) return null
  // Brazilian numbers are often typed without the country code: 11 9xxxx-xxxx.
  if (!hasPlus && (digits.length === 10 || digits.length === 11))
    return { kind: 'phone', value: `+55${digits}` }
  return { kind: 'phone', value: `+${digits}` }
}
