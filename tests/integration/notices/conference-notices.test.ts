import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { accreditDelegate } from '../../../app/conference/delegates.server'
import { castPriorityVote } from '../../../app/conference/priority-vote.server'
import { submitProposal } from '../../../app/conference/proposals.server'
import { decideProposal, mergeProposals } from '../../../app/conference/systematisation.server'
import type { DB } from '../../../app/lib/db.server'
import { nowIso } from '../../../app/lib/ids.server'
import { setPreference } from '../../../app/notices/preferences.server'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

// Issue #18: the author of a proposal is told when it is merged and when it is decided (in the
// systematisation, and by the delegates' vote at the final report); a delegate when accredited.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})
afterEach(async () => {
  await db.destroy()
})

const messagesTo = (address: string) =>
  db
    .selectFrom('outbox')
    .select(['channel', 'language', 'subject', 'body'])
    .where('to_address', '=', address)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

let phones = 0
async function person(language: string, { phoneOnly = false } = {}) {
  const user = await createUser(db)
  phones += 1
  const phone = `+55119${String(70000000 + phones)}`
  await db
    .updateTable('users')
    .set({ preferred_language: language, ...(phoneOnly ? { email: null, phone } : {}) })
    .where('id', '=', user.id)
    .execute()
  return { ...user, address: phoneOnly ? phone : user.email, phone }
}

async function setup() {
  const edition = await conferenceEdition(db)
  await moveConferenceTo(db, edition.secretariat.id, edition.editionId, 'proposals_open')
  const propose = async (userId: string, title: string, axis = 0) => {
    const made = await submitProposal(db, {
      editionId: edition.editionId,
      userId,
      axisId: edition.axes[axis]!,
      title,
      body: 'Abrir turmas nos CEUs.',
      language: 'pt-BR',
    })
    if (!made.ok) throw new Error(made.error)
    return made.value.id
  }
  return { ...edition, propose }
}

