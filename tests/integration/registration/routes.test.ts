import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { action as stepAction, loader as stepLoader } from '../../../app/routes/registration.$step'
import { action as decideAction } from '../../../app/routes/staff.registrations.$id._index'
import { loader as queueLoader } from '../../../app/routes/staff.registrations._index'
import { loader as exportLoader } from '../../../app/routes/staff.census.export[.csv]'
import { action as assistedAction } from '../../../app/routes/staff.registrations.new'
import {
  action as importAction,
  loader as importLoader,
} from '../../../app/routes/staff.registrations.import'
import { JOB_HANDLERS } from '../../../app/jobs/handlers.server'
import { runNextJob } from '../../../app/jobs/runner.server'
import { createTestDb, failInsertsWhere, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

async function thrownStatus(p: Promise<unknown>): Promise<number> {
  try {
    await p
  } catch (e) {
    if (e instanceof Response) return e.status
    throw e
  }
  return 200
}

const ABOUT = { fullName: 'María Quispe', birthDate: '12/03/1991', nationality1: 'BO', gender: 'woman' }
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])

async function post(userId: string, step: string, body: BodyInit) {
  const request = await requestAs(db, userId, `/registration/${step}`, { method: 'POST', body })
  return (await stepAction(args(request, { step }))) as Response
}

describe('self-registration steps', () => {
  it('walks through every step, saving each, and submits', async () => {
    const u = await createUser(db)
    expect((await post(u.id, 'about', form(ABOUT))).headers.get('Location')).toBe('/registration/home')
    expect((await post(u.id, 'home', form({ subprefectureId: '29' }))).headers.get('Location')).toBe(
      '/registration/document',
    )
    const doc = new FormData()
    doc.set('documentType', 'crnm')
    doc.set('documentNumber', 'v123456-7')
    doc.set('identityFile', new File([PNG], 'doc.png', { type: 'image/png' }))
    expect((await post(u.id, 'document', doc)).headers.get('Location')).toBe('/registration/contact')
    expect(
      (await post(u.id, 'contact', form({ preferredLanguage: 'es', consent: 'yes' }))).headers.get(
        'Location',
      ),
    ).toBe('/registration/review')
    const done = await post(u.id, 'review', form({}))
    expect(done.headers.get('Location')).toBe('/registration?done=submitted')
    const row = await db.selectFrom('voter_registrations').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      full_name: 'María Quispe',
      birth_date: '1991-03-12',
      document_number: 'V1234567',
      user_id: u.id,
      status: 'pending',
    })
    expect(await db.selectFrom('registration_documents').select('mime_type').execute()).toEqual([
      { mime_type: 'image/png' },
    ])
    expect(await db.selectFrom('registration_drafts').selectAll().execute()).toHaveLength(0)
  })

  it('a failing step answers 400 with a message per field and keeps what was typed', async () => {
    const u = await createUser(db)
    const response = await post(
      u.id,
      'about',
      form({ fullName: 'María', birthDate: '31/02/1990', nationality1: 'ZZ', gender: 'x' }),
    )
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.fieldErrors).toEqual({
      birthDate: 'birth_date_invalid',
      nationality1: 'nationality_required',
      gender: 'choose_option',
    })
    expect(body.values).toMatchObject({ fullName: 'María', birthDate: '31/02/1990' })
  })

  it('refuses a file that is not an image or PDF, and one over 5 MB, keeping the other fields', async () => {
    const u = await createUser(db)
    const doc = new FormData()
    doc.set('documentType', 'passport')
    doc.set('documentNumber', 'AB123456')
    doc.set('identityFile', new File(['<html><script>alert(1)</script>'], 'doc.png', { type: 'image/png' }))
    doc.set(
      'residenceFile',
      new File([new Uint8Array(5 * 1024 * 1024 + 10)], 'big.pdf', { type: 'application/pdf' }),
    )
    const response = await post(u.id, 'document', doc)
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.fieldErrors).toEqual({ identityFile: 'file_type', residenceFile: 'file_too_large' })
    expect(body.values).toMatchObject({ documentType: 'passport', documentNumber: 'AB123456' })
  })

  it('the review step reports missing steps instead of submitting', async () => {
    const u = await createUser(db)
    await post(u.id, 'about', form(ABOUT))
    const response = await post(u.id, 'review', form({}))
    expect(response.status).toBe(400)
    expect(Object.keys((await response.json()).fieldErrors)).toEqual(
      expect.arrayContaining(['subprefectureId', 'documentType', 'consent']),
    )
  })

  it('an unknown step is a 404 and anonymous visitors are sent to log in', async () => {
    const u = await createUser(db)
    expect(
      await thrownStatus(stepLoader(args(await requestAs(db, u.id, '/registration/xyz'), { step: 'xyz' }))),
    ).toBe(404)
    expect(
      await thrownStatus(
        stepLoader(args(await requestAs(db, null, '/registration/about'), { step: 'about' })),
      ),
    ).toBe(302)
  })
})

