import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getElection } from '../elections/lifecycle.server'
import {
  TRUSTEE_MESSAGE_MAX,
  TrusteeDecryptionSchema,
  TrusteeUploadSchema,
} from '../elections/schemas.server'
import { TrusteeDevice } from '../elections/trustee-device-view'
import { nextStep } from '../elections/trustee-next'
import {
  ceremonyFingerprints,
  memberDecryptions,
  memberView,
  submitMemberDecryption,
  submitTrusteeStep,
  trusteeUserIds,
  type MemberDecryptionView,
  type MemberView,
  type TrusteeStep,
} from '../elections/trustees.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { Localised } from '../ui/localised'

export const handle = { i18n: ['trustees'], title: 'trustees:member.title' }

// A commission member's page in the key ceremony (issue #20 "Trustees"): what to do now, the exact
// belenios-tool command to run offline, the files to download (certs.jsons, their vinput) and a
// form to paste the tool's output. Works without JavaScript. Seeds stay on the member's computer.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const electionId = params.id ?? ''
  const db = getDb()
  const trustees = await trusteeUserIds(db, electionId)
  const user = (await requirePermission(request, 'elections.trustee', { trusteeUserIds: trustees }))!
  const found = await getElection(db, electionId)
  if (!found) throw new Response('Not found', { status: 404 })
  const view = await memberView(db, electionId, user.id)
  if (!view) throw new Response('Not found', { status: 404 })
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    view,
    fingerprints: await ceremonyFingerprints(db, electionId),
    count: await memberDecryptions(db, electionId, user.id),
  })
}

const DONE = ['certificate', 'polynomial', 'voutput', 'decryption'] as const

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args
  const electionId = params.id ?? ''
  const trustees = await trusteeUserIds(getDb(), electionId)
  await requirePermission(request, 'elections.trustee', { trusteeUserIds: trustees })
  return formAction(args, {
    permission: 'elections.trusteeUpload',
    back: `/elections/${electionId}/trustees/me`,
    done: DONE,
    target: 'uuid',
    intents: {
      certificate: intent({
        permission: 'elections.trusteeUpload',
        schema: TrusteeUploadSchema,
        run: ({ db, user, data }) =>
          submitTrusteeStep(db, { electionId, userId: user.id, step: 'certificate', text: data.message }),
        done: 'certificate',
      }),
      polynomial: intent({
        permission: 'elections.trusteeUpload',
        schema: TrusteeUploadSchema,
        run: ({ db, user, data }) =>
          submitTrusteeStep(db, { electionId, userId: user.id, step: 'polynomial', text: data.message }),
        done: 'polynomial',
      }),
      voutput: intent({
        permission: 'elections.trusteeUpload',
        schema: TrusteeUploadSchema,
        run: ({ db, user, data }) =>
          submitTrusteeStep(db, { electionId, userId: user.id, step: 'voutput', text: data.message }),
        done: 'voutput',
      }),
      decryption: intent({
        permission: 'elections.trusteeUpload',
        schema: TrusteeDecryptionSchema,
        run: ({ db, user, data }) =>
          submitMemberDecryption(db, { electionId, userId: user.id, uuid: data.uuid, text: data.message }),
        done: 'decryption',
      }),
    },
  })
}

const COMMAND: Record<TrusteeStep, (k: number) => string> = {
  certificate: () => 'belenios-tool setup generate-trustee-key-threshold --group BELENIOS-2048 --step 1',
  polynomial: (k) =>
    `belenios-tool setup generate-trustee-key-threshold --group BELENIOS-2048 --certs certs.jsons --step 3 --key <file>.key --threshold ${k}`,
  voutput: () =>
    'belenios-tool setup generate-trustee-key-threshold --group BELENIOS-2048 --certs certs.jsons --key <file>.key --step 5 < mine.vinput',
}

const FINGERPRINT_COMMAND = "tr -d '\\n' < <file>.cert | sha256sum | cut -c1-32"

