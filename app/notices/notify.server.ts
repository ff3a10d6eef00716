import type { Transaction } from 'kysely'
import type { Database, NoticeChannel } from '../../db/schema'
import { DEFAULT_LANGUAGE, isLanguage, TIME_ZONE, type Language } from '../i18n/config'
import { pickText, type I18nText } from '../i18n/content'
import { translatorFor, type ServerT } from '../i18n/i18n.server'
import type { DB } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'
import { enqueueMessage } from '../mail/outbox.server'
import { kindOf, PREFERENCES_PATH, type NoticeKind, type NoticeTemplate } from './kinds'

// One way to tell a person something (issue #18): `notify` for an account, `notifyContact` for a
// bare contact (a desk registration without an account). Both find the contact and language, honour
// the person's choice for this kind of notice, render the text from locales/<lng>/notices.json in
// their language, add how to stop, and write the outbox message in the caller's transaction (pass
// the transaction as `db`: the notice then commits with the decision, or not at all). Nothing ever
// goes to an erased account. Texts carry facts and dates, never a secret.

type Db = DB | Transaction<Database>

/** A value in a text: plain, a text in several languages (a title), a key of `notices`, or a date. */
export type NoticeParam = string | number | { i18n: string | I18nText } | { t: string } | { date: string }

export type Notice = {
  template: NoticeTemplate
  params?: Record<string, NoticeParam>
  /** A path on the site (/elections/…) shown in full in the e-mail, or an absolute URL. */
  link?: string
  /** E-mail only: one attached file (a convocation's iCalendar). */
  attachment?: { name: string; content: string }
}

export type Contact = { email: string | null; phone: string | null }

export type NoticeOutcome =
  | { sent: true; outboxId: string; channel: 'email' | 'sms' }
  | { sent: false; reason: 'unknown_user' | 'erased' | 'opted_out' | 'no_contact' }

/** The default: on, by e-mail when there is an address, else by SMS. */
export function chooseChannel(
  preference: NoticeChannel | null | undefined,
  contact: Contact,
): { channel: 'email' | 'sms'; to: string } | { channel: 'none' } {
  if (preference === 'none') return { channel: 'none' }
  // A chosen channel whose contact is gone falls back to the other: a notice about one's own vote
  // matters more than the channel it arrives by.
  const order: ('email' | 'sms')[] = preference === 'sms' ? ['sms', 'email'] : ['email', 'sms']
  for (const channel of order) {
    const to = channel === 'email' ? contact.email : contact.phone
    if (to) return { channel, to }
  }
  return { channel: 'none' }
}

// Haitian Creole has no locale data in Intl; Haiti writes dates day first, as in French.
const DATE_LOCALE: Partial<Record<Language, string>> = { ht: 'fr-HT' }
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function formatDate(iso: string, language: Language): string {
  let format = dateFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(DATE_LOCALE[language] ?? language, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: TIME_ZONE,
    })
    dateFormats.set(language, format)
  }
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : format.format(date)
}

function resolveParams(t: ServerT, language: Language, params: Record<string, NoticeParam> = {}) {
  const out: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[name] = value
    else if ('i18n' in value) out[name] = pickText(value.i18n, language).text
    else if ('t' in value) out[name] = t(value.t)
    else out[name] = formatDate(value.date, language)
  }
  return out
}

/** GSM 03.38: the basic set and its extension (an extension character takes two places). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM = new Set([...GSM_BASIC, ...'^{}\\[~]|€'])

/**
 * One character outside GSM 03.38 (a "ã") sends the whole SMS as UCS-2: 70 characters a part
 * instead of 160, and more than twice the cost. A Latin-script text whose only such characters
 * are accents (Portuguese, Spanish, French, Kreyòl) is sent without those accents — as people
 * write SMS in these languages anyway; Arabic and Chinese stay as they are (ADR 020).
 */
export function toGsm(text: string): string {
  const typographic: Record<string, string> = {
    '’': "'",
    '‘': "'",
    '“': '"',
    '”': '"',
    '«': '"',
    '»': '"',
    '–': '-',
    '—': '-',
    '\u00a0': ' ',
    '\u202f': ' ',
  }
  let out = ''
  for (const c of text) {
    if (GSM.has(c)) out += c
    else if (typographic[c]) out += typographic[c]
    else {
      const bare = c.normalize('NFKD').replace(/\p{M}/gu, '')
      if (![...bare].every((b) => GSM.has(b))) return text
      out += bare
    }
  }
  return out
}

