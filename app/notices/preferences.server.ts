import type { Transaction } from 'kysely'
import type { Database, NoticeChannel } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { NOTICE_GROUP_NAMES, NOTICE_GROUPS, NOTICE_KINDS, groupOf, type NoticeGroup } from './kinds'

type Db = DB | Transaction<Database>

export type GroupChoice = NoticeChannel | 'default'

/**
 * A person's choice per group of notices, as the page shows it. A group whose kinds disagree (set
 * by an older page) shows its first kind's choice; saving writes every kind of the group.
 */
export async function preferencesOf(db: Db, userId: string): Promise<Record<NoticeGroup, GroupChoice>> {
  const rows = await db
    .selectFrom('notice_preferences')
    .select(['kind', 'channel'])
    .where('user_id', '=', userId)
    .limit(NOTICE_KINDS.length)
    .execute()
  const out = Object.fromEntries(NOTICE_GROUP_NAMES.map((g) => [g, 'default'])) as Record<
    NoticeGroup,
    GroupChoice
  >
  for (const g of NOTICE_GROUP_NAMES) {
    const first = rows.find((r) => r.kind === NOTICE_GROUPS[g][0])
    if (first) out[g] = first.channel
  }
  return out
}

/** Sets the channel of every kind in a group; 'default' removes the choice. */
export async function setPreference(
  db: Db,
  input: { userId: string; group: NoticeGroup; channel: GroupChoice },
): Promise<void> {
  const kinds = [...NOTICE_GROUPS[input.group]]
  await db
    .deleteFrom('notice_preferences')
    .where('user_id', '=', input.userId)
    .where('kind', 'in', kinds)
    .execute()
  if (input.channel === 'default') return
  const at = nowIso()
  await db
    .insertInto('notice_preferences')
    .values(
      kinds.map((kind) => ({
        user_id: input.userId,
        kind,
        channel: input.channel as NoticeChannel,
        updated_at: at,
      })),
    )
    .execute()
}

/**
 * Saves the whole page at once. With `contact` (the page's post), a channel the person has no
 * contact for (SMS without a phone: a tampered form) is refused beside its group and nothing is saved.
 */
export async function savePreferences(
  db: DB,
  input: {
    userId: string
    choices: Partial<Record<NoticeGroup, GroupChoice>>
    contact?: { email: string | null; phone: string | null }
  },
): Promise<{ ok: true; value: null } | { ok: false; error: 'channel_unavailable'; field: NoticeGroup }> {
  if (input.contact) {
    for (const group of NOTICE_GROUP_NAMES) {
      const channel = input.choices[group]
      if ((channel === 'email' && !input.contact.email) || (channel === 'sms' && !input.contact.phone))
        return { ok: false, error: 'channel_unavailable', field: group }
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const group of NOTICE_GROUP_NAMES) {
      const channel = input.choices[group]
      if (channel) await setPreference(trx, { userId: input.userId, group, channel })
    }
  })
  return { ok: true, value: null }
}

/** For the LGPD export (app/privacy). */
export async function noticePreferencesOfUser(db: Db, userId: string) {
  const rows = await db
    .selectFrom('notice_preferences')
    .select(['kind', 'channel', 'updated_at'])
    .where('user_id', '=', userId)
    .orderBy('kind')
    .limit(NOTICE_KINDS.length)
    .execute()
  return rows.map((r) => ({ ...r, group: groupOf(r.kind as (typeof NOTICE_KINDS)[number]) }))
}

/** On erasure: the choices go with the account. */
export async function eraseNoticePreferencesOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('notice_preferences').where('user_id', '=', userId).execute()
}

/** On erasure: which campaigns reached the person's registrations goes too (nothing is resent: erased). */
export async function eraseNoticeDeliveriesOfUser(db: Db, userId: string): Promise<void> {
  await db
    .deleteFrom('notice_deliveries')
    .where('registration_id', 'in', (eb) =>
      eb.selectFrom('voter_registrations').select('id').where('user_id', '=', userId),
    )
    .execute()
}