describe('staff routes', () => {
  it('only the secretariat and the electoral commission see the queue', async () => {
    const resident = await createUser(db)
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    expect(
      await thrownStatus(queueLoader(args(await requestAs(db, resident.id, '/staff/registrations')))),
    ).toBe(403)
    expect(
      (
        (await queueLoader(
          args(await requestAs(db, commission.id, '/staff/registrations?status=bogus&page=-3')),
        )) as Response
      ).status,
    ).toBe(200)
  })

  it('the electoral commission can look but not decide', async () => {
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const request = await requestAs(db, commission.id, '/staff/registrations/x', {
      method: 'POST',
      body: form({ intent: 'approve' }),
    })
    expect(await thrownStatus(decideAction(args(request, { id: 'x' })))).toBe(403)
  })

  it('a rejection without a reason is refused with a field message', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const request = await requestAs(db, staff.id, '/staff/registrations/x', {
      method: 'POST',
      body: form({ intent: 'reject' }),
    })
    const response = (await decideAction(args(request, { id: 'x' }))) as Response
    expect(response.status).toBe(400)
    expect((await response.json()).fieldErrors).toEqual({ reason: 'choose_option' })
  })

  it('assisted registration by a desk leads to the receipt', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const body = form({
      ...ABOUT,
      subprefectureId: '18',
      documentType: 'refugee_protocol',
      documentNumber: '08000.123456/2025-11',
      preferredLanguage: 'ht',
      consent: 'yes',
    })
    const response = (await assistedAction(
      args(await requestAs(db, staff.id, '/staff/registrations/new', { method: 'POST', body })),
    )) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/staff\/registrations\/[a-z2-7]+\/receipt$/)
    const row = await db.selectFrom('voter_registrations').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      channel: 'assisted',
      registered_by: staff.id,
      user_id: null,
      document_number: '08000123456202511',
    })
  })

  it('the census export is for the electoral commission only, and audited', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    expect(
      await thrownStatus(exportLoader(args(await requestAs(db, staff.id, '/staff/census/export.csv')))),
    ).toBe(403)
    const response = await exportLoader(args(await requestAs(db, commission.id, '/staff/census/export.csv')))
    expect(response.headers.get('Content-Type')).toContain('text/csv')
    expect(await response.text()).toContain('protocol,full_name')
    expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'census.export' }])
    // For spreadsheets that split on ";" (pt-BR): one BOM, ";" between cells.
    const semicolons = await exportLoader(
      args(await requestAs(db, commission.id, '/staff/census/export.csv?sep=semicolon')),
    )
    const bytes = new Uint8Array(await semicolons.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes.slice(3, 3 + 19))).toBe('protocol;full_name;')
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).lastIndexOf('\uFEFF')).toBe(0)
  })
})

