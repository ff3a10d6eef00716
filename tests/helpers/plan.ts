import type { DB } from '../../app/lib/db.server'
import { advanceEdition, importPlanMatrix } from '../../app/plan/plan.server'
import { createUser } from './factories'

export const MATRIX_HEADER =
  'axis,objective_code,objective_title,action_code,action_title,bodies,sdg_targets,migracidades_dimension,indicator_code,indicator_name,unit,baseline,target,deadline'

export const GOOD_MATRIX = [
  MATRIX_HEADER,
  '4,4.1,Combater a xenofobia,4.1.1,Duas campanhas por ano,SMDHC,10.3 16.b,protection_services,4.1.1.1,Campanhas por ano,campanhas,0,2,31/12/2028',
  '4,4.1,Combater a xenofobia,4.1.2,Responder denúncias,SMDHC;CMI,16.3,10,4.1.2.1,Denúncias sem resposta,%,40,5,2028-12-31',
  'education,7.1,Ensino de português,7.1.1,Cursos de português,SME,4.6,education,7.1.1.1,Vagas,vagas,"1.500","4.000",',
  'education,7.1,Ensino de português,7.1.1,Cursos de português,SME,4.6,education,7.1.1.2,Subprefeituras com curso,subprefeituras,10,32,',
  '1,1.1,Participação,1.1.1,Eleições do CMI,CMI,,,,,,,,',
].join('\n')

/** A plan in force imported from GOOD_MATRIX, with a focal point of SMDHC and a secretariat member. */
export async function planInForce(db: DB) {
  const secretariat = await createUser(db, { roles: ['secretariat'] })
  const imported = await importPlanMatrix(db, {
    actorUserId: secretariat.id,
    title: 'Plano de teste',
    startsYear: 2025,
    endsYear: 2028,
    csv: GOOD_MATRIX,
  })
  if (!imported.ok) throw new Error(imported.error)
  await advanceEdition(db, { actorUserId: secretariat.id, editionId: imported.editionId, to: 'in_force' })
  const reporter = await createUser(db, { roles: ['plan_reporter'] })
  const smdhc = await db
    .selectFrom('plan_bodies')
    .select('id')
    .where('code', '=', 'SMDHC')
    .executeTakeFirstOrThrow()
  await db.insertInto('plan_body_staff').values({ body_id: smdhc.id, user_id: reporter.id }).execute()
  const indicators = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .select(['i.id', 'i.code', 'a.id as action_id', 'a.code as action_code'])
    .where('a.edition_id', '=', imported.editionId)
    .execute()
  const byCode = (code: string) => indicators.find((i) => i.code === code)!
  return { editionId: imported.editionId, secretariat, reporter, byCode }
}
