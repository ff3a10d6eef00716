import type { ConferencePhase } from '../../db/schema'
import { advanceConferencePhase, createEdition } from '../../app/conference/editions.server'
import { nextConferencePhase } from '../../app/conference/rules'
import type { DB } from '../../app/lib/db.server'
import { createUser } from './factories'

export async function conferenceEdition(db: DB, { votesPerAxis = 2, approvalThreshold = 0.5 } = {}) {
  const secretariat = await createUser(db, { roles: ['secretariat'] })
  const { id } = await createEdition(db, {
    actorUserId: secretariat.id,
    title: { 'pt-BR': 'Conferência de teste' },
    motto: {},
    votesPerAxis,
    approvalThreshold,
    delegateQuota: 2,
    crossCutting: ['Gênero'],
  })
  const axes = await db
    .selectFrom('conference_axes')
    .select(['id', 'kind'])
    .where('edition_id', '=', id)
    .orderBy('position')
    .execute()
  return { secretariat, editionId: id, axes: axes.map((a) => a.id) }
}

export async function moveConferenceTo(
  db: DB,
  actorUserId: string,
  editionId: string,
  target: ConferencePhase,
) {
  for (;;) {
    const { phase } = await db
      .selectFrom('conference_editions')
      .select('phase')
      .where('id', '=', editionId)
      .executeTakeFirstOrThrow()
    if (phase === target) return
    const result = await advanceConferencePhase(db, {
      actorUserId,
      editionId,
      to: nextConferencePhase(phase)!,
    })
    if (!result.ok) throw new Error(result.error)
  }
}
