import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  applyForCandidacy,
  applyWithFiles,
  candidaciesForReview,
} from '../../../app/elections/candidacies.server'
import { purgeSettledProofs } from '../../../app/elections/candidacy-proofs.server'
import { eraseCandidaciesOfUser } from '../../../app/elections/privacy.server'
import type { DB } from '../../../app/lib/db.server'
import { getEnv } from '../../../app/lib/env.server'
import { MAX_UPLOAD_BYTES } from '../../../app/lib/uploads.server'
import { action as applyAction } from '../../../app/routes/elections.$id.apply'
import { loader as proofLoader } from '../../../app/routes/staff.elections.$id.candidacies.$candidacyId.proofs.$proofId'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { approvedVoter, cmiElection, cpmElection, moveTo } from '../../helpers/elections'
import { createUser, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #17: who may stand where in the CMI. A and B elect organisations (with proof that they work
// in the city), C individuals; A and C applicants are on the census and of candidate age; a B
// representative need not be on the census, is identified on the candidacy, and is of age too.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db) // election day 2026-12-13, candidates 18+
})

const PDF = new TextEncoder().encode('%PDF-1.4\n% statement of the collective\n%%EOF\n')
const pdf = (name = 'declaracao.pdf') => new File([PDF], name, { type: 'application/pdf' })
const onDisk = (key: string) => existsSync(join(getEnv().UPLOAD_DIR, key))
const proofKeys = async (candidacyId: string) =>
  (
    await db
      .selectFrom('candidacy_proofs')
      .select('storage_key')
      .where('candidacy_id', '=', candidacyId)
      .where('deleted_at', 'is', null)
      .execute()
  ).map((p) => p.storage_key)

const representative = (birthDate = '1968-05-04') => ({
  fullName: 'Irmã Lúcia Ferreira',
  documentType: 'rg',
  documentNumber: '123456789',
  birthDate,
  gender: 'woman' as const,
})

describe('the kind of candidacy follows the segment', () => {
  it('refuses a person in A or B, an organisation in C or a Participatory Council, and A/B shapes swapped', async () => {
    const { electionId, contests } = await cmiElection(db)
    const voter = await approvedVoter(db)
    const base = { userId: voter.id, electionId, statement: 'x', language: 'pt-BR', proofs: [] }
    const organisation = {
      kind: 'organisation' as const,
      organisationName: 'Grupo',
      alternateRepresentative: 'Y',
    }
    const wrong = { ok: false, error: 'wrong_segment', field: 'kind' }
    expect(await applyForCandidacy(db, { ...base, contestId: contests.A, kind: 'person' })).toEqual(wrong)
    expect(await applyForCandidacy(db, { ...base, contestId: contests.B, kind: 'person' })).toEqual(wrong)
    expect(await applyForCandidacy(db, { ...base, contestId: contests.C, ...organisation })).toEqual(wrong)
    // A is represented by the applicant on the census; B names its representative on the candidacy.
    expect(
      await applyForCandidacy(db, {
        ...base,
        contestId: contests.A,
        ...organisation,
        representative: representative(),
      }),
    ).toEqual(wrong)
    expect(await applyForCandidacy(db, { ...base, contestId: contests.B, ...organisation })).toEqual(wrong)
    const cpm = await cpmElection(db, 'candidacy_open')
    expect(
      await applyForCandidacy(db, {
        ...base,
        electionId: cpm.electionId,
        contestId: cpm.contestId,
        ...organisation,
      }),
    ).toEqual(wrong)
    expect(
      await db.selectFrom('candidacies').select('id').where('election_id', '=', electionId).execute(),
    ).toEqual([])
  })

  it('shows the refusal next to the kind on the form, keeping what was typed (no JavaScript)', async () => {
    const { electionId, contests } = await cmiElection(db)
    const voter = await approvedVoter(db)
    const body = new FormData()
    for (const [k, v] of Object.entries({
      contestId: contests.C,
      kind: 'immigrant_organisation',
      organisationName: 'Coletivo Haitiano',
      alternateRepresentative: 'Jean Baptiste',
      statement: 'Nossa proposta',
      statementLanguage: 'pt-BR',
      checkEligible: 'yes',
      checkRules: 'yes',
      checkPublic: 'yes',
    }))
      body.set(k, v)
    body.append('proof', pdf())
    const response = await settle(
      applyAction(
        args(await requestAs(db, voter.id, `/elections/${electionId}/apply`, { method: 'POST', body }), {
          id: electionId,
        }),
      ),
    )
    expect(response.status).toBe(400)
    const json = await response.json()
    expect(json.fieldErrors).toEqual({ kind: 'wrong_segment' })
    expect(json.values).toMatchObject({ organisationName: 'Coletivo Haitiano', statement: 'Nossa proposta' })
    expect(await db.selectFrom('candidacy_proofs').selectAll().execute()).toEqual([])
  })
})

