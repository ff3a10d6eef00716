import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getElection } from '../elections/lifecycle.server'
import { atLeast } from '../elections/phases'
import {
  assignPollWorker,
  createPollingPlace,
  deletePollingPlace,
  pollingPlacesForStaff,
  updatePollingPlace,
} from '../elections/polling-places.server'
import { PlaceForm } from '../elections/polling-places-view'
import {
  AssignWorkerSchema,
  PLACE_SHAPE,
  PlaceIdSchema,
  PlaceSchema,
  placeCrossChecks,
  UpdatePlaceSchema,
} from '../elections/polling-schemas.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { listSubprefectures } from '../registration/options.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { SelectField } from '../ui/form'
import { formatTimeOfDay } from '../ui/format'
import { isolate, Localised } from '../ui/localised'
import { Arrow } from '../ui/icons'
import { directionOf } from '../i18n/config'

export const handle = { i18n: ['elections', 'polling'], title: 'polling:staff.title' }

// The electoral commission's page for an election's polling places (issue #17): register places
// (before voting opens), say which named poll worker serves where, and reach each paper place's
// count once voting has closed.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.managePollingPlaces')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const [staff, subprefectures] = await Promise.all([
    pollingPlacesForStaff(db, found.election.id),
    listSubprefectures(db),
  ])
  const { election } = found
  return json({
    election: { id: election.id, title_i18n: election.title_i18n, phase: election.phase },
    ...staff,
    subprefectures,
  })
}

const DONE = ['created', 'updated', 'deleted', 'assigned'] as const

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  return formAction(args, {
    permission: 'elections.managePollingPlaces',
    back: `/staff/elections/${electionId}/polling-places`,
    done: DONE,
    target: 'placeId',
    intents: {
      create: intent({
        permission: 'elections.managePollingPlaces',
        schema: PlaceSchema,
        shape: PLACE_SHAPE,
        crossChecks: placeCrossChecks,
        run: ({ db, user, data }) => createPollingPlace(db, { actorUserId: user.id, electionId, ...data }),
        done: 'created',
      }),
      update: intent({
        permission: 'elections.managePollingPlaces',
        schema: UpdatePlaceSchema,
        shape: PLACE_SHAPE,
        crossChecks: placeCrossChecks,
        run: ({ db, user, data }) => updatePollingPlace(db, { actorUserId: user.id, electionId, ...data }),
        done: 'updated',
      }),
      delete: intent({
        permission: 'elections.managePollingPlaces',
        schema: PlaceIdSchema,
        run: ({ db, user, data }) =>
          deletePollingPlace(db, { actorUserId: user.id, electionId, placeId: data.placeId }),
        done: 'deleted',
      }),
      assign: intent({
        permission: 'elections.managePollingPlaces',
        schema: AssignWorkerSchema,
        run: ({ db, user, data }) => assignPollWorker(db, { actorUserId: user.id, electionId, ...data }),
        done: 'assigned',
      }),
    },
  })
}

export default function PollingPlaces() {
  const { t, i18n } = useTranslation(['polling', 'elections'])
  const { election, places, workers, subprefectures } = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const formError = failedFor()?.fieldErrors.form
  const editable = !atLeast(election.phase, 'voting_open')
  const countable = election.phase === 'voting_closed'
  return (
    <div className="page">
      <p>
        <Link to={`/staff/elections/${election.id}`}>
          <Arrow kind="back" /> {t('elections:manage.title')}
        </Link>
      </p>
      <h1>{t('staff.title')}</h1>
      <Localised as="p" json={election.title_i18n} />
      <DoneNotice keys={DONE} message={(done) => t(`staff.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}
      {places.length === 0 ? <p>{t('staff.none')}</p> : null}
      {places.map((p) => (
        <section key={p.id} className="card stack" aria-labelledby={`place-${p.id}`}>
          <h2 id={`place-${p.id}`} lang={p.text_language} dir={directionOf(p.text_language)}>
            {p.name}
          </h2>
          <p>
            <span lang={p.text_language} dir={directionOf(p.text_language)}>
              {p.address}
            </span>{' '}
            · {t(`methods.${p.method}`)} ·{' '}
            <bdi>
              {t('hoursValue', {
                opens: formatTimeOfDay(p.opens_at, i18n.language),
                closes: formatTimeOfDay(p.closes_at, i18n.language),
              })}
            </bdi>
          </p>
          <p>
            {t('staff.workersHere', {
              names:
                workers
                  .filter((w) => w.placeId === p.id)
                  .map((w) => w.name)
                  .join(', ') || '—',
            })}
          </p>
          {p.method === 'paper' && countable ? (
            <p>
              <Link className="button" to={`/staff/elections/${election.id}/paper-count/${p.id}`}>
                {t('staff.enterCount')}
              </Link>
            </p>
          ) : null}
          {editable ? (
            <>
              <details open={Boolean(failedFor('update', p.id))}>
                <summary>{t('staff.edit', { name: isolate(p.name) })}</summary>
                <PlaceForm place={p} subprefectures={subprefectures} failed={failedFor('update', p.id)} />
              </details>
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="placeId" value={p.id} />
                <SubmitButton className="button-link">
                  {t('staff.delete', { name: isolate(p.name) })}
                </SubmitButton>
              </Form>
            </>
          ) : null}
        </section>
      ))}
      {editable ? (
        <section aria-labelledby="new-place" className="stack">
          <h2 id="new-place">{t('staff.new')}</h2>
          <PlaceForm subprefectures={subprefectures} failed={failedFor('create')} />
        </section>
      ) : (
        <p>{t('staff.frozen')}</p>
      )}
      {places.length && workers.length && !atLeast(election.phase, 'voting_closed') ? (
        <section aria-labelledby="assign" className="stack">
          <h2 id="assign">{t('staff.assignTitle')}</h2>
          {workers.map((w) => (
            <Form method="post" key={w.userId} className="actions">
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="userId" value={w.userId} />
              <SelectField
                name="placeId"
                label={t('staff.placeOf', { name: isolate(w.name) })}
                options={[
                  { value: '', label: t('staff.noPlace') },
                  ...places.map((p) => ({ value: p.id, label: p.name, lang: p.text_language })),
                ]}
                defaultValue={w.placeId ?? ''}
              />
              <SubmitButton className="secondary">{t('staff.assign')}</SubmitButton>
            </Form>
          ))}
        </section>
      ) : null}
    </div>
  )
}
