import { beforeEach, describe, expect, it } from 'vitest'
import { logIn } from '../../../app/auth/accounts.server'
import { validateSessionToken } from '../../../app/auth/session.server'
import { verifyAuditChain } from '../../../app/audit/audit.server'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount, eraseOwnAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { enqueueMessage } from '../../../app/mail/outbox.server'
import { accreditDelegate } from '../../../app/conference/delegates.server'
import { castPriorityVote } from '../../../app/conference/priority-vote.server'
import { submitProposal } from '../../../app/conference/proposals.server'
import { castOnlineBallot, openBoothBallot } from '../../../app/elections/voting.server'
import { saveDraft } from '../../../app/registration/drafts.server'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { createTestDb } from '../../helpers/db'
import { cpmElection, pollingPlace, trackingCodeOf } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

describe('my data (LGPD)', () => {
  it('exports the account, roles and consents, never the password hash', async () => {
    const u = await createUser(db, { roles: ['delegate'] })
    const data = await exportMyData(db, u.id)
    expect(data.account.email).toBe(u.email)
    expect(data.roles.map((r) => r.role).sort()).toEqual(['delegate', 'resident'])
    expect(data.consents[0].purpose).toBe('account')
    expect(JSON.stringify(data)).not.toMatch(/argon2|password_hash/)
  })

  it('erasure removes identifiers, signs out everywhere and blocks log-in, leaving an audit trace', async () => {
    const u = await createUser(db)
    const session = await logIn(db, { identifier: u.email, password: u.password, clientAddress: 'x' })
    if (!session.ok) throw new Error('login failed')
    const outcome = await eraseAccount(db, u.id)
    expect(outcome.kept).toContain('pseudonymous_id_for_audit')
    const row = await db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ email: null, phone: null, password_hash: null })
    expect(row.display_name).not.toContain('Person')
    expect(await validateSessionToken(db, { token: session.value.token })).toBeNull()
    expect((await logIn(db, { identifier: u.email, password: u.password, clientAddress: 'x' })).ok).toBe(
      false,
    )
    expect(await db.selectFrom('consents').selectAll().where('user_id', '=', u.id).execute()).toHaveLength(0)
    const audit = await db.selectFrom('audit_log').selectAll().execute()
    expect(audit.map((a) => a.action)).toEqual(['privacy.erase'])
    expect(JSON.stringify(audit)).not.toContain(u.email)
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('erasing twice is harmless', async () => {
    const u = await createUser(db)
    await eraseAccount(db, u.id)
    await eraseAccount(db, u.id)
    expect(await db.selectFrom('erasure_requests').selectAll().execute()).toHaveLength(1)
  })

  it('the freed e-mail can sign up again as a new person', async () => {
    const u = await createUser(db)
    await eraseAccount(db, u.id)
    const again = await createUser(db, { email: u.email })
    expect(again.id).not.toBe(u.id)
  })
})

describe('the password asked again before erasure (#16.9)', () => {
  it('wrong answers from a stolen session slow the next ones down; the owner still gets through after the wait', async () => {
    const u = await createUser(db)
    const t0 = new Date()
    for (let i = 0; i < 5; i++)
      expect(await eraseOwnAccount(db, { userId: u.id, password: `guess ${i}` })).toMatchObject({
        ok: false,
        error: 'wrong_password',
        field: 'password',
      })
    const waiting = await eraseOwnAccount(db, { userId: u.id, password: u.password })
    expect(waiting).toMatchObject({ ok: false, error: 'too_many_attempts', field: 'password' })
    if (waiting.ok || !('retryAfterSeconds' in waiting)) throw new Error('expected a wait')
    expect(waiting.retryAfterSeconds).toBeLessThanOrEqual(60)
    // Nothing was erased while waiting.
    expect(
      (await db.selectFrom('users').select('erased_at').where('id', '=', u.id).executeTakeFirst())?.erased_at,
    ).toBeNull()
    await db
      .updateTable('rate_limits')
      .set({ locked_until: new Date(t0.getTime() - 1).toISOString() })
      .execute()
    expect((await eraseOwnAccount(db, { userId: u.id, password: u.password })).ok).toBe(true)
  })
})

describe('the outbox in export and erasure', () => {
  it('the export lists the messages sent to the person; erasure deletes them and leaves others’', async () => {
    const u = await createUser(db)
    const other = await createUser(db)
    await enqueueMessage(db, { to: u.email, language: 'en', subject: 'for you', body: 'hello' })
    await enqueueMessage(db, { to: other.email, language: 'en', subject: 'for them', body: 'hi' })
    const data = await exportMyData(db, u.id)
    expect(data.messages_sent_to_you).toEqual([
      expect.objectContaining({
        to_address: u.email,
        subject: 'for you',
        channel: 'email',
        status: 'pending',
      }),
    ])
    await eraseAccount(db, u.id)
    const left = await db.selectFrom('outbox').select('to_address').execute()
    expect(left.map((m) => m.to_address)).toEqual([other.email])
  })
})