describe('who may stand in each segment', () => {
  it('B: an applicant who is not on the census stands for a supporting organisation; its representative is who sits', async () => {
    const { electionId, contests } = await cmiElection(db)
    const missionary = await createUser(db) // no registration at all
    const applied = await applyWithFiles(db, {
      userId: missionary.id,
      electionId,
      contestId: contests.B,
      kind: 'organisation',
      organisationName: 'Missão Paz',
      alternateRepresentative: 'Padre Paolo',
      representative: representative(),
      statement: 'Acolhida',
      language: 'pt-BR',
      photo: null,
      proofs: [pdf(), pdf('fotos.pdf')],
    })
    if (!applied.ok) throw new Error(applied.error)
    const row = await db
      .selectFrom('candidacies')
      .selectAll()
      .where('id', '=', applied.value.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      kind: 'organisation',
      organisation_name: 'Missão Paz',
      display_name: 'Irmã Lúcia Ferreira',
      representative_name: 'Irmã Lúcia Ferreira',
      alternate_representative_name: 'Padre Paolo',
      representative_document_type: 'rg',
      gender: 'woman', // the representative's, for parity
      birth_date: '1968-05-04',
    })
    const keys = await proofKeys(applied.value.id)
    expect(keys).toHaveLength(2)
    for (const key of keys) expect(onDisk(key)).toBe(true)
  })

  it('A and C: an applicant who is not on the census is refused', async () => {
    const { electionId, contests } = await cmiElection(db)
    const stranger = await createUser(db)
    const base = { userId: stranger.id, electionId, statement: 'x', language: 'pt-BR' }
    expect(await applyForCandidacy(db, { ...base, contestId: contests.C, kind: 'person' })).toMatchObject({
      ok: false,
      error: 'not_a_voter',
    })
    expect(
      await applyWithFiles(db, {
        ...base,
        contestId: contests.A,
        kind: 'organisation',
        organisationName: 'Coletivo',
        alternateRepresentative: 'Y',
        photo: null,
        proofs: [pdf()],
      }),
    ).toMatchObject({ ok: false, error: 'not_a_voter' })
    expect(await db.selectFrom('candidacy_proofs').selectAll().execute()).toEqual([])
  })

  it('refuses anyone under the cycle’s candidate age on election day: C, A, and a B representative', async () => {
    const { electionId, contests } = await cmiElection(db)
    // 17 on election day (2026-12-13): may vote, may not stand.
    const young = await approvedVoter(db, { birthDate: '2009-12-14' })
    const base = { userId: young.id, electionId, statement: 'x', language: 'pt-BR' }
    expect(await applyForCandidacy(db, { ...base, contestId: contests.C, kind: 'person' })).toMatchObject({
      ok: false,
      error: 'too_young',
    })
    const organisation = {
      kind: 'organisation' as const,
      organisationName: 'Coletivo Jovem',
      alternateRepresentative: 'Y',
      photo: null,
      proofs: [pdf()],
    }
    expect(await applyWithFiles(db, { ...base, contestId: contests.A, ...organisation })).toMatchObject({
      ok: false,
      error: 'too_young',
    })
    const adult = await createUser(db)
    expect(
      await applyWithFiles(db, {
        ...base,
        userId: adult.id,
        contestId: contests.B,
        ...organisation,
        representative: representative('2009-12-14'),
      }),
    ).toEqual({ ok: false, error: 'too_young', field: 'representativeBirthDate' })
    // 18 on the day itself is old enough.
    const eighteen = await approvedVoter(db, { birthDate: '2008-12-13' })
    expect(
      await applyForCandidacy(db, { ...base, userId: eighteen.id, contestId: contests.C, kind: 'person' }),
    ).toMatchObject({ ok: true })
    expect(await db.selectFrom('candidacy_proofs').selectAll().execute()).toEqual([])
  })

  it('an organisation stands once per election (names compared folded); a person still applies once', async () => {
    const { electionId, contests } = await cmiElection(db)
    const [first, second, third] = [await approvedVoter(db), await approvedVoter(db), await createUser(db)]
    const apply = (userId: string, contestId: string, organisationName: string, rep?: boolean) =>
      applyWithFiles(db, {
        userId,
        electionId,
        contestId,
        kind: 'organisation',
        organisationName,
        alternateRepresentative: 'Y',
        representative: rep ? representative() : undefined,
        statement: 'x',
        language: 'es',
        photo: null,
        proofs: [pdf()],
      })
    expect(await apply(first.id, contests.A, 'Coletivo Sí, Se Puede')).toMatchObject({ ok: true })
    expect(await apply(second.id, contests.A, '  coletivo si se   puede ')).toEqual({
      ok: false,
      error: 'organisation_taken',
      field: 'organisationName',
    })
    expect(await apply(third.id, contests.B, 'COLETIVO SÍ SE PUEDE', true)).toMatchObject({
      error: 'organisation_taken',
    })
    // Two at once: one wins, the other is told the organisation already stands.
    const [a, b] = await Promise.all([
      apply(second.id, contests.A, 'Rede Sem Fronteiras'),
      apply(third.id, contests.B, 'rede sem fronteiras', true),
    ])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: 'organisation_taken' })
    // The same person cannot stand again, as an individual or for another organisation.
    expect(
      await applyForCandidacy(db, {
        userId: first.id,
        electionId,
        contestId: contests.C,
        kind: 'person',
        statement: 'x',
        language: 'es',
      }),
    ).toMatchObject({ ok: false, error: 'already_candidate' })
    // Every refused application left no file behind.
    const files = await db.selectFrom('candidacy_proofs').select('storage_key').execute()
    expect(files).toHaveLength(2)
  })
})

