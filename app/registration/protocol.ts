import { randomInt } from 'node:crypto'

// Protocol numbers are read aloud at service desks and typed on old phones: the alphabet has no
// 0/O or 1/I/L to confuse. Random, so they reveal nothing about order or time of registration.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

export function newProtocol(year: number): string {
  const pick = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
  return `CMI-${year}-${pick()}-${pick()}`
}

export function normaliseProtocol(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/\s+/g, '')
}
