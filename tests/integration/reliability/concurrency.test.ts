import { beforeEach, describe, expect, it } from 'vitest'
import { accreditDelegate } from '../../../app/conference/delegates.server'
import { castPriorityVote } from '../../../app/conference/priority-vote.server'
import { submitProposal, supportProposal } from '../../../app/conference/proposals.server'
import { contribute, supportContribution } from '../../../app/consultations/contributions.server'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { createRegistration } from '../../../app/registration/registrations.server'
import { decideRegistration } from '../../../app/registration/review.server'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { consultationIn } from '../../helpers/consultations'
import { createTestDb } from '../../helpers/db'
import { cpmElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { openCycle, registrationInput } from '../../helpers/registration'

// 100 simultaneous submissions of the same thing by one person → exactly one effect. In one
// process the requests interleave at every await (as they do in the server); across processes the
// same guarantees come from the same constraints (the crash and load proofs run them over HTTP with
// several workers on one database file).
const HUNDRED = 100
let db: DB
beforeEach(async () => {
  db = await createTestDb({ file: true })
})

const outcomes = (results: { ok: boolean; error?: string }[]) => {
  const counts: Record<string, number> = {}
  for (const r of results) counts[r.ok ? 'ok' : r.error!] = (counts[r.ok ? 'ok' : r.error!] ?? 0) + 1
  return counts
}

describe('100 simultaneous submissions', () => {
  it('ballots by one voter → one ballot, one tracking code, one participation', async () => {
    await openCycle(db)
    const { electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const results = await Promise.all(
      Array.from({ length: HUNDRED }, () =>
        castOnlineBallot(db, {
          electionId,
          userId: voters[0]!.id,
          choices: { [contestId]: candidates[0]!.candidacyId },
        }),
      ),
    )
    expect(outcomes(results)).toEqual({ ok: 1, already_voted: HUNDRED - 1 })
    for (const table of ['ballots', 'tracking_codes', 'voter_participation'] as const)
      expect(await db.selectFrom(table).selectAll().execute()).toHaveLength(1)
  })

  it('delegate votes on one proposal → one vote, one unit of the per-axis allowance', async () => {
    const setup = await conferenceEdition(db, { votesPerAxis: 3 })
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'proposals_open')
    const author = await createUser(db)
    const made = await submitProposal(db, {
      axisId: setup.axes[0]!,
      title: 'Português à noite',
      body: 'Turmas',
      language: 'pt-BR',
      editionId: setup.editionId,
      userId: author.id,
    })
    if (!made.ok) throw new Error(made.error)
    const delegate = await createUser(db)
    await accreditDelegate(db, {
      actorUserId: setup.secretariat.id,
      editionId: setup.editionId,
      identifier: delegate.email,
    })
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'delegates_vote')
    const results = await Promise.all(
      Array.from({ length: HUNDRED }, () =>
        castPriorityVote(db, { userId: delegate.id, editionId: setup.editionId, proposalId: made.value.id }),
      ),
    )
    expect(outcomes(results)).toEqual({ ok: 1, already_voted: HUNDRED - 1 })
    expect(await db.selectFrom('delegate_votes').selectAll().execute()).toHaveLength(1)
    expect((await db.selectFrom('delegate_axis_usage').select('used').executeTakeFirstOrThrow()).used).toBe(1)
  })

  it('supports of a proposal and of a consultation comment → one each', async () => {
    const setup = await conferenceEdition(db)
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'proposals_open')
    const person = await createUser(db)
    const made = await submitProposal(db, {
      axisId: setup.axes[0]!,
      title: 'Feira',
      body: 'Cultura',
      language: 'es',
      editionId: setup.editionId,
      userId: person.id,
    })
    if (!made.ok) throw new Error(made.error)
    const fan = await createUser(db)
    const proposalSupports = await Promise.all(
      Array.from({ length: HUNDRED }, () =>
        supportProposal(db, { userId: fan.id, proposalId: made.value.id }),
      ),
    )
    expect(proposalSupports.filter((r) => r.ok)).toHaveLength(1)
    expect(await db.selectFrom('proposal_supports').selectAll().execute()).toHaveLength(1)

    const consultation = await consultationIn(db, 'open')
    const said = await contribute(db, {
      userId: person.id,
      authorName: 'P',
      consultationId: consultation.id,
      paragraphId: consultation.paragraphs[0]!,
      language: 'ht',
      body: 'Dakò',
    })
    if (!said.ok) throw new Error(said.error)
    const commentSupports = await Promise.all(
      Array.from({ length: HUNDRED }, () =>
        supportContribution(db, { userId: fan.id, contributionId: said.value.id }),
      ),
    )
    expect(outcomes(commentSupports)).toEqual({ ok: 1, already_supported: HUNDRED - 1 })
    expect(await db.selectFrom('contribution_supports').selectAll().execute()).toHaveLength(1)
  })

  it('approvals of one registration → one decision, one audit entry, one message', async () => {
    await openCycle(db)
    const created = await createRegistration(db, {
      input: registrationInput({ email: 'rosa@example.org' }),
      channel: 'self',
    })
    if (!created.ok) throw new Error(created.error)
    const reviewer = await createUser(db, { roles: ['secretariat'] })
    const results = await Promise.all(
      Array.from({ length: HUNDRED }, () =>
        decideRegistration(db, {
          actorUserId: reviewer.id,
          registrationId: created.value.id,
          decision: { intent: 'approve' },
        }),
      ),
    )
    expect(outcomes(results)).toEqual({ ok: 1, already_decided: HUNDRED - 1 })
    expect(
      await db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'registration.approve')
        .execute(),
    ).toHaveLength(1)
    expect(
      await db.selectFrom('outbox').select('id').where('to_address', '=', 'rosa@example.org').execute(),
    ).toHaveLength(1)
  })
})