export type RenderedNotice = { subject: string; body: string }

/** The text of a notice in one language for one channel, with how to stop it. */
export async function renderNotice(
  language: string,
  channel: 'email' | 'sms',
  notice: Notice,
  origin: string = publicOrigin(),
): Promise<RenderedNotice> {
  const lng = isLanguage(language) ? language : DEFAULT_LANGUAGE
  const t = await translatorFor(lng, 'notices')
  const values = resolveParams(t, lng, notice.params)
  const url = `${origin}${PREFERENCES_PATH}`
  const base = `templates.${notice.template}`
  if (channel === 'sms') {
    return { subject: '', body: toGsm(`${t(`${base}.sms`, values)} ${t('footer.sms', { url })}`) }
  }
  const lines = [t(`${base}.body`, values)]
  if (notice.link) lines.push(notice.link.startsWith('/') ? `${origin}${notice.link}` : notice.link)
  lines.push('--', t('footer.email', { url }))
  return { subject: t(`${base}.subject`, values), body: lines.join('\n\n') }
}

async function send(
  db: Db,
  target: { to: string; channel: 'email' | 'sms'; language: string },
  notice: Notice,
): Promise<NoticeOutcome> {
  const text = await renderNotice(target.language, target.channel, notice)
  const outboxId = await enqueueMessage(db as DB, {
    to: target.to,
    language: target.language,
    ...text,
    attachment: target.channel === 'email' ? notice.attachment : undefined,
  })
  return { sent: true, outboxId, channel: target.channel }
}

/**
 * Tells an account holder. `contact` is a contact given for this matter (on their registration),
 * used before the account's own e-mail or phone. Returns why nothing was sent, when nothing was.
 */
export async function notify(
  db: Db,
  input: Notice & { userId: string; contact?: Contact; language?: string },
): Promise<NoticeOutcome> {
  const kind: NoticeKind = kindOf(input.template)
  const user = await db
    .selectFrom('users')
    .leftJoin('notice_preferences as p', (join) =>
      join.onRef('p.user_id', '=', 'users.id').on('p.kind', '=', kind),
    )
    .select(['users.email', 'users.phone', 'users.preferred_language', 'users.erased_at', 'p.channel'])
    .where('users.id', '=', input.userId)
    .executeTakeFirst()
  if (!user) return { sent: false, reason: 'unknown_user' }
  if (user.erased_at) return { sent: false, reason: 'erased' }
  if (user.channel === 'none') return { sent: false, reason: 'opted_out' }
  const contact = {
    email: input.contact?.email ?? user.email,
    phone: input.contact?.phone ?? user.phone,
  }
  const choice = chooseChannel(user.channel, contact)
  if (choice.channel === 'none') return { sent: false, reason: 'no_contact' }
  return send(db, { ...choice, language: input.language ?? user.preferred_language }, input)
}

/** Tells a person known only by a contact (a registration without an account): no preferences. */
export async function notifyContact(
  db: Db,
  input: Notice & { contact: Contact; language: string },
): Promise<NoticeOutcome> {
  const choice = chooseChannel(null, input.contact)
  if (choice.channel === 'none') return { sent: false, reason: 'no_contact' }
  return send(db, { ...choice, language: input.language }, input)
}

/**
 * Tells the person of a registration: at the contact on the registration, else their account's,
 * with their account's choices when one is linked.
 * In the language chosen on the registration, as the registration's own pages are.
 */
export async function notifyRegistrant(
  db: Db,
  input: Notice & { registrationId: string },
): Promise<NoticeOutcome> {
  const r = await db
    .selectFrom('voter_registrations')
    .select(['user_id', 'email', 'phone', 'preferred_language'])
    .where('id', '=', input.registrationId)
    .executeTakeFirst()
  if (!r) return { sent: false, reason: 'unknown_user' }
  const contact = { email: r.email, phone: r.phone }
  if (r.user_id) return notify(db, { ...input, userId: r.user_id, contact, language: r.preferred_language })
  return notifyContact(db, { ...input, contact, language: r.preferred_language })
}