describe('my data export: what issue #16 found missing', () => {
  it('holds the registration draft as typed and which files it has, never a storage key', async () => {
    const u = await createUser(db)
    await saveDraft(db, {
      userId: u.id,
      values: { fullName: 'Rosa Quispe', birthDate: '1990-05-10' },
      files: { identity: { key: 'registrations/abcdefgh', mime: 'image/png', size: 1234 } },
    })
    const data = await exportMyData(db, u.id)
    expect(data.voter_registration_draft).toMatchObject({
      values: { fullName: 'Rosa Quispe', birthDate: '1990-05-10' },
      files: [{ kind: 'identity', mime_type: 'image/png', size_bytes: 1234 }],
    })
    expect(JSON.stringify(data)).not.toContain('registrations/abcdefgh')
    expect((await exportMyData(db, (await createUser(db)).id)).voter_registration_draft).toBeNull()
  })

  it('holds the delegate accreditation and the priority votes the delegate cast', async () => {
    const setup = await conferenceEdition(db)
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'proposals_open')
    const author = await createUser(db)
    const proposal = await submitProposal(db, {
      axisId: setup.axes[0],
      title: 'Aulas de português gratuitas',
      body: 'Abrir turmas nos CEUs.',
      language: 'pt-BR',
      editionId: setup.editionId,
      userId: author.id,
    })
    if (!proposal.ok) throw new Error(proposal.error)
    const delegate = await createUser(db)
    await accreditDelegate(db, {
      actorUserId: setup.secretariat.id,
      editionId: setup.editionId,
      identifier: delegate.email,
    })
    await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'delegates_vote')
    const vote = await castPriorityVote(db, {
      userId: delegate.id,
      editionId: setup.editionId,
      proposalId: proposal.value.id,
    })
    expect(vote.ok).toBe(true)
    const data = await exportMyData(db, delegate.id)
    expect(data.conference.delegate_accreditations).toEqual([
      expect.objectContaining({ edition_id: setup.editionId }),
    ])
    expect(data.conference.priority_votes).toEqual([
      expect.objectContaining({
        edition_id: setup.editionId,
        proposal_id: proposal.value.id,
        proposal_title: 'Aulas de português gratuitas',
      }),
    ])
    // The author, who is no delegate, has neither.
    const theirs = await exportMyData(db, author.id)
    expect(theirs.conference.delegate_accreditations).toEqual([])
    expect(theirs.conference.priority_votes).toEqual([])
  })

  it('says whether the person voted in each election — participation only, never the ballot', async () => {
    await openCycle(db)
    const { electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 2 })
    const [voted, abstained] = voters
    const cast = await castOnlineBallot(db, {
      electionId,
      userId: voted.id,
      choices: { [contestId]: 'blank' },
    })
    if (!cast.ok) throw new Error(cast.error)
    const mine = await exportMyData(db, voted.id)
    expect(mine.election_participation).toEqual([
      expect.objectContaining({
        election_id: electionId,
        on_voter_roll: true,
        voted: true,
        voting_channel: 'online',
      }),
    ])
    const text = JSON.stringify(mine)
    expect(text).not.toContain(trackingCodeOf(cast.value))
    expect(text).not.toMatch(/blank|candidacy_id|tracking/)
    const theirs = await exportMyData(db, abstained.id)
    expect(theirs.election_participation).toEqual([
      expect.objectContaining({ election_id: electionId, voted: false, voting_channel: null }),
    ])
  })
})

describe('my data export: poll work (#16.13)', () => {
  it('lists the elections a person was named poll worker for and how many in-person marks they made, never whose', async () => {
    await openCycle(db)
    const { electionId, commission, voters } = await cpmElection(db, 'voting_open', { voters: 2 })
    const { worker, deviceToken } = await pollingPlace(db, { electionId, commissionId: commission.id })
    const opened = await openBoothBallot(db, {
      workerId: worker.id,
      electionId,
      registrationId: voters[0]!.registrationId,
      deviceToken,
    })
    expect(opened.ok).toBe(true)
    const data = await exportMyData(db, worker.id)
    expect(data.poll_work.named).toEqual([expect.objectContaining({ election_id: electionId })])
    expect(data.poll_work.in_person_marks_made).toEqual([{ election_id: electionId, marks: 1 }])
    expect(JSON.stringify(data)).not.toContain(voters[0]!.registrationId)
    const voter = await exportMyData(db, voters[0]!.id)
    expect(voter.poll_work).toEqual({ named: [], in_person_marks_made: [] })
  })
})
