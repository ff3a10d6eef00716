import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's minimum profile (19 MiB, t=2, p=1): ~15 ms here, memory-hard.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Spend the same time when the account does not exist, so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('mutirao-timing-equaliser')
  await verifyPassword(await dummyHash, password)
}
