import { beforeEach, describe, expect, it } from 'vitest'
import { addAgendaItem, convene, scheduleMeeting } from '../../../app/council/meetings.server'
import type { DB } from '../../../app/lib/db.server'
import {
  action as meetingAction,
  loader as meetingLoader,
} from '../../../app/routes/council.meetings.$id._index'
import { action as myAction, loader as myLoader } from '../../../app/routes/council.my'
import { councilBody } from '../../helpers/council'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

// Issue #18: the workspace's routes — a counsellor proposes through /council/my, the secretariat
// accepts on the meeting's page; refusals and bad input answer 4xx with what was typed kept.

let db: DB
let c: Awaited<ReturnType<typeof councilBody>>
let counsellor: string
let meetingId: string

beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  c = await councilBody(db)
  counsellor = (await createUser(db, { roles: ['counsellor'] })).id
  await db.updateTable('body_members').set({ user_id: counsellor }).where('id', '=', c.full[0]).execute()
  const m = await scheduleMeeting(db, {
    actorUserId: c.secretariat.id,
    bodyId: c.bodyId,
    kind: 'ordinary',
    title: 'Reunião',
    startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    place: 'Sede',
  })
  if (!m.ok) throw new Error(m.error)
  meetingId = m.value.id
  await addAgendaItem(db, {
    actorUserId: c.secretariat.id,
    meetingId,
    title: 'Informes',
    kind: 'information',
  })
  await convene(db, { actorUserId: c.secretariat.id, meetingId })
})

const post = async (userId: string, url: string, body: Record<string, string>, params = {}) =>
  settle(
    (url === '/council/my' ? myAction : meetingAction)(
      args(await requestAs(db, userId, url, { method: 'POST', body: form(body) }), params),
    ),
  )

describe('counsellor routes', () => {
  it('a proposal posted from the workspace reaches the agenda once the secretariat accepts it', async () => {
    const sent = await post(counsellor, '/council/my', {
      intent: 'propose',
      target: meetingId,
      meetingId,
      title: 'Saúde da mulher migrante',
      description: '',
    })
    expect(sent.status).toBe(302)
    expect(sent.headers.get('Location')).toBe(`/council/my?done=proposed#meeting-${meetingId}`)
    const page = (await settle(
      meetingLoader(
        args(await requestAs(db, c.secretariat.id, `/council/meetings/${meetingId}`), { id: meetingId }),
      ),
    )) as Response
    const data = (await page.json()) as { counsel: { proposals: { id: string; title: string }[] } }
    const [proposal] = data.counsel.proposals
    expect(proposal.title).toBe('Saúde da mulher migrante')
    const accepted = await post(
      c.secretariat.id,
      `/council/meetings/${meetingId}`,
      { intent: 'accept', proposalId: proposal.id },
      { id: meetingId },
    )
    expect(accepted.status).toBe(302)
    const items = await db
      .selectFrom('agenda_items')
      .select('title')
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(items.map((i) => i.title)).toContain('Saúde da mulher migrante')
  })

  it('bad input is 400 with the values kept; a duplicate 409; the role without a seat 403', async () => {
    const bad = await post(counsellor, '/council/my', {
      intent: 'propose',
      target: meetingId,
      meetingId,
      title: '',
      description: 'Sem título',
    })
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { values: Record<string, string>; fieldErrors: Record<string, string> }
    expect(body.fieldErrors.title).toBeTruthy()
    expect(body.values.description).toBe('Sem título')
    const once = { intent: 'propose', target: meetingId, meetingId, title: 'Ponto' }
    expect((await post(counsellor, '/council/my', once)).status).toBe(302)
    expect((await post(counsellor, '/council/my', once)).status).toBe(409)
    const seatless = (await createUser(db, { roles: ['counsellor'] })).id
    expect((await post(seatless, '/council/my', { ...once, title: 'Outro' })).status).toBe(403)
    // Someone without the role never reaches the form at all.
    const resident = (await createUser(db, { roles: ['resident'] })).id
    expect((await settle(myLoader(args(await requestAs(db, resident, '/council/my'), {})))).status).toBe(403)
  })

  it('the secretariat cannot decline without a reason', async () => {
    await post(counsellor, '/council/my', { intent: 'propose', target: meetingId, meetingId, title: 'Ponto' })
    const p = await db.selectFrom('council_agenda_proposals').select('id').executeTakeFirstOrThrow()
    const refused = await post(
      c.secretariat.id,
      `/council/meetings/${meetingId}`,
      { intent: 'decline', proposalId: p.id, reason: '' },
      { id: meetingId },
    )
    expect(refused.status).toBe(400)
  })
})