export default function TrusteeMember() {
  const { t } = useTranslation('trustees')
  const { election, view, fingerprints, count } = useLoaderData<typeof loader>() as {
    election: { id: string; title_i18n: string }
    view: MemberView
    fingerprints: Awaited<ReturnType<typeof ceremonyFingerprints>>
    count: MemberDecryptionView | null
  }
  const failure = useActionFailure()(view.todo ?? undefined)
  const errorCode = failure?.fieldErrors.message ?? failure?.fieldErrors.form
  const error = errorCode ? t(`errors.${errorCode}`, { defaultValue: t('errors.invalid') }) : undefined
  const todo = view.todo as TrusteeStep | null
  const shown = fingerprints.filter((f) => f.fingerprint !== null)
  return (
    <div className="page">
      <h1>{t('member.title')}</h1>
      <Localised as="p" json={election.title_i18n} />
      <DoneNotice keys={DONE} message={(done) => t(`member.done.${done}`)} />
      <p>{t('member.intro', { index: view.index, n: view.members, k: view.threshold })}</p>
      <p>
        <strong>{t(`state.${view.state}`)}</strong>
      </p>
      <p data-next>
        <strong>{t('next.title')}</strong>{' '}
        {t(`next.${nextStep(view, count)}`, { n: view.members, k: view.threshold })}
      </p>
      {todo === null ? (
        count && count.phase !== 'voting_closed' && count.archives.every((a) => a.status === 'open') ? (
          <p>{t('member.finished')}</p>
        ) : null
      ) : view.done[todo] ? (
        <p>{t('member.waiting')}</p>
      ) : null}
      {todo ? (
        // Keyed by what was received: once sent, the device panel and the field start afresh.
        <section aria-labelledby="trustee-step" key={`${todo}-${view.done[todo] ? 'sent' : 'new'}`}>
          <h2 id="trustee-step">{t(`step.${todo}`)}</h2>
          <TrusteeDevice
            step={todo}
            electionId={election.id}
            index={view.index}
            threshold={view.threshold}
            target="message"
          />
          <h3>{t('member.withTool')}</h3>
          <ol>
            {todo !== 'certificate' ? (
              <li>
                {t('member.download')}{' '}
                <a href={`/elections/${election.id}/trustees/me/certs.jsons`} download>
                  certs.jsons
                </a>
                {todo === 'voutput' ? (
                  <>
                    {' · '}
                    <a href={`/elections/${election.id}/trustees/me/mine.vinput`} download>
                      mine.vinput
                    </a>
                  </>
                ) : null}
              </li>
            ) : null}
            <li>
              {t(`member.how.${todo}`)}
              <pre className="mono" dir="ltr">
                <code>{COMMAND[todo](view.threshold)}</code>
              </pre>
            </li>
            <li>{t('member.keepKey')}</li>
            <li>{t(`member.paste.${todo}`)}</li>
          </ol>
          <Form method="post" noValidate>
            <div className="field">
              <label htmlFor="message">{t('member.messageLabel')}</label>
              <p id="message-hint" className="hint">
                {t('member.messageHint')}
              </p>
              {error ? (
                <p id="message-error" className="field-error">
                  {error}
                </p>
              ) : null}
              <textarea
                id="message"
                name="message"
                rows={6}
                dir="ltr"
                maxLength={TRUSTEE_MESSAGE_MAX}
                aria-describedby={error ? 'message-hint message-error' : 'message-hint'}
                aria-invalid={error ? true : undefined}
              />
            </div>
            <SubmitButton intent={todo}>
              {view.done[todo] ? t('member.replace') : t('member.send')}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      {shown.length > 0 ? (
        <section aria-labelledby="trustee-fingerprints">
          <h2 id="trustee-fingerprints">{t('fingerprints.title')}</h2>
          <p>{t('fingerprints.intro')}</p>
          <ul>
            {shown.map((f) => (
              <li key={f.index}>
                {f.index}. {f.displayName ? <bdi>{f.displayName}</bdi> : t('commission.erased')}
                {f.index === view.index ? ` ${t('fingerprints.you')}` : ''}:{' '}
                <code className="mono" dir="ltr">
                  {f.fingerprint}
                </code>
              </li>
            ))}
          </ul>
          <p>{t('fingerprints.tool')}</p>
          <pre className="mono" dir="ltr">
            <code>{FINGERPRINT_COMMAND}</code>
          </pre>
        </section>
      ) : null}
      {count && count.archives.some((a) => a.status !== 'open') ? (
        <CountSection electionId={election.id} index={view.index} threshold={view.threshold} count={count} />
      ) : null}
    </div>
  )
}

type Count = MemberDecryptionView

function CountSection(props: { electionId: string; index: number; threshold: number; count: Count }) {
  const { t } = useTranslation('trustees')
  const failureOf = useActionFailure()
  const { electionId, count } = props
  return (
    <section aria-labelledby="trustee-count">
      <h2 id="trustee-count">{t('count.title')}</h2>
      <p>{t('count.intro', { k: props.threshold })}</p>
      <p>
        {t('member.download')}{' '}
        <a href={`/elections/${electionId}/trustees/me/mine.dkey`} download>
          mine.dkey
        </a>
      </p>
      {count.archives.map((a) => {
        const failure = failureOf('decryption', a.uuid)
        const code = failure?.fieldErrors.message ?? failure?.fieldErrors.uuid ?? failure?.fieldErrors.form
        const error = code ? t(`errors.${code}`, { defaultValue: t('errors.invalid') }) : undefined
        const field = `pd-${a.uuid}`
        return (
          <article key={a.uuid} aria-labelledby={`${field}-title`}>
            <h3 id={`${field}-title`}>
              {t('count.archive')}{' '}
              <code className="mono" dir="ltr">
                {a.uuid}
              </code>
            </h3>
            <p>
              {t('count.tallyHash')}{' '}
              <code className="mono" dir="ltr">
                {a.tallyHash ?? '—'}
              </code>
            </p>
            <p>
              <strong>{a.mine ? t('count.mine') : t(`count.status.${a.status}`)}</strong>
            </p>
            {!a.mine && a.status !== 'done' && a.status !== 'open' && count.phase === 'voting_closed' ? (
              <>
                <TrusteeDevice
                  step="decryption"
                  uuid={a.uuid}
                  electionId={electionId}
                  index={props.index}
                  threshold={props.threshold}
                  target={field}
                />
                <h4>{t('member.withTool')}</h4>
                <ol>
                  <li>
                    {t('count.downloadArchive')}{' '}
                    <a href={`/open-data/elections/${electionId}/belenios/${a.uuid}.bel`} download>
                      {a.uuid}.bel
                    </a>
                  </li>
                  <li>
                    {t('count.how')}
                    <pre className="mono" dir="ltr">
                      <code>{`belenios-tool election decrypt-threshold --key <file>.key --decryption-key mine.dkey --trustee-id ${count.owner} > ${a.uuid}.pd`}</code>
                    </pre>
                  </li>
                  <li>{t('count.paste')}</li>
                </ol>
                <Form method="post" noValidate>
                  <input type="hidden" name="uuid" value={a.uuid} />
                  <div className="field">
                    <label htmlFor={field}>{t('count.messageLabel')}</label>
                    {error ? (
                      <p id={`${field}-error`} className="field-error">
                        {error}
                      </p>
                    ) : null}
                    <textarea
                      id={field}
                      name="message"
                      rows={4}
                      dir="ltr"
                      maxLength={TRUSTEE_MESSAGE_MAX}
                      aria-describedby={error ? `${field}-error` : undefined}
                      aria-invalid={error ? true : undefined}
                    />
                  </div>
                  <SubmitButton intent="decryption">{t('count.send')}</SubmitButton>
                </Form>
              </>
            ) : null}
          </article>
        )
      })}
    </section>
  )
}
