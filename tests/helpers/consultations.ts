import type { ConsultationStatus } from '../../db/schema'
import {
  advanceConsultation,
  createConsultation,
  type Target,
} from '../../app/consultations/authoring.server'
import type { DB } from '../../app/lib/db.server'
import { newId } from '../../app/lib/ids.server'
import { createUser } from './factories'

export const DRAFT =
  '## Mensagem\n\nPrimeiro parágrafo da mensagem.\n\nSegundo parágrafo.\n\n## Canais\n\nÔnibus, metrô e rádios comunitárias.'

/** A minimal plan: one edition, objective, action (code 4.1.1) and campaign to link to. */
export async function planTargets(db: DB) {
  const edition = newId()
  await db
    .insertInto('plan_editions')
    .values({
      id: edition,
      title_i18n: '{"pt-BR":"Plano"}',
      legal_basis: null,
      starts_year: 2025,
      ends_year: 2028,
      status: 'in_force',
      is_demo: 0,
      created_at: '2025-01-01T00:00:00.000Z',
    })
    .execute()
  const objective = newId()
  await db
    .insertInto('plan_objectives')
    .values({
      id: objective,
      edition_id: edition,
      thematic_axis_id: 4,
      code: '4.1',
      title_i18n: '{"pt-BR":"Combater a xenofobia"}',
      position: 1,
    })
    .execute()
  const action = newId()
  await db
    .insertInto('plan_actions')
    .values({
      id: action,
      edition_id: edition,
      objective_id: objective,
      code: '4.1.1',
      title_i18n: '{"pt-BR":"Duas campanhas por ano"}',
      description_i18n: null,
      sdg_targets: null,
      migracidades_dimension_id: null,
      search_text: 'duas campanhas por ano',
      position: 1,
    })
    .execute()
  const campaign = newId()
  await db
    .insertInto('campaigns')
    .values({
      id: campaign,
      title_i18n: '{"pt-BR":"Campanha 2026"}',
      summary_i18n: null,
      theme: 'xenophobia',
      year: 2026,
      languages: 'pt-BR',
      channels: 'radio',
      starts_on: null,
      ends_on: null,
      status: 'planned',
      is_demo: 0,
      created_at: '2025-01-01T00:00:00.000Z',
    })
    .execute()
  return { edition, action, campaign }
}

/** A consultation in the given status, open now (opened yesterday, closing in a week). */
export async function consultationIn(
  db: DB,
  status: ConsultationStatus = 'open',
  { targets = [] as Target[], minAccountAgeDays = 0 } = {},
) {
  const secretariat = await createUser(db, { roles: ['secretariat'] })
  const created = await createConsultation(db, {
    actorUserId: secretariat.id,
    title: 'Campanha contra a xenofobia',
    summary: 'Resumo',
    draft: DRAFT,
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    minAccountAgeDays,
    targets,
  })
  if (!created.ok) throw new Error(created.error)
  const id = created.value.id
  for (const to of ['open', 'closed', 'answered'] as const) {
    const current = await db
      .selectFrom('consultations')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    if (current.status === status) break
    const moved = await advanceConsultation(db, { actorUserId: secretariat.id, id, to })
    if (!moved.ok) throw new Error(moved.error)
  }
  const paragraphs = await db
    .selectFrom('consultation_paragraphs')
    .select(['id', 'position'])
    .where('consultation_id', '=', id)
    .orderBy('position')
    .execute()
  return { id, secretariat, paragraphs: paragraphs.map((p) => p.id) }
}
