import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { parseIdentifier } from '../auth/identifier'
import { consumeQuota, SEAT_LOOKUPS_PER_ACTOR } from '../auth/throttle.server'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { keyedHash, sameHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { servingOn } from './bodies.server'
import { maskContact } from '../lib/contact'

// Which account holds a seat (issue #18, ADR 022): the secretariat links a serving membership of a
// body to a person's account, changes it or unlinks it. The account is found by its exact e-mail or
// phone — never listed or searched by prefix — and shown only by name and masked contact. A seat's
// account gets the `counsellor` role (`council.workspace` and `council.counsel` both need it); it
// loses the role when no other seat that has not ended needs it.
//
// The confirmation step carries a signature of what the look-up found (ADR 022 addendum): a keyed
// hash of (secretariat member, seat, account, expiry). Without it, a link crafted by someone else
// (`?seat=…&account=<their id>`) would show their account as if the look-up had found it, and one
// click would give them a seat. Look-ups are audited, hits and misses, and limited per staff account.

type Tx = Transaction<Database>

export type SeatAccountError =
  | 'not_found'
  | 'not_serving'
  | 'identifier_invalid'
  | 'no_such_account'
  | 'already_linked'
  | 'account_taken'
  | 'not_linked'
  | 'rate_limited'
  | 'invalid_confirmation'

/** How long the confirmation of a look-up stays valid. */
export const SEAT_LINK_TTL_MS = 15 * 60_000

const seatLinkMac = (t: { actorUserId: string; memberId: string; userId: string }, expires: number) =>
  keyedHash('council-seat-link', [t.actorUserId, t.memberId, t.userId, String(expires)].join('\u0000'))

/** The confirmation token for what a look-up found, for this secretariat member: `<expiry>.<mac>`. */
export function signSeatLink(input: { actorUserId: string; memberId: string; userId: string; now?: Date }) {
  const expires = (input.now ?? new Date()).getTime() + SEAT_LINK_TTL_MS
  return `${expires}.${seatLinkMac(input, expires)}`
}

/** Whether `sig` confirms this seat and account for this secretariat member, and has not expired. */
export function seatLinkConfirmed(input: {
  actorUserId: string
  memberId: string
  userId: string
  sig: string | null | undefined
  now?: Date
}): boolean {
  const match = /^(\d{1,15})\.([\w-]{32})$/.exec(input.sig ?? '')
  if (!match) return false
  const expires = Number(match[1])
  const now = (input.now ?? new Date()).getTime()
  // Expired, or further ahead than a look-up made now would sign (not one of ours).
  if (!(expires > now) || expires > now + SEAT_LINK_TTL_MS) return false
  return sameHash(match[2]!, seatLinkMac(input, expires))
}

const today = (now: Date) => now.toISOString().slice(0, 10)

/** The membership, if it is a seat of this body serving on the day. */
async function servingSeat(db: DB | Tx, input: { bodyId: string; memberId: string; on: string }) {
  return db
    .selectFrom('body_members')
    .select(['id', 'user_id', 'display_name'])
    .where('id', '=', input.memberId)
    .where('body_id', '=', input.bodyId)
    .where(servingOn(input.on))
    .executeTakeFirst()
}

/**
 * Why this account may not take this seat: it already holds it, or it holds another seat of the
 * same body serving on the day (a person sits once on a body, as full member or as alternate).
 */
async function seatConflict(
  db: DB | Tx,
  input: { bodyId: string; memberId: string; userId: string; current: string | null; on: string },
): Promise<'already_linked' | 'account_taken' | null> {
  if (input.current === input.userId) return 'already_linked'
  const other = await db
    .selectFrom('body_members')
    .select('id')
    .where('body_id', '=', input.bodyId)
    .where('user_id', '=', input.userId)
    .where('id', '!=', input.memberId)
    .where(servingOn(input.on))
    .executeTakeFirst()
  return other ? 'account_taken' : null
}

async function liveAccount(db: DB | Tx, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'phone'])
    .where('id', '=', userId)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
}