describe('CSV import', () => {
  const header = 'full_name,birth_date,nationality,gender,subprefecture,document_type,document_number,consent'
  const csv = [
    header,
    'Ana Flores,1990-01-01,PE,woman,Sé,passport,P111,sim',
    'Jean Louis,15/06/1985,HT,man,mooca,crnm,V222222A,yes',
    'Sem Consentimento,1990-01-01,BO,woman,Sé,passport,P333,',
    'Criança,2015-01-01,BO,woman,Sé,passport,P444,yes',
    'Repetido,1990-01-01,BO,man,Sé,passport,P111,yes',
  ].join('\n')

  async function send(userId: string, body: FormData) {
    return (await importAction(
      args(await requestAs(db, userId, '/staff/registrations/import', { method: 'POST', body })),
    )) as Response
  }

  /** What the import page shows for the job a post led to, once the background job has run. */
  async function jobAfter(userId: string, response: Response) {
    expect(response.status).toBe(302)
    const location = response.headers.get('Location')!
    while (await runNextJob(db, JOB_HANDLERS));
    const page = (await importLoader(args(await requestAs(db, userId, location)))) as Response
    return (await page.json()).job
  }

  function upload(file: File) {
    const body = new FormData()
    body.set('intent', 'preview')
    body.set('file', file)
    return body
  }

  function confirmOf(jobId: string) {
    const body = new FormData()
    body.set('intent', 'confirm')
    body.set('job', jobId)
    return body
  }

  it('previews row by row without writing, then imports only the valid rows atomically', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const report = await jobAfter(
      staff.id,
      await send(staff.id, upload(new File([csv], 'lista.csv', { type: 'text/csv' }))),
    )
    expect(report.report).toMatchObject({ ok: true, total: 5, valid: 2 })
    expect(report.report.rejected).toEqual([
      { line: 4, column: 'consent', error: 'consent_required' },
      { line: 5, column: 'birth_date', error: 'ineligible_under_age' },
      { line: 6, column: 'document_number', error: 'document_repeated_in_file' },
    ])
    expect(await db.selectFrom('voter_registrations').selectAll().execute()).toHaveLength(0)

    const done = await jobAfter(staff.id, await send(staff.id, confirmOf(report.id)))
    expect(done.report.imported).toBe(2)
    const rows = await db
      .selectFrom('voter_registrations')
      .select(['full_name', 'channel', 'subprefecture_id'])
      .orderBy('full_name')
      .execute()
    expect(rows).toEqual([
      { full_name: 'Ana Flores', channel: 'import', subprefecture_id: 29 },
      { full_name: 'Jean Louis', channel: 'import', subprefecture_id: 18 },
    ])
  })

  it('a failure in the middle of an import leaves nothing behind', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const preview = await jobAfter(staff.id, await send(staff.id, upload(new File([csv], 'lista.csv'))))
    await failInsertsWhere(db, 'voter_registrations', 'full_name', 'Jean Louis', 'disk full')
    expect((await send(staff.id, confirmOf(preview.id))).status).toBe(302)
    await expect(runNextJob(db, JOB_HANDLERS)).rejects.toThrow(/disk full/)
    expect(await db.selectFrom('voter_registrations').selectAll().execute()).toHaveLength(0)
  })

  it('reads a Windows-1252 file saved by a spreadsheet (semicolons, accents) as the person wrote it', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const text = [
      header.replaceAll(',', ';'),
      '"São João, Conceição";1990-01-01;PE;woman;Sé;passport;P555;sim',
    ].join('\r\n')
    // Every character here has the same byte in Windows-1252 as in Latin-1; none of it is UTF-8.
    const bytes = Buffer.from(text, 'latin1')
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const preview = await jobAfter(staff.id, await send(staff.id, upload(new File([bytes], 'lista.csv'))))
    expect(preview.report).toMatchObject({ ok: true, total: 1, valid: 1 })
    await jobAfter(staff.id, await send(staff.id, confirmOf(preview.id)))
    expect(
      await db.selectFrom('voter_registrations').select(['full_name', 'subprefecture_id']).execute(),
    ).toEqual([{ full_name: 'São João, Conceição', subprefecture_id: 29 }])
  })

  it('a file between the import limit and the upload limit is refused as too large, not as empty', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const big = `${header}\n${'x'.repeat(4.5 * 1024 * 1024)}\n`
    const response = await send(staff.id, upload(new File([big], 'big.csv')))
    expect(response.status).toBe(400)
    expect((await response.json()).fieldErrors).toEqual({ file: 'too_large' })
  })

  it('a file without the required columns is refused', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const report = await jobAfter(
      staff.id,
      await send(staff.id, upload(new File(['name,age\nA,3'], 'x.csv'))),
    )
    expect(report.report).toMatchObject({ ok: false, error: 'bad_header' })
  })
})