describe('conference notices to authors', () => {
  it('merged: each author is told which proposal theirs joined, in their language; merged again, told again', async () => {
    const s = await setup()
    const amelie = await person('fr')
    const karim = await person('ar', { phoneOnly: true })
    const optedOut = await person('pt-BR')
    const erased = await person('pt-BR')
    const bystander = await person('fr')
    const a = await s.propose(amelie.id, 'Cours de portugais')
    const k = await s.propose(karim.id, 'Português nos CEUs')
    const o = await s.propose(optedOut.id, 'Português à noite')
    const e = await s.propose(erased.id, 'Português aos sábados')
    await setPreference(db, { userId: optedOut.id, group: 'conference', channel: 'none' })
    await db.updateTable('users').set({ erased_at: nowIso() }).where('id', '=', erased.id).execute()
    await moveConferenceTo(db, s.secretariat.id, s.editionId, 'systematisation')

    const merged = await mergeProposals(db, {
      actorUserId: s.secretariat.id,
      editionId: s.editionId,
      proposalIds: [a, k, o, e],
      axisId: s.axes[0]!,
      title: 'Português para todos',
      body: 'Turmas gratuitas em toda a cidade.',
    })
    if (!merged.ok) throw new Error(merged.error)
    const [fr] = await messagesTo(amelie.address)
    expect(fr).toMatchObject({
      channel: 'email',
      language: 'fr',
      subject: 'Votre proposition a été regroupée : Cours de portugais',
    })
    expect(fr!.body).toContain('« Cours de portugais » a été regroupée')
    expect(fr!.body).toContain('dans « Português para todos »')
    expect(fr!.body).toContain(`/conference/${s.editionId}/proposals/${merged.value.id}`)
    const [sms] = await messagesTo(karim.address)
    expect(sms).toMatchObject({ channel: 'sms', language: 'ar' })
    expect(sms!.body).toContain('دُمج مقترحك Português nos CEUs في Português para todos')
    for (const nobody of [optedOut, erased, bystander]) expect(await messagesTo(nobody.address)).toEqual([])

    // The consolidated proposal is merged further: it has no author of its own, so the authors of
    // its sources are told where their proposal went now — and the new source's author too.
    const rosa = await person('es')
    const r = await db
      .insertInto('proposals')
      .values({
        id: 'rosa-proposal',
        edition_id: s.editionId,
        axis_id: s.axes[0]!,
        kind: 'original',
        origin: 'online',
        preparatory_id: null,
        author_user_id: rosa.id,
        title: 'Clases de portugués',
        body: 'En los CEUs.',
        justification: null,
        language: 'es',
        coauthors: null,
        status: 'submitted',
        merged_into_id: null,
        rejection_reason: null,
        search_text: 'clases de portugues',
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const again = await mergeProposals(db, {
      actorUserId: s.secretariat.id,
      editionId: s.editionId,
      proposalIds: [merged.value.id, r.id],
      axisId: s.axes[0]!,
      title: 'Língua portuguesa na cidade',
      body: 'Turmas e material.',
    })
    if (!again.ok) throw new Error(again.error)
    expect((await messagesTo(amelie.address)).map((m) => m.subject)).toEqual([
      'Votre proposition a été regroupée : Cours de portugais',
      'Votre proposition a été regroupée : Cours de portugais',
    ])
    expect((await messagesTo(amelie.address))[1]!.body).toContain('dans « Língua portuguesa na cidade »')
    expect(await messagesTo(rosa.address)).toEqual([
      expect.objectContaining({ language: 'es', subject: 'Tu propuesta fue agrupada: Clases de portugués' }),
    ])
    // A merge refused (a proposal already merged) tells nobody.
    expect(
      await mergeProposals(db, {
        actorUserId: s.secretariat.id,
        editionId: s.editionId,
        proposalIds: [a, r.id],
        axisId: s.axes[0]!,
        title: 'X',
        body: 'Y',
      }),
    ).toMatchObject({ ok: false, error: 'not_mergeable' })
    expect(await messagesTo(rosa.address)).toHaveLength(1)
  })

  it('decided in the systematisation: told of each new status once; rewording says nothing', async () => {
    const s = await setup()
    const amelie = await person('fr')
    const p = await s.propose(amelie.id, 'Cours de portugais')
    await moveConferenceTo(db, s.secretariat.id, s.editionId, 'systematisation')
    const decide = (decision: Parameters<typeof decideProposal>[1]['decision']) =>
      decideProposal(db, { actorUserId: s.secretariat.id, proposalId: p, decision })

    // Two clicks at once: one decision, one notice.
    const both = await Promise.all([
      decide({ intent: 'reject', reason: 'Fora da competência municipal' }),
      decide({ intent: 'reject', reason: 'Fora da competência municipal' }),
    ])
    expect(both.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1)
    let sent = await messagesTo(amelie.address)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      language: 'fr',
      subject: 'Votre proposition a été décidée : Cours de portugais',
    })
    expect(sent[0]!.body).toContain('« Cours de portugais » a été rejetée.')
    expect(sent[0]!.body).toContain(`/conference/${s.editionId}/proposals/${p}`)

    // The same decision again (a new reason), or a new wording: nothing new to tell.
    expect((await decide({ intent: 'reject', reason: 'Outro motivo' })).ok).toBe(true)
    expect((await decide({ intent: 'edit', title: 'Cours de portugais (révisé)', body: 'Texte.' })).ok).toBe(
      true,
    )
    expect(await messagesTo(amelie.address)).toHaveLength(1)

    expect((await decide({ intent: 'motion' })).ok).toBe(true)
    expect((await decide({ intent: 'keep' })).ok).toBe(true)
    sent = await messagesTo(amelie.address)
    expect(sent.map((m) => m.body.split('\n')[0])).toEqual([
      'Votre proposition « Cours de portugais » a été rejetée.',
      'Votre proposition « Cours de portugais (révisé) » a été transformée en motion.',
      'Votre proposition « Cours de portugais (révisé) » a été retenue pour le vote des délégués.',
    ])
  })

  it('decided by the delegates’ vote: at the final report each author (and each source’s author) is told', async () => {
    const s = await setup()
    const amelie = await person('fr')
    const karim = await person('ar')
    const wen = await person('zh')
    const a = await s.propose(amelie.id, 'Cours de portugais')
    const k = await s.propose(karim.id, 'Português nos CEUs')
    await s.propose(wen.id, 'Intérpretes nos hospitais', 1)
    await moveConferenceTo(db, s.secretariat.id, s.editionId, 'systematisation')
    const merged = await mergeProposals(db, {
      actorUserId: s.secretariat.id,
      editionId: s.editionId,
      proposalIds: [a, k],
      axisId: s.axes[0]!,
      title: 'Português para todos',
      body: 'Turmas gratuitas.',
    })
    if (!merged.ok) throw new Error(merged.error)
    const delegates = [await person('pt-BR'), await person('pt-BR')]
    for (const d of delegates)
      expect(
        (
          await accreditDelegate(db, {
            actorUserId: s.secretariat.id,
            editionId: s.editionId,
            identifier: d.email,
          })
        ).ok,
      ).toBe(true)
    await moveConferenceTo(db, s.secretariat.id, s.editionId, 'delegates_vote')
    for (const d of delegates)
      expect(
        (await castPriorityVote(db, { userId: d.id, editionId: s.editionId, proposalId: merged.value.id }))
          .ok,
      ).toBe(true)
    // Nothing is told before the outcome is frozen.
    expect(await messagesTo(wen.address)).toEqual([])
    await moveConferenceTo(db, s.secretariat.id, s.editionId, 'final_report')

    const fr = (await messagesTo(amelie.address)).at(-1)!
    expect(fr.subject).toBe('Votre proposition a été décidée : Cours de portugais')
    expect(fr.body).toContain('« Cours de portugais » a été approuvée.')
    expect(fr.body).toContain(`/conference/${s.editionId}/proposals/${merged.value.id}`)
    const ar = (await messagesTo(karim.address)).at(-1)!
    expect(ar).toMatchObject({ language: 'ar', subject: 'صدر قرار بشأن مقترحك: Português nos CEUs' })
    expect(ar.body).toContain('تمت الموافقة عليه')
    const zh = await messagesTo(wen.address)
    expect(zh).toHaveLength(1)
    expect(zh[0]!.body).toContain('您的提案“Intérpretes nos hospitais”：未在代表投票中获得通过。')
  })
})

