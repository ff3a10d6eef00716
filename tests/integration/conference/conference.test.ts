import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { accreditDelegate, registerPreparatory } from '../../../app/conference/delegates.server'
import { advanceConferencePhase } from '../../../app/conference/editions.server'
import { castPriorityVote, delegateResults } from '../../../app/conference/priority-vote.server'
import {
  commentOnProposal,
  getProposal,
  listProposals,
  submitProposal,
  supportProposal,
} from '../../../app/conference/proposals.server'
import { conferenceFigures } from '../../../app/conference/report.server'
import { decideProposal, mergeProposals } from '../../../app/conference/systematisation.server'
import type { DB } from '../../../app/lib/db.server'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { createTestDb, onPostgres } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

const proposal = (
  axisId: string,
  title = 'Aulas de português gratuitas',
  body = 'Abrir turmas nos CEUs.',
) => ({ axisId, title, body, language: 'fr' })

describe('editions and phases', () => {
  it('creates the 8 thematic axes plus cross-cutting ones and moves one phase at a time', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    expect(axes).toHaveLength(9)
    expect(
      await advanceConferencePhase(db, { actorUserId: secretariat.id, editionId, to: 'delegates_vote' }),
    ).toMatchObject({ ok: false, error: 'not_next_phase' })
    expect(
      await advanceConferencePhase(db, { actorUserId: secretariat.id, editionId, to: 'proposals_open' }),
    ).toMatchObject({ ok: true })
  })
})

