import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getElection } from '../elections/lifecycle.server'
import { StartCeremonySchema } from '../elections/schemas.server'
import { ceremonyProgress, commissionMembers, startCeremony } from '../elections/trustees.server'
import { decryptionReport } from '../elections/verifiable.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { Localised } from '../ui/localised'
import { TableRegion } from '../ui/table'
import { Arrow } from '../ui/icons'

export const handle = { i18n: ['trustees', 'elections'], title: 'trustees:commission.title' }

// The electoral commission's page for the threshold key ceremony of one election (issue #20
// "Trustees", ADR 032): name the members (from the commission) and k, then follow who has done
// which step. Never shows anyone's messages, only when each step was uploaded.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.manageTrustees')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const progress = await ceremonyProgress(db, found.election.id)
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    progress,
    commission: progress ? [] : await commissionMembers(db),
    decryption: progress?.state === 'done' ? await decryptionReport(db, found.election.id) : [],
  })
}

const DONE = ['started'] as const

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  return formAction(args, {
    permission: 'elections.manageTrustees',
    back: `/elections/${electionId}/trustees`,
    done: DONE,
    intents: {
      start: intent({
        permission: 'elections.manageTrustees',
        schema: StartCeremonySchema,
        shape: { lists: ['members'] },
        run: ({ db, user, data }) =>
          startCeremony(db, {
            actorUserId: user.id,
            electionId,
            memberUserIds: data.members,
            threshold: data.threshold,
          }),
        done: 'started',
      }),
    },
  })
}

export default function TrusteesCommission() {
  const { t } = useTranslation('trustees')
  const { election, progress, commission, decryption } = useLoaderData<typeof loader>()
  const failure = useActionFailure()('start')
  const errorOf = (field: string) => {
    const code = failure?.fieldErrors[field]
    return code ? t(`errors.${code}`, { defaultValue: t('errors.invalid') }) : undefined
  }
  const formError = errorOf('form')
  const membersError = errorOf('members')
  const thresholdError = errorOf('threshold')
  return (
    <div className="page">
      <p>
        <Link to={`/staff/elections/${election.id}`}>
          <Arrow kind="back" /> {t('commission.back')}
        </Link>
      </p>
      <h1>{t('commission.title')}</h1>
      <Localised as="p" json={election.title_i18n} />
      <DoneNotice keys={DONE} message={() => t('commission.started')} />
      <p>{t('commission.intro')}</p>
      {formError ? (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      ) : null}
      {progress ? (
        <>
          <p>
            {t('commission.threshold', { k: progress.threshold, n: progress.members.length })}{' '}
            <strong>{t(`state.${progress.state}`)}</strong>
          </p>
          <h2 id="trustees-progress">{t('commission.progress')}</h2>
          <TableRegion
            labelledBy="trustees-progress"
            headers={[t('commission.member'), t('step.certificate'), t('step.polynomial'), t('step.voutput')]}
          >
            {progress.members.map((m) => (
              <tr key={m.index}>
                <th scope="row">
                  {m.index}. {m.displayName ? <bdi>{m.displayName}</bdi> : t('commission.erased')}
                </th>
                {[m.certificateAt, m.polynomialAt, m.voutputAt].map((at, i) => (
                  <td key={i}>{at ? t('commission.uploaded') : t('commission.waiting')}</td>
                ))}
              </tr>
            ))}
          </TableRegion>
          {decryption.some((a: { status: string }) => a.status !== 'open') ? (
            <DecryptionTable archives={decryption} members={progress.members} />
          ) : null}
        </>
      ) : (
        <Form method="post" noValidate>
          <fieldset aria-describedby={membersError ? 'members-error' : undefined}>
            <legend>{t('commission.members')}</legend>
            {membersError ? (
              <p id="members-error" className="field-error">
                {membersError}
              </p>
            ) : null}
            {commission.map((m) => (
              <div className="checkbox" key={m.id}>
                <input id={`member-${m.id}`} type="checkbox" name="members" value={m.id} defaultChecked />
                <label htmlFor={`member-${m.id}`}>
                  <bdi>{m.displayName}</bdi>
                </label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="threshold">{t('commission.thresholdLabel')}</label>
            <p id="threshold-hint" className="hint">
              {t('commission.thresholdHint')}
            </p>
            {thresholdError ? (
              <p id="threshold-error" className="field-error">
                {thresholdError}
              </p>
            ) : null}
            <input
              id="threshold"
              name="threshold"
              inputMode="numeric"
              defaultValue={failure?.values.threshold ?? ''}
              aria-describedby={thresholdError ? 'threshold-hint threshold-error' : 'threshold-hint'}
              aria-invalid={thresholdError ? true : undefined}
            />
          </div>
          <SubmitButton intent="start">{t('commission.start')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}

type Report = { uuid: string; status: string; decryptedBy: number[]; inconsistent: number[] }

/** At the count: per archive, which members decrypted and whose share does not combine (M1). */
function DecryptionTable(props: {
  archives: Report[]
  members: { index: number; displayName: string | null }[]
}) {
  const { t } = useTranslation('trustees')
  const name = (owner: number) => {
    const m = props.members.find((x) => x.index === owner - 1)
    return m ? `${m.index}. ${m.displayName ?? t('commission.erased')}` : String(owner)
  }
  const names = (owners: number[]) =>
    owners
      .filter((o) => o >= 2)
      .map((o) => (
        <span key={o}>
          <bdi>{name(o)}</bdi>{' '}
        </span>
      ))
  return (
    <>
      <h2 id="trustees-count">{t('count.staffTitle')}</h2>
      <TableRegion
        labelledBy="trustees-count"
        headers={[
          t('count.archive'),
          t('count.statusHeader'),
          t('count.decryptedBy'),
          t('count.inconsistent'),
        ]}
      >
        {props.archives.map((a) => (
          <tr key={a.uuid}>
            <th scope="row">
              <code className="mono" dir="ltr">
                {a.uuid}
              </code>
            </th>
            <td>{t(`count.status.${a.status}`)}</td>
            <td>{names(a.decryptedBy)}</td>
            <td>
              {a.inconsistent.length > 0 ? (
                <strong className="field-error">{names(a.inconsistent)}</strong>
              ) : (
                t('count.none')
              )}
            </td>
          </tr>
        ))}
      </TableRegion>
    </>
  )
}
