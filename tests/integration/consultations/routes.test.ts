import { beforeEach, describe, expect, it } from 'vitest'
import { addQuestion, advanceConsultation } from '../../../app/consultations/authoring.server'
import { contribute } from '../../../app/consultations/contributions.server'
import type { DB } from '../../../app/lib/db.server'
import { action as pageAction, loader as pageLoader } from '../../../app/routes/consultations.$id._index'
import {
  action as threadAction,
  loader as threadLoader,
} from '../../../app/routes/consultations.$id.p.$paragraphId'
import { loader as reportLoader } from '../../../app/routes/consultations.$id.report'
import { loader as csvLoader } from '../../../app/routes/open-data.consultations.$id.contributions[.csv]'
import { loader as jsonLoader } from '../../../app/routes/open-data.consultations.$id.contributions[.json]'
import { action as staffAction, loader as staffLoader } from '../../../app/routes/staff.consultations.$id'
import { action as createAction } from '../../../app/routes/staff.consultations._index'
import { consultationIn, planTargets } from '../../helpers/consultations'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const post = async (userId: string | null, url: string, body: Record<string, string>) =>
  requestAs(db, userId, url, { method: 'POST', body: form(body) })

describe('consultation routes', () => {
  it('commenting: bad input answers 400 per field and keeps the text; a good comment lands on the last page', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const person = await createUser(db)
    const url = `/consultations/${id}/p/${paragraphs[0]}`
    const params = { id, paragraphId: paragraphs[0]! }
    const bad = await settle(
      threadAction(
        args(
          await post(person.id, url, { intent: 'comment', body: 'Kou pòtigè nan samdi', language: 'xx' }),
          params,
        ),
      ),
    )
    expect(bad.status).toBe(400)
    const failed = await bad.json()
    expect(failed.fieldErrors).toEqual({ language: 'choose_option' })
    expect(failed.values.body).toBe('Kou pòtigè nan samdi')
    const tooLong = await settle(
      threadAction(
        args(
          await post(person.id, url, { intent: 'comment', body: 'x'.repeat(4001), language: 'ht' }),
          params,
        ),
      ),
    )
    expect((await tooLong.json()).fieldErrors).toEqual({ body: 'too_long' })
    const good = await settle(
      threadAction(
        args(
          await post(person.id, url, { intent: 'comment', body: 'Kou pòtigè nan samdi', language: 'ht' }),
          params,
        ),
      ),
    )
    expect(good.status).toBe(302)
    expect(good.headers.get('Location')).toMatch(
      new RegExp(`^${url}\\?page=last&done=commented#c-[a-z2-7]+$`),
    )
    const page = await (
      await settle(threadLoader(args(await requestAs(db, null, `${url}?page=last`), params)))
    ).json()
    expect(page.threads.map((t: { body: string; language: string }) => [t.body, t.language])).toEqual([
      ['Kou pòtigè nan samdi', 'ht'],
    ])
  })

  it('anonymous people are sent to log in; closed consultations answer 409 and write nothing', async () => {
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open')
    const url = `/consultations/${id}/p/${paragraphs[0]}`
    const params = { id, paragraphId: paragraphs[0]! }
    const anon = await settle(
      threadAction(args(await post(null, url, { intent: 'comment', body: 'Oi', language: 'pt-BR' }), params)),
    )
    expect(anon.status).toBe(302)
    expect(anon.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'closed' })
    const person = await createUser(db)
    const closed = await settle(
      threadAction(
        args(await post(person.id, url, { intent: 'comment', body: 'Oi', language: 'pt-BR' }), params),
      ),
    )
    expect(closed.status).toBe(409)
    expect((await closed.json()).fieldErrors).toEqual({ form: 'closed' })
    expect(await db.selectFrom('contributions').select('id').execute()).toEqual([])
  })

  it('only moderators and the secretariat hide; a resident gets 403; unknown paragraphs are 404', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const author = await createUser(db)
    const made = await contribute(db, {
      userId: author.id,
      authorName: 'A',
      consultationId: id,
      paragraphId: paragraphs[0]!,
      language: 'pt-BR',
      body: 'Ofensa',
    })
    if (!made.ok) throw new Error()
    const url = `/consultations/${id}/p/${paragraphs[0]}`
    const params = { id, paragraphId: paragraphs[0]! }
    const resident = await createUser(db)
    const refused = await settle(
      threadAction(
        args(
          await post(resident.id, url, { intent: 'hide', contributionId: made.value.id, reason: 'x' }),
          params,
        ),
      ),
    )
    expect(refused.status).toBe(403)
    const moderator = await createUser(db, { roles: ['moderator'] })
    const noReason = await settle(
      threadAction(
        args(
          await post(moderator.id, url, { intent: 'hide', contributionId: made.value.id, reason: '' }),
          params,
        ),
      ),
    )
    expect(noReason.status).toBe(400)
    const hidden = await settle(
      threadAction(
        args(
          await post(moderator.id, url, {
            intent: 'hide',
            contributionId: made.value.id,
            reason: 'Ofensa pessoal',
          }),
          params,
        ),
      ),
    )
    expect(hidden.status).toBe(302)
    expect(
      (await db.selectFrom('contributions').select('hidden_reason').executeTakeFirstOrThrow()).hidden_reason,
    ).toBe('Ofensa pessoal')
    expect(
      (
        await settle(
          threadLoader(
            args(await requestAs(db, null, `/consultations/${id}/p/nope`), { id, paragraphId: 'nope' }),
          ),
        )
      ).status,
    ).toBe(404)
    // Moderators reach the staff page but may not answer or change the status.
    expect(
      (
        await settle(
          staffLoader(args(await requestAs(db, moderator.id, `/staff/consultations/${id}`), { id })),
        )
      ).status,
    ).toBe(200)
    const notTheirs = await settle(
      staffAction(
        args(await post(moderator.id, `/staff/consultations/${id}`, { intent: 'status', to: 'closed' }), {
          id,
        }),
      ),
    )
    expect(notTheirs.status).toBe(403)
    expect(
      (
        await settle(
          staffLoader(args(await requestAs(db, resident.id, `/staff/consultations/${id}`), { id })),
        )
      ).status,
    ).toBe(403)
  })

  it('drafts are hidden from the public; the report and open data appear once closed', async () => {
    const { id, secretariat } = await consultationIn(db, 'draft')
    expect(
      (await settle(pageLoader(args(await requestAs(db, null, `/consultations/${id}`), { id })))).status,
    ).toBe(404)
    expect(
      (await settle(pageLoader(args(await requestAs(db, secretariat.id, `/consultations/${id}`), { id }))))
        .status,
    ).toBe(200)
    expect(
      (
        await settle(
          csvLoader(
            args(await requestAs(db, null, `/open-data/consultations/${id}/contributions.csv`), { id }),
          ),
        )
      ).status,
    ).toBe(404)
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'open' })
    expect(
      (await settle(reportLoader(args(await requestAs(db, null, `/consultations/${id}/report`), { id }))))
        .status,
    ).toBe(404)
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'closed' })
    expect(
      (await settle(reportLoader(args(await requestAs(db, null, `/consultations/${id}/report`), { id }))))
        .status,
    ).toBe(200)
    const csv = await settle(
      csvLoader(args(await requestAs(db, null, `/open-data/consultations/${id}/contributions.csv`), { id })),
    )
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'id,paragraph,reply_to,author,language,text,hidden,hidden_reason,created_at,edited_at,supports,answer,answer_text,answered_at,changed_actions,changed_campaigns',
    )
    const body = await (
      await settle(
        jsonLoader(
          args(await requestAs(db, null, `/open-data/consultations/${id}/contributions.json`), { id }),
        ),
      )
    ).json()
    expect(body).toMatchObject({ version: 1, consultation: { id, status: 'closed' }, contributions: [] })
  })

  it('creating: bad input keeps every value (targets included); a good one redirects to the new draft', async () => {
    const plan = await planTargets(db)
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const body = new URLSearchParams({
      title: 'Consulta',
      summary: '',
      draft: '## Seção\n\nTexto.',
      opensAt: '2026-12-01T10:00',
      closesAt: '2026-11-01T10:00',
      minAccountAgeDays: '0',
    })
    body.append('targets', `action:${plan.action}`)
    body.append('targets', `campaign:${plan.campaign}`)
    const bad = await settle(
      createAction(
        args(await requestAs(db, secretariat.id, '/staff/consultations', { method: 'POST', body })),
      ),
    )
    expect(bad.status).toBe(400)
    const failed = await bad.json()
    expect(failed.fieldErrors).toEqual({ summary: 'required' })
    expect(failed.values.title).toBe('Consulta')
    expect(failed.lists.targets).toEqual([`action:${plan.action}`, `campaign:${plan.campaign}`])
    body.set('summary', 'Resumo')
    const wrongOrder = await settle(
      createAction(
        args(await requestAs(db, secretariat.id, '/staff/consultations', { method: 'POST', body })),
      ),
    )
    expect((await wrongOrder.json()).fieldErrors).toEqual({ closesAt: 'dates_order' })
    body.set('closesAt', '2027-01-01T10:00')
    const good = await settle(
      createAction(
        args(await requestAs(db, secretariat.id, '/staff/consultations', { method: 'POST', body })),
      ),
    )
    expect(good.headers.get('Location')).toMatch(/^\/staff\/consultations\/[a-z2-7]+\?done=created$/)
    const created = await db
      .selectFrom('consultations')
      .select(['opens_at', 'status'])
      .executeTakeFirstOrThrow()
    expect(created).toEqual({ opens_at: '2026-12-01T13:00:00.000Z', status: 'draft' })
    expect(await db.selectFrom('consultation_targets').select('id').execute()).toHaveLength(2)
    const resident = await createUser(db)
    expect(
      (
        await settle(
          createAction(
            args(await requestAs(db, resident.id, '/staff/consultations', { method: 'POST', body })),
          ),
        )
      ).status,
    ).toBe(403)
  })

  it('answering through the staff page: a bad target is refused next to the field; a good answer is recorded', async () => {
    const plan = await planTargets(db)
    const { id, secretariat, paragraphs } = await consultationIn(db, 'open')
    const author = await createUser(db)
    const made = await contribute(db, {
      userId: author.id,
      authorName: 'A',
      consultationId: id,
      paragraphId: paragraphs[0]!,
      language: 'pt-BR',
      body: 'Ideia',
    })
    if (!made.ok) throw new Error()
    const url = `/staff/consultations/${id}`
    const bad = await settle(
      staffAction(
        args(
          await post(secretariat.id, url, {
            intent: 'answer',
            contributionId: made.value.id,
            answer: 'not_accepted',
            text: 'Não',
            target: `action:${plan.action}`,
          }),
          { id },
        ),
      ),
    )
    expect(bad.status).toBe(400)
    expect((await bad.json()).fieldErrors).toEqual({ target: 'target_needs_acceptance' })
    const good = await settle(
      staffAction(
        args(
          await post(secretariat.id, url, {
            intent: 'answer',
            contributionId: made.value.id,
            answer: 'accepted',
            text: 'Sim',
            target: `action:${plan.action}`,
          }),
          { id },
        ),
      ),
    )
    expect(good.headers.get('Location')).toBe(`${url}?done=answered`)
    expect(await db.selectFrom('outcome_links').select(['contribution_id', 'action_id']).execute()).toEqual([
      { contribution_id: made.value.id, action_id: plan.action },
    ])
  })

  it('answering the questions: every ticked box is kept; an unknown option is refused next to its question', async () => {
    const { id, secretariat } = await consultationIn(db, 'draft')
    await addQuestion(db, {
      actorUserId: secretariat.id,
      consultationId: id,
      kind: 'multiple',
      prompt: 'Canais?',
      options: ['Rádio', 'Ônibus', 'Metrô'],
    })
    await advanceConsultation(db, { actorUserId: secretariat.id, id, to: 'open' })
    const question = await db.selectFrom('consultation_questions').select('id').executeTakeFirstOrThrow()
    const person = await createUser(db)
    const answer = async (...options: string[]) => {
      const body = new URLSearchParams()
      for (const o of options) body.append(`q_${question.id}`, o)
      return settle(
        pageAction(
          args(await requestAs(db, person.id, `/consultations/${id}`, { method: 'POST', body }), { id }),
        ),
      )
    }
    const bad = await answer('o1', 'o9')
    expect(bad.status).toBe(400)
    expect((await bad.json()).fieldErrors).toEqual({ [`q_${question.id}`]: 'invalid_answer' })
    const good = await answer('o1', 'o3')
    expect(good.headers.get('Location')).toBe(`/consultations/${id}?done=answered#questions`)
    expect(await db.selectFrom('question_answers').select(['user_id', 'answer']).execute()).toEqual([
      { user_id: person.id, answer: '["o1","o3"]' },
    ])
  })
})