describe('delegate accreditation', () => {
  it('tells the delegate, in their language, with the conference and the link; once', async () => {
    const s = await setup()
    const karim = await person('ar', { phoneOnly: true })
    const amelie = await person('fr')
    const optedOut = await person('pt-BR')
    await setPreference(db, { userId: optedOut.id, group: 'conference', channel: 'none' })
    const accredit = (identifier: string) =>
      accreditDelegate(db, { actorUserId: s.secretariat.id, editionId: s.editionId, identifier })

    expect((await accredit(amelie.email)).ok).toBe(true)
    const [mail] = await messagesTo(amelie.address)
    expect(mail).toMatchObject({
      channel: 'email',
      language: 'fr',
      subject: 'Accréditation de délégué : Conferência de teste',
    })
    expect(mail!.body).toContain('comme délégué(e) à « Conferência de teste »')
    expect(mail!.body).toContain('Quand le vote des délégués ouvrira')
    expect(mail!.body).toContain(`/conference/${s.editionId}\n`)

    expect((await accredit(karim.phone)).ok).toBe(true)
    const sms = await messagesTo(karim.address)
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({ channel: 'sms', language: 'ar' })
    expect(sms[0]!.body).toContain('تم اعتمادك مندوبًا في Conferência de teste')

    // Accrediting again is refused and tells nothing; an opted-out delegate is accredited, not told.
    expect(await accredit(amelie.email)).toMatchObject({ ok: false, error: 'already_delegate' })
    expect(await messagesTo(amelie.address)).toHaveLength(1)
    expect((await accredit(optedOut.email)).ok).toBe(true)
    expect(await messagesTo(optedOut.address)).toEqual([])
    // A refused accreditation (unknown person) sends nothing to anyone.
    const before = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(await accredit('nobody@example.org')).toMatchObject({ ok: false, error: 'unknown_person' })
    const after = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
