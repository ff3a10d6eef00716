import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { decodeCsv } from '../lib/csv'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { ok } from '../lib/result'
import { readMultipartForm } from '../lib/uploads.server'
import { createCampaign } from '../plan/campaigns.server'
import { MATRIX_COLUMNS } from '../plan/matrix'
import { myIndicators, pendingUpdates, reviewUpdate } from '../plan/monitoring.server'
import { advanceEdition, importFailure, importPlanMatrix, listPlanEditions } from '../plan/plan.server'
import { CampaignSchema, EditionStatusSchema, ImportSchema, ReviewSchema } from '../plan/schemas.server'
import { EditionsList, ImportForm, MyIndicators, NewCampaignForm, PendingUpdates } from '../plan/staff-view'
import { countParam, DoneNotice } from '../ui/action-feedback'

export const handle = { i18n: ['plan'], title: 'plan:staff.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'plan.reportProgress')
  const db = getDb()
  const actor = toActor(user)
  const canReview = can(actor, 'plan.review')
  const canManage = can(actor, 'plan.manage')
  return json({
    canReview,
    canManage,
    mine: await myIndicators(db, user.id),
    pending: canReview ? await pendingUpdates(db) : [],
    editions: canManage ? await listPlanEditions(db) : [],
    columns: MATRIX_COLUMNS,
  })
}

const DONE = ['publish', 'return', 'imported', 'edition_in_force', 'edition_concluded'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  return formAction<Done>(args, {
    // Every intent here is the secretariat's: a focal point's post is refused before the upload is read.
    permission: 'plan.review',
    back: '/staff/plan',
    done: DONE,
    target: 'updateId',
    readBody: readMultipartForm,
    intents: {
      review: intent({
        permission: 'plan.review',
        schema: ReviewSchema,
        run: ({ db, user, data }) => reviewUpdate(db, { actorUserId: user.id, ...data }),
        done: (_, data) => data.decision,
      }),
      import: intent({
        permission: 'plan.manage',
        schema: ImportSchema,
        run: async ({ db, user, data: { file, ...fields } }) => {
          const imported = await importPlanMatrix(db, {
            actorUserId: user.id,
            ...fields,
            csv: decodeCsv(new Uint8Array(await file.arrayBuffer())).text,
          })
          return imported.ok ? ok(imported) : importFailure(imported)
        },
        redirectTo: (imported) =>
          `/staff/plan?done=${'imported' satisfies Done}&n=${imported.counts.actions}`,
      }),
      edition: intent({
        permission: 'plan.manage',
        schema: EditionStatusSchema,
        run: ({ db, user, data }) => advanceEdition(db, { actorUserId: user.id, ...data }),
        done: (_, data) => `edition_${data.to}` as const,
      }),
      campaign: intent({
        permission: 'plan.manage',
        schema: CampaignSchema,
        shape: { lists: ['languages'] },
        run: ({ db, user, data }) => createCampaign(db, { actorUserId: user.id, ...data, actionIds: [] }),
        redirectTo: (created) => `/plan/campaigns/${created.id}?done=created`,
      }),
    },
  })
}

export default function StaffPlan() {
  const { t } = useTranslation('plan')
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      <DoneNotice
        keys={DONE}
        message={(done) => t(`staff.done.${done}`, { count: Number(countParam(params.get('n'))) })}
      />
      <MyIndicators mine={data.mine} />
      {data.canReview ? <PendingUpdates pending={data.pending} /> : null}
      {data.canManage ? (
        <>
          <EditionsList editions={data.editions} />
          <ImportForm columns={data.columns} />
          <NewCampaignForm />
        </>
      ) : null}
    </div>
  )
}
