import { recordAttendance } from '../../app/council/attendance.server'
import { addMember, createBody, membersOn } from '../../app/council/bodies.server'
import {
  addAgendaItem,
  closeSession,
  convene,
  openSession,
  scheduleMeeting,
} from '../../app/council/meetings.server'
import { recordVote } from '../../app/council/votes.server'
import type { DB } from '../../app/lib/db.server'
import { createUser } from './factories'

/**
 * A body of 4 full seats (2 government, 2 civil society), each with an alternate; quorum to open
 * "at least half" (2), to deliberate "more than half" (3); 5 days' notice (1 for extraordinary).
 * Terms of 20 years from 2020 (tests of terms build their own body).
 */
export async function councilBody(db: DB) {
  const secretariat = await createUser(db, { roles: ['secretariat'] })
  const {
    value: { id: bodyId },
  } = await createBody(db, {
    actorUserId: secretariat.id,
    kind: 'cmi_plenary',
    name: 'Conselho de teste',
    seats: 4,
    quorumOpenPct: 50,
    quorumOpenStrict: false,
    quorumDeliberatePct: 50,
    quorumDeliberateStrict: true,
    noticeDays: 5,
    extraordinaryNoticeDays: 1,
    resolutionCode: 'CT',
    // Members appointed in 2020 still sit at meetings scheduled from today: the longest term allowed.
    termMonths: 240,
  })
  const full: string[] = []
  const alternates: string[] = []
  for (const [i, sector] of (
    ['government', 'government', 'civil_society', 'civil_society'] as const
  ).entries()) {
    const f = await addMember(db, {
      actorUserId: secretariat.id,
      bodyId,
      displayName: `Titular ${i + 1}`,
      sector,
      role: 'full',
      termStarts: '2020-01-01',
    })
    if (!f.ok) throw new Error(f.error)
    const a = await addMember(db, {
      actorUserId: secretariat.id,
      bodyId,
      displayName: `Suplente ${i + 1}`,
      sector,
      role: 'alternate',
      alternateFor: f.value.id,
      termStarts: '2020-01-01',
    })
    if (!a.ok) throw new Error(a.error)
    full.push(f.value.id)
    alternates.push(a.value.id)
  }
  return { bodyId, secretariat, full, alternates }
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/** An upcoming ordinary meeting with an information item ("Informes"), convened unless told not to be. */
export async function upcomingMeeting(
  db: DB,
  council: Awaited<ReturnType<typeof councilBody>>,
  { startsInDays = 10, convened = true } = {},
) {
  const s = council.secretariat.id
  const m = await scheduleMeeting(db, {
    actorUserId: s,
    bodyId: council.bodyId,
    kind: 'ordinary',
    title: 'Reunião de dezembro',
    startsAt: inDays(startsInDays),
    place: 'Sede',
  })
  if (!m.ok) throw new Error(m.error)
  await addAgendaItem(db, { actorUserId: s, meetingId: m.value.id, title: 'Informes', kind: 'information' })
  if (convened) {
    const r = await convene(db, { actorUserId: s, meetingId: m.value.id })
    if (!r.ok) throw new Error(r.error)
  }
  return m.value.id
}

/** A meeting in session with the given members present and one deliberative item on the agenda. */
export async function meetingInSession(
  db: DB,
  council: Awaited<ReturnType<typeof councilBody>>,
  present: string[],
  { startsInDays = 10, title = 'Reunião ordinária' } = {},
) {
  const s = council.secretariat.id
  const m = await scheduleMeeting(db, {
    actorUserId: s,
    bodyId: council.bodyId,
    kind: 'ordinary',
    title,
    startsAt: inDays(startsInDays),
    place: 'Sede',
  })
  if (!m.ok) throw new Error(m.error)
  const item = await addAgendaItem(db, {
    actorUserId: s,
    meetingId: m.value.id,
    title: 'Campanha',
    kind: 'deliberation',
    motion: 'Aprovar a campanha.',
  })
  if (!item.ok) throw new Error(item.error)
  const convened = await convene(db, { actorUserId: s, meetingId: m.value.id })
  if (!convened.ok) throw new Error(convened.error)
  const everyone = (
    await membersOn(db, { bodyId: council.bodyId, on: inDays(startsInDays).slice(0, 10) })
  ).map((m) => m.id)
  const att = await recordAttendance(db, {
    actorUserId: s,
    meetingId: m.value.id,
    entries: everyone.map((id) => ({ memberId: id, status: present.includes(id) ? 'present' : 'absent' })),
  })
  if (!att.ok) throw new Error(att.error)
  return { meetingId: m.value.id, itemId: item.value.id }
}

/** A meeting that was held: opened, the item approved by counts, closed. */
export async function heldMeeting(
  db: DB,
  council: Awaited<ReturnType<typeof councilBody>>,
  opts: { startsInDays?: number; title?: string } = {},
) {
  const { meetingId, itemId } = await meetingInSession(db, council, council.full, opts)
  const s = council.secretariat.id
  for (const step of [
    () => openSession(db, { actorUserId: s, meetingId }),
    () => recordVote(db, { actorUserId: s, itemId, mode: 'counts', yes: 3, no: 1, abstain: 0 }),
    () => closeSession(db, { actorUserId: s, meetingId }),
  ]) {
    const r = await step()
    if (!r.ok) throw new Error(r.error)
  }
  return { meetingId, itemId }
}