describe('open data pseudonyms (issue #16.16)', () => {
  /** Every string in a loader's answer: the ids a visitor sees on (or in the data of) the public page. */
  const stringsIn = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value.flatMap(stringsIn)
        : value && typeof value === 'object'
          ? Object.values(value).flatMap(stringsIn)
          : []

  it('are no id shown on the public thread page, one per author within an export, new in each export version', async () => {
    const { id, paragraphs } = await consultationIn(db, 'open')
    const [ana, bia] = [await createUser(db), await createUser(db)]
    const say = (userId: string, body: string) =>
      contribute(db, {
        userId,
        authorName: 'Pessoa',
        consultationId: id,
        paragraphId: paragraphs[0]!,
        body,
        language: 'pt-BR',
      })
    const first = await say(ana.id, 'Primeira contribuição.')
    await say(bia.id, 'Outra pessoa comenta.')
    await say(ana.id, 'A mesma pessoa de novo.')
    if (!first.ok) throw new Error(first.error)

    const download = async () =>
      (await (
        await jsonLoader(
          args(new Request(`http://x/open-data/consultations/${id}/contributions.json`), { id }),
        )
      ).json()) as {
        export_version: string
        contributions: { id: string; author: string; text: string }[]
      }
    const doc = await download()
    const by = (text: string) => doc.contributions.find((c) => c.text === text)!.author
    const authors = doc.contributions.map((c) => c.author)
    // Same author, same pseudonym within one export; another author, another one.
    expect(by('Primeira contribuição.')).toBe(by('A mesma pessoa de novo.'))
    expect(by('Outra pessoa comenta.')).not.toBe(by('Primeira contribuição.'))

    const page = await settle(
      threadLoader(
        args(await requestAs(db, null, `/consultations/${id}/p/${paragraphs[0]}`), {
          id,
          paragraphId: paragraphs[0]!,
        }),
      ),
    )
    const shown = new Set([
      ...stringsIn(page instanceof Response ? await page.json() : page),
      ...[ana.id, bia.id],
      ...doc.contributions.map((c) => c.id),
    ])
    expect(shown.size).toBeGreaterThan(5)
    for (const pseudonym of new Set(authors)) {
      expect(shown.has(pseudonym), `${pseudonym} is shown on the public page`).toBe(false)
      expect(shown.has(pseudonym.replace(/^P-/, ''))).toBe(false)
      for (const s of shown) if (s.length >= 8) expect(pseudonym).not.toContain(s)
    }
    // The pseudonym does not come from the account id alone (the scheme before #16 used the secret
    // and the consultation only; this one binds the export version too).
    expect(by('Primeira contribuição.')).not.toContain(ana.id.slice(0, 8))

    // Unchanged data: the same file. A new contribution: a new version with other pseudonyms.
    expect(await download()).toEqual(doc)
    await say(bia.id, 'Mais uma.')
    const next = await download()
    expect(next.export_version).not.toBe(doc.export_version)
    const before = new Map(doc.contributions.map((c) => [c.id, c.author]))
    for (const c of next.contributions)
      if (before.has(c.id))
        expect(c.author, 'pseudonyms rotate with the export version').not.toBe(before.get(c.id))
  })
})