/** What the secretariat sees of an account: its name and a masked contact, nothing more. */
function shown(u: { id: string; display_name: string; email: string | null; phone: string | null }) {
  const contact = u.email ?? u.phone
  return { userId: u.id, displayName: u.display_name, contact: contact ? maskContact(contact) : null }
}
export type ShownAccount = ReturnType<typeof shown>

/**
 * Finds the account to link to a seat by its exact e-mail or phone (normalised as at sign-in). Every
 * look-up that reaches the accounts is audited — hit or miss, never the identifier — and counted
 * against the staff member's quota (`SEAT_LOOKUPS_PER_ACTOR`). A hit carries `sig`, the signed
 * confirmation that the link step requires.
 */
export async function findSeatAccount(
  db: DB,
  input: { actorUserId: string; bodyId: string; memberId: string; identifier: string; now?: Date },
): Promise<Result<ShownAccount & { memberId: string; sig: string }, SeatAccountError>> {
  const now = input.now ?? new Date()
  const on = today(now)
  const identifier = parseIdentifier(input.identifier)
  if (!identifier) return err('identifier_invalid', 'identifier')
  const seat = await servingSeat(db, { bodyId: input.bodyId, memberId: input.memberId, on })
  if (!seat) return err('not_serving')
  const quotaKey = `council-seat-lookup:${keyedHash('council-seat-lookup', input.actorUserId)}`
  if (await consumeQuota(db, quotaKey, SEAT_LOOKUPS_PER_ACTOR, now)) return err('rate_limited', 'identifier')
  const account = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'phone'])
    .where(identifier.kind, '=', identifier.value)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  const conflict = account
    ? await seatConflict(db, {
        bodyId: input.bodyId,
        memberId: seat.id,
        userId: account.id,
        current: seat.user_id,
        on,
      })
    : null
  await appendAudit(db, {
    actorUserId: input.actorUserId,
    action: 'council.seat_account_lookup',
    entityType: 'council_body',
    entityId: input.bodyId,
    after: account
      ? { member: seat.id, found: true, user: account.id, ...(conflict ? { refused: conflict } : {}) }
      : { member: seat.id, found: false },
  })
  if (!account) return err('no_such_account', 'identifier')
  if (conflict) return err(conflict, 'identifier')
  const sig = signSeatLink({ actorUserId: input.actorUserId, memberId: seat.id, userId: account.id, now })
  return ok({ ...shown(account), memberId: seat.id, sig })
}

/**
 * The accounts linked to the body's serving seats, and the one the secretariat found for a seat
 * (`candidate`, from the look-up's redirect), each as name and masked contact. Staff only. The
 * candidate is shown only when its `sig` confirms it for `actorUserId` (not a crafted address).
 */
export async function seatAccounts(
  db: DB,
  input: {
    bodyId: string
    actorUserId: string
    candidate?: { memberId: string; userId: string; sig: string } | null
    now?: Date
  },
) {
  const now = input.now ?? new Date()
  const on = today(now)
  const linked = await db
    .selectFrom('body_members as bm')
    .innerJoin('users as u', 'u.id', 'bm.user_id')
    .select(['bm.id as member_id', 'u.id', 'u.display_name', 'u.email', 'u.phone'])
    .where('bm.body_id', '=', input.bodyId)
    .where('bm.term_starts', '<=', on)
    .where((eb) => eb.or([eb('bm.term_ends', 'is', null), eb('bm.term_ends', '>', on)]))
    .where('u.erased_at', 'is', null)
    .execute()
  let candidate: (ShownAccount & { memberId: string; sig: string }) | null = null
  if (input.candidate && seatLinkConfirmed({ ...input.candidate, actorUserId: input.actorUserId, now })) {
    const seat = await servingSeat(db, { bodyId: input.bodyId, memberId: input.candidate.memberId, on })
    const account = seat ? await liveAccount(db, input.candidate.userId) : undefined
    if (seat && account) candidate = { ...shown(account), memberId: seat.id, sig: input.candidate.sig }
  }
  return {
    linked: Object.fromEntries(linked.map((r) => [r.member_id, shown(r)])) as Record<string, ShownAccount>,
    candidate,
  }
}

