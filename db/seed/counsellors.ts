import type { Kysely, Transaction } from 'kysely'
import { originalContent } from '../../app/i18n/content'
import type { Database } from '../schema'
import { DEMO_CMI_BODY, meeting } from './council'
import { demoActionId } from './plan'
import { demoUserId } from './users'

type Tx = Transaction<Database> | Kysely<Database>

/** The demo counsellor's seat: Li Wei represents the Centro Cultural Chinês da Liberdade. */
export const DEMO_COUNSELLOR_MEMBER = 'demo-member-civil-3'
/** An upcoming meeting whose date follows the seed day, so the workspace always has one to prepare. */
export const DEMO_NEXT_MEETING = 'demo-meeting-next'

const DAY = 86_400_000

/**
 * Issue #18: the demo counsellor (`demo-counsellor`, role counsellor) is linked to a serving seat of
 * the CMI plenary; the plenary follows two Plan actions; an ordinary meeting is convened three
 * weeks after the seed day with a proposal of the counsellor awaiting the secretariat. The minutes
 * of December 2025, circulated for comment, come from the council seed. Ids are fixed and dates
 * count from `today`, so a demo seeded any day has the same story.
 */
export async function seedDemoCounsellors(trx: Tx, today: Date = new Date()): Promise<void> {
  const counsellor = demoUserId('counsellor')
  await trx
    .updateTable('body_members')
    .set({ user_id: counsellor })
    .where('id', '=', DEMO_COUNSELLOR_MEMBER)
    .execute()
  await trx
    .insertInto('council_body_plan_actions')
    .values(['4.1.1', '4.1.2'].map((code) => ({ body_id: DEMO_CMI_BODY, action_id: demoActionId(code) })))
    .execute()
  const day = Date.parse(`${today.toISOString().slice(0, 10)}T00:00:00.000Z`)
  const at = (days: number, hour: number) => new Date(day + days * DAY + hour * 3_600_000).toISOString()
  await meeting(
    trx,
    DEMO_NEXT_MEETING,
    'ordinary',
    'Reunião Ordinária — Plano Municipal',
    at(21, 17),
    'convened',
    at(0, 12),
  )
  await trx
    .insertInto('agenda_items')
    .values({
      id: `${DEMO_NEXT_MEETING}-i1`,
      meeting_id: DEMO_NEXT_MEETING,
      position: 1,
      title: 'Monitoramento das ações de combate à xenofobia',
      description: 'Relato da SMDHC sobre as ações 4.1.1 e 4.1.2 do Plano.',
      title_i18n: originalContent('Monitoramento das ações de combate à xenofobia'),
      description_i18n: originalContent('Relato da SMDHC sobre as ações 4.1.1 e 4.1.2 do Plano.'),
      kind: 'information',
      motion: null,
      approves_minutes_of: null,
      vote_mode: null,
      votes_yes: null,
      votes_no: null,
      votes_abstain: null,
      present_at_vote: null,
      outcome: null,
      voted_at: null,
    })
    .execute()
  await trx
    .insertInto('council_agenda_proposals')
    .values({
      id: `${DEMO_NEXT_MEETING}-p1`,
      meeting_id: DEMO_NEXT_MEETING,
      member_id: DEMO_COUNSELLOR_MEMBER,
      user_id: counsellor,
      title: 'Intérpretes de mandarim nas UBS da Liberdade',
      description: 'Famílias chinesas relatam atendimento sem intérprete nas unidades de saúde do bairro.',
      status: 'pending',
      decline_reason: null,
      agenda_item_id: null,
      decided_by: null,
      decided_at: null,
      created_at: at(0, 13),
    })
    .execute()
}