describe('proposals', () => {
  it('are accepted only while proposals are open, in the edition’s axes, recording the language', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    const person = await createUser(db)
    expect(await submitProposal(db, { ...proposal(axes[0]), editionId, userId: person.id })).toMatchObject({
      ok: false,
      error: 'wrong_phase',
    })
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const other = await conferenceEdition(db)
    expect(
      await submitProposal(db, { ...proposal(other.axes[0]), editionId, userId: person.id }),
    ).toMatchObject({ ok: false, error: 'unknown_axis' })
    const made = await submitProposal(db, { ...proposal(axes[6]), editionId, userId: person.id })
    expect(made.ok).toBe(true)
    const row = await db.selectFrom('proposals').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      language: 'fr',
      origin: 'online',
      status: 'submitted',
      author_user_id: person.id,
    })
  })

  it('a person cannot attach a proposal to a preparatory conference; the secretariat can, within the quota of delegates', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const prep = await registerPreparatory(db, {
      actorUserId: secretariat.id,
      editionId,
      kind: 'free',
      name: 'Conferência livre do Coletivo Sí',
      organiser: 'Coletivo Sí, Yo Puedo',
      heldOn: '2026-10-10',
      place: 'Glicério',
      attendance: 40,
    })
    if (!prep.ok) throw new Error()
    const person = await createUser(db)
    expect(
      await submitProposal(db, {
        ...proposal(axes[0]),
        editionId,
        userId: person.id,
        preparatoryId: prep.value.id,
      }),
    ).toMatchObject({ ok: false, error: 'unknown_preparatory' })
    const attached = await submitProposal(db, {
      ...proposal(axes[0]),
      editionId,
      userId: secretariat.id,
      preparatoryId: prep.value.id,
      bySecretariat: true,
    })
    expect(attached.ok).toBe(true)
    const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)]
    expect(
      await accreditDelegate(db, {
        actorUserId: secretariat.id,
        editionId,
        identifier: a.email,
        preparatoryId: prep.value.id,
      }),
    ).toEqual({ ok: true, value: null })
    expect(
      await accreditDelegate(db, {
        actorUserId: secretariat.id,
        editionId,
        identifier: a.email.toUpperCase(),
      }),
    ).toMatchObject({ ok: false, error: 'already_delegate' })
    expect(
      await accreditDelegate(db, {
        actorUserId: secretariat.id,
        editionId,
        identifier: b.email,
        preparatoryId: prep.value.id,
      }),
    ).toMatchObject({ ok: true })
    expect(
      await accreditDelegate(db, {
        actorUserId: secretariat.id,
        editionId,
        identifier: c.email,
        preparatoryId: prep.value.id,
      }),
    ).toMatchObject({ ok: false, error: 'quota_full' })
    expect(
      await accreditDelegate(db, {
        actorUserId: secretariat.id,
        editionId,
        identifier: 'nobody@example.org',
      }),
    ).toMatchObject({ ok: false, error: 'unknown_person' })
  })

  it('finds proposals by words regardless of accents and case, and filters by axis and origin', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const person = await createUser(db)
    await submitProposal(db, {
      ...proposal(axes[6], 'Educação intercultural nas escolas', 'Formação de professores'),
      editionId,
      userId: person.id,
    })
    await submitProposal(db, {
      ...proposal(axes[7], 'Saúde da mulher migrante', 'Intérpretes nas UBS'),
      editionId,
      userId: person.id,
    })
    await submitProposal(db, {
      ...proposal(axes[7], '100% de cobertura', 'Vacinação'),
      editionId,
      userId: person.id,
    })
    expect(
      (await listProposals(db, { editionId, q: 'EDUCACAO escolas', page: 1 })).rows.map((r) => r.title),
    ).toEqual(['Educação intercultural nas escolas'])
    expect((await listProposals(db, { editionId, axisId: axes[7], page: 1 })).total).toBe(2)
    expect((await listProposals(db, { editionId, q: '%', page: 1 })).total).toBe(1) // a literal percent sign, not a wildcard
    expect((await listProposals(db, { editionId, origin: 'preparatory', page: 1 })).total).toBe(0)
  })

  it('one support per person; comments are rate-limited', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const person = await createUser(db)
    const made = await submitProposal(db, { ...proposal(axes[0]), editionId, userId: person.id })
    if (!made.ok) throw new Error()
    const [s1, s2] = await Promise.all([
      supportProposal(db, { userId: person.id, proposalId: made.value.id }),
      supportProposal(db, { userId: person.id, proposalId: made.value.id }),
    ])
    expect([s1.ok, s2.ok].sort()).toEqual([false, true])
    expect((await getProposal(db, made.value.id))!.supports).toBe(1)
    const results = []
    for (let i = 0; i < 11; i++)
      results.push(
        await commentOnProposal(db, {
          userId: person.id,
          authorName: 'P',
          proposalId: made.value.id,
          body: `Comentário ${i}`,
        }),
      )
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true)
    expect(results[10]).toMatchObject({ ok: false, error: 'rate_limited' })
  })
})

