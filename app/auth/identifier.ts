// A person signs in with an e-mail address or a phone number (many immigrants have only a phone).
export type Identifier = { kind: 'email'; value: string } | { kind: 'phone'; value: string }

/** RFC 5321's limit for a whole address; nothing longer reaches a pattern. */
export const MAX_EMAIL_LENGTH = 254

// Linear on any input (issue #16.1): the old /^[^\s@]+@[^\s@]+\.[^\s@]+$/ let its two domain
// quantifiers trade characters, so `a@a.a.a.…a. x` took quadratic time (300 KB: 34–41 s). Here the
// domain's first label stops at the first dot, so every character is read a bounded number of times.
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@][^\s.@]*\.[^\s@]+$/

export function isEmailShape(input: string): boolean {
  return input.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(input)
}

export function parseIdentifier(raw: string): Identifier | null {
  // A length check before any normalising or pattern: hostile input costs nothing beyond this line.
  if (raw.length > MAX_EMAIL_LENGTH * 2) return null
  const input = raw.normalize('NFKC').trim()
  if (input.length > MAX_EMAIL_LENGTH) return null
  if (input.includes('@')) {
    const email = input.toLowerCase()
    return isEmailShape(email) ? { kind: 'email', value: email } : null
  }
  const hasPlus = input.startsWith('+')
  const digits = input.replace(/[\s().-]/g, '').replace(/^\+/, '')
  if (!/^\d{8,15}$/.test(digits)) return null
  // Brazilian numbers are often typed without the country code: 11 9xxxx-xxxx.
  if (!hasPlus && (digits.length === 10 || digits.length === 11))
    return { kind: 'phone', value: `+55${digits}` }
  return { kind: 'phone', value: `+${digits}` }
}
