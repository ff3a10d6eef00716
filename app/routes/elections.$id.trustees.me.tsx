import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getElection } from '../elections/lifecycle.server'
import { TRUSTEE_MESSAGE_MAX, TrusteeUploadSchema } from '../elections/schemas.server'
import {
  ceremonyCertificates,
  memberView,
  memberVinput,
  submitTrusteeStep,
  trusteeUserIds,
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

const download = (name: string, body: string) =>
  new Response(body, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const electionId = params.id ?? ''
  const db = getDb()
  const trustees = await trusteeUserIds(db, electionId)
  const user = (await requirePermission(request, 'elections.trustee', { trusteeUserIds: trustees }))!
  const found = await getElection(db, electionId)
  if (!found) throw new Response('Not found', { status: 404 })
  const file = new URL(request.url).searchParams.get('file')
  if (file === 'certs') {
    const certs = await ceremonyCertificates(db, electionId)
    if (!certs) throw new Response('Not found', { status: 404 })
    return download('certs.jsons', certs)
  }
  if (file === 'vinput') {
    const vinput = await memberVinput(db, electionId, user.id)
    if (!vinput) throw new Response('Not found', { status: 404 })
    return download('mine.vinput', vinput)
  }
  const view = await memberView(db, electionId, user.id)
  if (!view) throw new Response('Not found', { status: 404 })
  return json({ election: { id: found.election.id, title_i18n: found.election.title_i18n }, view })
}

const DONE = ['certificate', 'polynomial', 'voutput'] as const

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args
  const electionId = params.id ?? ''
  const trustees = await trusteeUserIds(getDb(), electionId)
  await requirePermission(request, 'elections.trustee', { trusteeUserIds: trustees })
  return formAction(args, {
    permission: 'elections.trusteeUpload',
    back: `/elections/${electionId}/trustees/me`,
    done: DONE,
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

export default function TrusteeMember() {
  const { t } = useTranslation('trustees')
  const { election, view } = useLoaderData<typeof loader>()
  const failure = useActionFailure()(view.todo ?? undefined)
  const errorCode = failure?.fieldErrors.message ?? failure?.fieldErrors.form
  const error = errorCode ? t(`errors.${errorCode}`, { defaultValue: t('errors.invalid') }) : undefined
  const todo = view.todo as TrusteeStep | null
  return (
    <div className="page">
      <h1>{t('member.title')}</h1>
      <Localised as="p" json={election.title_i18n} />
      <DoneNotice keys={DONE} message={(done) => t(`member.done.${done}`)} />
      <p>{t('member.intro', { index: view.index, n: view.members, k: view.threshold })}</p>
      <p>
        <strong>{t(`state.${view.state}`)}</strong>
      </p>
      {todo === null ? <p>{t('member.finished')}</p> : view.done[todo] ? <p>{t('member.waiting')}</p> : null}
      {todo ? (
        <section aria-labelledby="trustee-step">
          <h2 id="trustee-step">{t(`step.${todo}`)}</h2>
          <ol>
            {todo !== 'certificate' ? (
              <li>
                {t('member.download')}{' '}
                <a href={`/elections/${election.id}/trustees/me?file=certs`} download>
                  certs.jsons
                </a>
                {todo === 'voutput' ? (
                  <>
                    {' · '}
                    <a href={`/elections/${election.id}/trustees/me?file=vinput`} download>
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
    </div>
  )
}
