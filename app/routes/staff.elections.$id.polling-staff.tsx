import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { requirePermission } from '../auth/guards.server'
import { deviceCookie } from '../elections/booth-cookies.server'
import { getElection } from '../elections/lifecycle.server'
import {
  createEnrolmentCode,
  enrolThisDevice,
  namePollWorker,
  pollingStaff,
  removePollWorker,
  revokeDevice,
} from '../elections/poll-workers.server'
import {
  DeviceLabelSchema,
  NamePollWorkerSchema,
  RemovePollWorkerSchema,
  RevokeDeviceSchema,
} from '../elections/schemas.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextField } from '../ui/form'
import { isolate, Localised } from '../ui/localised'
import { TableRegion } from '../ui/table'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'
import { directionOf } from '../i18n/config'

export const handle = { i18n: ['elections', 'polling'], title: 'elections:staffing.title' }

// The electoral commission's page for the polling place of one election (issue #16.13): who is a
// poll worker (named for this election only), on which devices booth ballots may be opened, and
// how many voters each worker marked in person.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.managePollWorkers')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const staff = await pollingStaff(db, found.election.id)
  return json({ election: { id: found.election.id, title_i18n: found.election.title_i18n }, ...staff })
}

const DONE = ['named', 'removed', 'enrolled_here', 'revoked'] as const

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  const back = `/staff/elections/${electionId}/polling-staff`
  return formAction(args, {
    permission: 'elections.managePollWorkers',
    back,
    done: DONE,
    target: 'userId',
    intents: {
      name: intent({
        permission: 'elections.managePollWorkers',
        schema: NamePollWorkerSchema,
        run: ({ db, user, data }) =>
          namePollWorker(db, { actorUserId: user.id, electionId, identifier: data.identifier }),
        done: 'named',
      }),
      remove: intent({
        permission: 'elections.managePollWorkers',
        schema: RemovePollWorkerSchema,
        run: ({ db, user, data }) =>
          removePollWorker(db, { actorUserId: user.id, electionId, userId: data.userId }),
        done: 'removed',
      }),
      code: intent({
        permission: 'elections.enrolBoothDevices',
        schema: DeviceLabelSchema,
        run: async ({ db, user, data }) => {
          const created = await createEnrolmentCode(db, {
            actorUserId: user.id,
            electionId,
            label: data.label,
          })
          if (!created.ok) return created
          // Shown once, on this answer only: the code is stored hashed.
          return json({ code: created.value.code, expiresAt: created.value.expiresAt, label: data.label })
        },
      }),
      enrolHere: intent({
        permission: 'elections.enrolBoothDevices',
        schema: DeviceLabelSchema,
        run: async ({ db, user, data }) => {
          const enrolled = await enrolThisDevice(db, { actorUserId: user.id, electionId, label: data.label })
          if (!enrolled.ok) return enrolled
          return redirect(`${back}?done=enrolled_here`, {
            headers: { 'Set-Cookie': deviceCookie(enrolled.value.token) },
          })
        },
      }),
      revoke: intent({
        permission: 'elections.enrolBoothDevices',
        schema: RevokeDeviceSchema,
        run: ({ db, user, data }) =>
          revokeDevice(db, { actorUserId: user.id, electionId, deviceId: data.deviceId }),
        done: 'revoked',
      }),
    },
  })
}

export default function PollingStaff() {
  const { t, i18n } = useTranslation('elections')
  const { election, workers, devices } = useLoaderData<typeof loader>()
  const data = useActionData() as { code?: string; expiresAt?: string; label?: string } | undefined
  const failedFor = useActionFailure()
  const formError = failedFor()?.fieldErrors.form
  return (
    <div className="page">
      <p>
        <Link to={`/staff/elections/${election.id}`}>
          <Arrow kind="back" /> {t('manage.title')}
        </Link>
      </p>
      <h1>{t('staffing.title')}</h1>
      <Localised as="p" json={election.title_i18n} />
      <DoneNotice keys={DONE} message={(done) => t(`staffing.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}
      {data?.code ? (
        <div className="notice notice--ok" role="status">
          <p>{t('staffing.codeFor', { label: isolate(data.label ?? '') })}</p>
          <p className="receipt mono">{data.code}</p>
          <p>
            {t('staffing.codeExpires')} <DateTime iso={data.expiresAt!} language={i18n.language} />
          </p>
        </div>
      ) : null}

      <h2 id="workers-heading">{t('staffing.workers')}</h2>
      <p>{t('staffing.workersIntro')}</p>
      <p>
        <Link to={`/staff/elections/${election.id}/polling-places`}>{t('polling:staff.assignLink')}</Link>
      </p>
      {workers.length === 0 ? (
        <p>{t('staffing.noWorkers')}</p>
      ) : (
        <TableRegion
          labelledBy="workers-heading"
          headers={[
            t('staffing.worker'),
            t('polling:staff.placeColumn'),
            t('staffing.marked'),
            t('staffing.actions'),
          ]}
        >
          {workers.map((w) => (
            <tr key={w.userId}>
              <td>
                <bdi>{w.name}</bdi>
                {w.named ? null : ` (${t('staffing.former')})`}
              </td>
              <td>
                {w.place ? (
                  <span lang={w.place.language} dir={directionOf(w.place.language)}>
                    {w.place.name}
                  </span>
                ) : (
                  '—'
                )}
              </td>
              <td>{formatNumber(w.marked, i18n.language)}</td>
              <td>
                {w.named ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={w.userId} />
                    <SubmitButton className="button-link">
                      {t('staffing.remove', { name: isolate(w.name) })}
                    </SubmitButton>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </TableRegion>
      )}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="name" />
        <TextField
          name="identifier"
          label={t('staffing.identifier')}
          hint={t('staffing.identifierHint')}
          autoComplete="off"
          defaultValue={failedFor('name')?.values.identifier as string | undefined}
          error={failedFor('name')?.fieldErrors.identifier}
        />
        <SubmitButton>{t('staffing.name')}</SubmitButton>
      </Form>

      <h2 id="devices-heading">{t('staffing.devices')}</h2>
      <p>{t('staffing.devicesIntro')}</p>
      {devices.length === 0 ? (
        <p>{t('staffing.noDevices')}</p>
      ) : (
        <TableRegion
          labelledBy="devices-heading"
          headers={[t('staffing.device'), t('staffing.deviceState'), t('staffing.actions')]}
        >
          {devices.map((d) => (
            <tr key={d.id}>
              <td>
                <bdi>{d.label}</bdi>
              </td>
              <td>
                {d.revoked_at
                  ? t('staffing.state.revoked')
                  : d.enrolled_at
                    ? t('staffing.state.enrolled')
                    : t('staffing.state.pending')}
              </td>
              <td>
                {d.revoked_at ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="deviceId" value={d.id} />
                    <SubmitButton className="button-link">
                      {t('staffing.revoke', { label: isolate(d.label) })}
                    </SubmitButton>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </TableRegion>
      )}
      <Form method="post" className="stack">
        <TextField
          name="label"
          label={t('staffing.label')}
          hint={t('staffing.labelHint')}
          autoComplete="off"
          defaultValue={(failedFor('code') ?? failedFor('enrolHere'))?.values.label as string | undefined}
          error={(failedFor('code') ?? failedFor('enrolHere'))?.fieldErrors.label}
        />
        <p className="actions">
          <SubmitButton intent="code">{t('staffing.createCode')}</SubmitButton>
          <SubmitButton intent="enrolHere">{t('staffing.enrolHere')}</SubmitButton>
        </p>
      </Form>
    </div>
  )
}