/** Gives the account the counsellor role, unless it has it; true when granted now. */
async function grantCounsellor(trx: Tx, userId: string, actorUserId: string): Promise<boolean> {
  const granted = await trx
    .insertInto('user_roles')
    .values({ user_id: userId, role: 'counsellor', granted_by: actorUserId, granted_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .executeTakeFirst()
  return Number(granted.numInsertedOrUpdatedRows ?? 0n) === 1
}

/**
 * Takes the counsellor role from an account that no longer holds a seat that has not ended, on any
 * body (a seat starting later still needs it); true when revoked now.
 */
async function releaseCounsellor(trx: Tx, userId: string, on: string): Promise<boolean> {
  const stillSeated = await trx
    .selectFrom('body_members')
    .select('id')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('term_ends', 'is', null), eb('term_ends', '>', on)]))
    .executeTakeFirst()
  if (stillSeated) return false
  const revoked = await trx
    .deleteFrom('user_roles')
    .where('user_id', '=', userId)
    .where('role', '=', 'counsellor')
    .executeTakeFirst()
  return Number(revoked.numDeletedRows) === 1
}

/**
 * Links the seat to the account (or changes its account), as confirmed by `sig` — the signature of
 * this staff member's own look-up, not expired; anything else is `invalid_confirmation`, with
 * nothing linked and nothing audited. In one transaction — serialised on both
 * dialects (ADR 011) — so of two links at once of one account to two seats of a body, one wins and
 * the other answers `account_taken`. The previous account loses the role if nothing else needs it.
 */
export async function linkSeatAccount(
  db: DB,
  input: {
    actorUserId: string
    bodyId: string
    memberId: string
    userId: string
    sig: string | null | undefined
    now?: Date
  },
): Promise<Result<{ memberId: string }, SeatAccountError>> {
  const now = input.now ?? new Date()
  if (!seatLinkConfirmed({ ...input, now })) return err('invalid_confirmation')
  const on = today(now)
  return db.transaction().execute(async (trx) => {
    const seat = await servingSeat(trx, { bodyId: input.bodyId, memberId: input.memberId, on })
    if (!seat) return err('not_serving')
    const account = await liveAccount(trx, input.userId)
    if (!account) return err('no_such_account')
    const conflict = await seatConflict(trx, {
      bodyId: input.bodyId,
      memberId: seat.id,
      userId: account.id,
      current: seat.user_id,
      on,
    })
    if (conflict) return err(conflict)
    await trx.updateTable('body_members').set({ user_id: account.id }).where('id', '=', seat.id).execute()
    const roleGranted = await grantCounsellor(trx, account.id, input.actorUserId)
    const previousRoleRevoked = seat.user_id ? await releaseCounsellor(trx, seat.user_id, on) : false
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.seat_account_link',
      entityType: 'council_body',
      entityId: input.bodyId,
      before: { member: seat.id, user: seat.user_id, roleRevoked: previousRoleRevoked },
      after: { member: seat.id, user: account.id, roleGranted },
    })
    return ok({ memberId: seat.id })
  })
}

/** Unlinks the seat's account: the workspace closes for it, and the role goes if nothing needs it. */
export async function unlinkSeatAccount(
  db: DB,
  input: { actorUserId: string; bodyId: string; memberId: string; now?: Date },
): Promise<Result<{ memberId: string }, SeatAccountError>> {
  const on = today(input.now ?? new Date())
  return db.transaction().execute(async (trx) => {
    const seat = await servingSeat(trx, { bodyId: input.bodyId, memberId: input.memberId, on })
    if (!seat) return err('not_serving')
    if (!seat.user_id) return err('not_linked')
    await trx.updateTable('body_members').set({ user_id: null }).where('id', '=', seat.id).execute()
    const roleRevoked = await releaseCounsellor(trx, seat.user_id, on)
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.seat_account_unlink',
      entityType: 'council_body',
      entityId: input.bodyId,
      before: { member: seat.id, user: seat.user_id },
      after: { member: seat.id, user: null, roleRevoked },
    })
    return ok({ memberId: seat.id })
  })
}