describe('systematisation', () => {
  async function withProposals(n = 3) {
    const setup = await conferenceEdition(db)
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'proposals_open')
    const person = await createUser(db)
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const r = await submitProposal(db, {
        ...proposal(setup.axes[0], `Proposta ${i}`),
        editionId: setup.editionId,
        userId: person.id,
      })
      if (r.ok) ids.push(r.value.id)
    }
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'systematisation')
    return { ...setup, ids }
  }

  it('merges duplicates into one consolidated proposal that keeps the links to its originals', async () => {
    const { secretariat, editionId, axes, ids } = await withProposals()
    const merged = await mergeProposals(db, {
      actorUserId: secretariat.id,
      editionId,
      proposalIds: [ids[0], ids[1]],
      axisId: axes[0],
      title: 'Português para todos',
      body: 'Texto consolidado',
    })
    if (!merged.ok) throw new Error(merged.error)
    const consolidated = await getProposal(db, merged.value.id)
    expect(consolidated!.originals.map((o) => o.id).sort()).toEqual([ids[0], ids[1]].sort())
    const original = await getProposal(db, ids[0])
    expect(original!.proposal.status).toBe('merged')
    expect(original!.mergedInto).toMatchObject({ id: merged.value.id, title: 'Português para todos' })
    // Merging a merged proposal again is refused; nothing is half-written.
    const before = await db.selectFrom('proposals').select('id').execute()
    expect(
      await mergeProposals(db, {
        actorUserId: secretariat.id,
        editionId,
        proposalIds: [ids[0], ids[2]],
        axisId: axes[0],
        title: 'x',
        body: 'y',
      }),
    ).toMatchObject({ ok: false, error: 'not_mergeable' })
    expect(await db.selectFrom('proposals').select('id').execute()).toHaveLength(before.length)
  })

  it('refuses a merge across editions, of fewer than two, or outside systematisation', async () => {
    const { secretariat, editionId, axes, ids } = await withProposals(2)
    const other = await withProposals(1)
    expect(
      await mergeProposals(db, {
        actorUserId: secretariat.id,
        editionId,
        proposalIds: [ids[0], other.ids[0]],
        axisId: axes[0],
        title: 'x',
        body: 'y',
      }),
    ).toMatchObject({ ok: false, error: 'other_edition' })
    expect(
      await mergeProposals(db, {
        actorUserId: secretariat.id,
        editionId,
        proposalIds: [ids[0], ids[0]],
        axisId: axes[0],
        title: 'x',
        body: 'y',
      }),
    ).toMatchObject({ ok: false, error: 'too_few' })
    await moveConferenceTo(db, secretariat.id, editionId, 'delegates_vote')
    expect(
      await mergeProposals(db, {
        actorUserId: secretariat.id,
        editionId,
        proposalIds: ids,
        axisId: axes[0],
        title: 'x',
        body: 'y',
      }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
  })

  it.skipIf(onPostgres)(
    'a decision that loses a race to another one is refused and not audited',
    async () => {
      const { secretariat, ids } = await withProposals(1)
      const audits = async () =>
        (await db.selectFrom('audit_log').select('action').execute()).filter((a) =>
          a.action.startsWith('proposal.'),
        )
      // The other decision lands between this one's read and its write: the conditional UPDATE then
      // changes no row (simulated by a trigger that skips the update, as a changed status would).
      await sql`create temp trigger lose_race before update on proposals begin select raise(ignore); end`.execute(
        db,
      )
      expect(
        await decideProposal(db, {
          actorUserId: secretariat.id,
          proposalId: ids[0],
          decision: { intent: 'reject', reason: 'Fora da competência municipal' },
        }),
      ).toEqual({ ok: false, error: 'already_decided' })
      expect(await audits()).toEqual([])
      await sql`drop trigger lose_race`.execute(db)
    },
  )

  it('rejects with a reason, marks motions, and leaves the rest votable as written', async () => {
    const { secretariat, editionId, ids } = await withProposals(3)
    await decideProposal(db, {
      actorUserId: secretariat.id,
      proposalId: ids[0],
      decision: { intent: 'reject', reason: 'Fora da competência municipal' },
    })
    await decideProposal(db, {
      actorUserId: secretariat.id,
      proposalId: ids[1],
      decision: { intent: 'motion' },
    })
    await moveConferenceTo(db, secretariat.id, editionId, 'delegates_vote')
    const statuses = await db
      .selectFrom('proposals')
      .select(['id', 'status', 'rejection_reason'])
      .where('edition_id', '=', editionId)
      .execute()
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [ids[0]]: 'rejected',
      [ids[1]]: 'motion',
      [ids[2]]: 'consolidated',
    })
  })
})