describe('proof that the organisation works in the city', () => {
  const organisationForm = (contestId: string, files: (File | string)[]) => {
    const body = new FormData()
    for (const [k, v] of Object.entries({
      contestId,
      kind: 'supporting_organisation',
      organisationName: 'Projeto de Extensão Migrantes',
      alternateRepresentative: 'Prof. Carla Souza',
      representativeName: 'Prof. Marcos Lima',
      representativeDocumentType: 'cpf',
      representativeDocumentNumber: '123.456.789-09',
      representativeBirthDate: '12/03/1970',
      representativeGender: 'man',
      statement: 'Assessoria jurídica gratuita',
      statementLanguage: 'pt-BR',
      checkEligible: 'yes',
      checkRules: 'yes',
      checkPublic: 'yes',
    }))
      body.set(k, v)
    for (const f of files) body.append('proof', f)
    return body
  }
  const post = async (userId: string, electionId: string, body: FormData) =>
    settle(
      applyAction(
        args(await requestAs(db, userId, `/elections/${electionId}/apply`, { method: 'POST', body }), {
          id: electionId,
        }),
      ),
    )

  it('is required, must be a PDF, JPEG or PNG, each file within the size limit; nothing is kept when refused', async () => {
    const { electionId, contests } = await cmiElection(db)
    const applicant = await createUser(db)
    const missing = await post(applicant.id, electionId, organisationForm(contests.B, []))
    expect(missing.status).toBe(400)
    expect((await missing.json()).fieldErrors).toEqual({ proof: 'proof_missing' })

    const html = new File(['<html><script>alert(1)</script>'], 'carta.pdf', { type: 'application/pdf' })
    const wrongType = await post(applicant.id, electionId, organisationForm(contests.B, [pdf(), html]))
    expect(wrongType.status).toBe(400)
    const refused = await wrongType.json()
    expect(refused.fieldErrors).toEqual({ proof: 'file_type' })
    expect(refused.values).toMatchObject({ representativeName: 'Prof. Marcos Lima' })

    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1)
    big.set(PDF)
    const tooLarge = await post(
      applicant.id,
      electionId,
      organisationForm(contests.B, [new File([big], 'scan.pdf', { type: 'application/pdf' })]),
    )
    expect(tooLarge.status).toBe(400)
    expect((await tooLarge.json()).fieldErrors).toEqual({ proof: 'file_too_large' })
    expect(await db.selectFrom('candidacies').select('id').execute()).toHaveLength(0)
    expect(await db.selectFrom('candidacy_proofs').select('id').execute()).toHaveLength(0)

    const accepted = await post(applicant.id, electionId, organisationForm(contests.B, [pdf()]))
    expect(accepted.status).toBe(302)
    const row = await db
      .selectFrom('candidacies')
      .select(['representative_document_number', 'birth_date', 'gender'])
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      representative_document_number: '12345678909',
      birth_date: '1970-03-12',
      gender: 'man',
    })
  })

  it('a B representative’s identity is required and checked next to each field, other input kept', async () => {
    const { electionId, contests } = await cmiElection(db)
    const applicant = await createUser(db)
    const body = organisationForm(contests.B, [pdf()])
    body.set('representativeBirthDate', '31/02/1970')
    body.delete('representativeGender')
    const response = await post(applicant.id, electionId, body)
    expect(response.status).toBe(400)
    const json = await response.json()
    expect(json.fieldErrors).toEqual({
      representativeBirthDate: 'birth_date_invalid',
      representativeGender: 'choose_option',
    })
    expect(json.values).toMatchObject({ organisationName: 'Projeto de Extensão Migrantes' })
  })

  it('is opened only by the electoral commission (audited), never by a voter, another candidate or anyone anonymous', async () => {
    const { commission, electionId, contests } = await cmiElection(db)
    const applicant = await createUser(db)
    expect((await post(applicant.id, electionId, organisationForm(contests.B, [pdf()]))).status).toBe(302)
    const other = await approvedVoter(db)
    await applyForCandidacy(db, {
      userId: other.id,
      electionId,
      contestId: contests.C,
      kind: 'person',
      statement: 'x',
      language: 'es',
    })
    const [review] = (await candidaciesForReview(db, electionId)).filter((c) => c.kind === 'organisation')
    expect(review.proofs).toEqual([
      { id: expect.any(String), mime_type: 'application/pdf', size_bytes: PDF.length },
    ])
    expect(JSON.stringify(review)).not.toContain('candidacy-proofs/') // no storage key leaves the server
    const params = { id: electionId, candidacyId: review.id, proofId: review.proofs[0].id }
    const url = `/staff/elections/${electionId}/candidacies/${review.id}/proofs/${review.proofs[0].id}`
    const open = async (userId: string | null) =>
      settle(proofLoader(args(await requestAs(db, userId, url), params)))

    const voter = await approvedVoter(db)
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    for (const who of [voter.id, other.id, applicant.id, secretariat.id])
      expect((await open(who)).status).toBe(403)
    const anonymous = await open(null)
    expect([302, 303, 401, 403]).toContain(anonymous.status)
    expect(anonymous.headers.get('Content-Type') ?? '').not.toContain('pdf')

    const seen = await open(commission.id)
    expect(seen.status).toBe(200)
    expect(seen.headers.get('Content-Type')).toBe('application/pdf')
    expect(seen.headers.get('Cache-Control')).toContain('no-store')
    expect(new Uint8Array(await seen.arrayBuffer())).toEqual(PDF)
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('entity_id', '=', review.id)
      .execute()
    expect(audit).toEqual([{ action: 'candidacy.proof.view', actor_user_id: commission.id }])
    // Another election's id, or another candidacy's, finds nothing.
    const elsewhere = await settle(
      proofLoader(args(await requestAs(db, commission.id, url), { ...params, candidacyId: 'x' })),
    )
    expect(elsewhere.status).toBe(404)
  })

  it('is erased with the candidacy’s personal data, and by the retention run once the list is settled', async () => {
    const { commission, electionId, contests } = await cmiElection(db)
    const erasing = await createUser(db)
    const staying = await createUser(db)
    expect((await post(erasing.id, electionId, organisationForm(contests.B, [pdf()]))).status).toBe(302)
    const body = organisationForm(contests.B, [pdf()])
    body.set('organisationName', 'Missão Paz')
    body.set('representativeDocumentNumber', '98765432100')
    expect((await post(staying.id, electionId, body)).status).toBe(302)
    const candidacy = (userId: string) =>
      db.selectFrom('candidacies').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()
    const erasedKeys = await proofKeys((await candidacy(erasing.id)).id)
    await db.transaction().execute((trx) => eraseCandidaciesOfUser(trx, erasing.id))
    for (const key of erasedKeys) expect(onDisk(key)).toBe(false)

    const kept = await candidacy(staying.id)
    const keptKeys = await proofKeys(kept.id)
    expect(keptKeys).toHaveLength(1)
    await moveTo(db, commission.id, electionId, 'campaign')
    await db
      .updateTable('candidacies')
      .set({ updated_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', kept.id)
      .execute()
    // Before the cycle's 30 days after the last decision: kept; after: deleted.
    expect(await purgeSettledProofs(db, new Date('2026-01-30T00:00:00.000Z'))).toBe(0)
    expect(await purgeSettledProofs(db, new Date('2026-02-01T00:00:00.000Z'))).toBe(1)
    expect(onDisk(keptKeys[0])).toBe(false)
    expect(await proofKeys(kept.id)).toEqual([])
  })
})