describe('delegates’ vote', () => {
  async function voting({ votesPerAxis = 2 } = {}) {
    const setup = await conferenceEdition(db, { votesPerAxis })
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'proposals_open')
    const author = await createUser(db)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const r = await submitProposal(db, {
        ...proposal(setup.axes[0], `Proposta ${i}`),
        editionId: setup.editionId,
        userId: author.id,
      })
      if (r.ok) ids.push(r.value.id)
    }
    const delegates = [await createUser(db), await createUser(db)]
    for (const d of delegates)
      await accreditDelegate(db, {
        actorUserId: setup.secretariat.id,
        editionId: setup.editionId,
        identifier: d.email,
      })
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'delegates_vote')
    return { ...setup, ids, delegates, author }
  }

  it('only accredited delegates vote, only in the voting phase', async () => {
    const { secretariat, editionId, ids, author, delegates } = await voting()
    expect(await castPriorityVote(db, { userId: author.id, editionId, proposalId: ids[0] })).toMatchObject({
      ok: false,
      error: 'not_a_delegate',
    })
    expect(
      await castPriorityVote(db, { userId: delegates[0].id, editionId, proposalId: ids[0] }),
    ).toMatchObject({ ok: true })
    await moveConferenceTo(db, secretariat.id, editionId, 'final_report')
    expect(
      await castPriorityVote(db, { userId: delegates[1].id, editionId, proposalId: ids[0] }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
  })

  it('concurrent double vote on one proposal → one vote; the per-axis limit holds under concurrency', async () => {
    const { editionId, ids, delegates } = await voting({ votesPerAxis: 2 })
    const d = delegates[0].id
    const same = await Promise.all([
      castPriorityVote(db, { userId: d, editionId, proposalId: ids[0] }),
      castPriorityVote(db, { userId: d, editionId, proposalId: ids[0] }),
    ])
    expect(same.map((r) => (r.ok ? 'ok' : r.error)).sort()).toEqual(['already_voted', 'ok'])
    const rest = await Promise.all([
      castPriorityVote(db, { userId: d, editionId, proposalId: ids[1] }),
      castPriorityVote(db, { userId: d, editionId, proposalId: ids[2] }),
    ])
    expect(rest.map((r) => (r.ok ? 'ok' : r.error)).sort()).toEqual(['axis_limit', 'ok'])
    expect(
      await db.selectFrom('delegate_votes').select('proposal_id').where('user_id', '=', d).execute(),
    ).toHaveLength(2)
    expect(
      (
        await db
          .selectFrom('delegate_axis_usage')
          .select('used')
          .where('user_id', '=', d)
          .executeTakeFirstOrThrow()
      ).used,
    ).toBe(2)
  })

  it('the final report freezes approved and not approved by the threshold; figures add up', async () => {
    const { secretariat, editionId, ids, delegates, axes } = await voting()
    await castPriorityVote(db, { userId: delegates[0].id, editionId, proposalId: ids[0] })
    await castPriorityVote(db, { userId: delegates[1].id, editionId, proposalId: ids[0] })
    await castPriorityVote(db, { userId: delegates[1].id, editionId, proposalId: ids[1] })
    const live = await delegateResults(db, editionId)
    expect(
      live.axes.find((a) => a.axisId === axes[0])!.proposals.map((p) => [p.id, p.votes, p.approved]),
    ).toEqual([
      [ids[0], 2, true],
      [ids[1], 1, true],
      [ids[2], 0, false],
    ])
    await moveConferenceTo(db, secretariat.id, editionId, 'final_report')
    const statuses = await db
      .selectFrom('proposals')
      .select(['id', 'status'])
      .where('edition_id', '=', editionId)
      .execute()
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [ids[0]]: 'approved',
      [ids[1]]: 'approved',
      [ids[2]]: 'not_approved',
    })
    expect(await conferenceFigures(db, editionId)).toMatchObject({
      originals: 3,
      votable: 3,
      approved: 2,
      delegates: 2,
      delegatesWhoVoted: 2,
    })
  })
})

describe('proposal flood (#16.9)', () => {
  it('a person submits at most 10 proposals an hour; the secretariat entering a preparatory conference’s is not limited', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const person = await createUser(db)
    const results = []
    for (let i = 0; i < 11; i++)
      results.push(
        await submitProposal(db, { ...proposal(axes[0]!, `Proposta ${i}`), editionId, userId: person.id }),
      )
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true)
    expect(results[10]).toEqual({ ok: false, error: 'rate_limited' })
    const other = await createUser(db)
    expect((await submitProposal(db, { ...proposal(axes[0]!), editionId, userId: other.id })).ok).toBe(true)
  })
})
