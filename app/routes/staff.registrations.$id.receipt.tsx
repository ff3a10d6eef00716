import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { translatorFor } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { formAction, intent, type ActionFailure } from '../lib/form-action.server'
import { issuePaperCode } from '../registration/claim.server'
import { deskSetupCode, setupCodeOption } from '../registration/desk-account.server'
import { getReceipt } from '../registration/registrations.server'
import { SubmitButton } from '../ui/action-feedback'
import { DateTime } from '../ui/time'
import { directionOf } from '../i18n/config'

export const handle = { i18n: ['registration'], title: 'registration:receipt.title' }

// A printable receipt for a person registered at a desk (many have no phone or e-mail): the
// protocol number is how they follow their registration. It shows no document number.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'registration.assist')
  const row = await getReceipt(getDb(), params.id ?? '')
  if (!row) throw new Response('Not found', { status: 404 })
  // Printed in the person's language whatever the desk's screen language is (server-side, so the
  // browser need not load another language).
  const tp = await translatorFor(row.preferred_language, 'registration')
  const texts = {
    title: tp('receipt.title'),
    heading: tp('receipt.heading'),
    protocol: tp('status.protocol'),
    subprefecture: tp('fields.subprefecture'),
    howToCheck: tp('receipt.howToCheck'),
    claimCode: tp('claim.receiptCode'),
    howToClaim: tp('claim.receiptHowTo'),
    setupAccount: tp('setup.receiptAccount'),
    setupCode: tp('setup.receiptCode'),
    setupHowTo: tp('setup.receiptHowTo'),
  }
  // Issue #18: the desk may create the account without a password and print a code to set it.
  const setupOption = can(toActor(user), 'registration.createAccount')
    ? await setupCodeOption(getDb(), params.id ?? '')
    : null
  return json({ ...row, texts, setupOption })
}

// A claim code (issue #18) is shown once, on the page the post answers: only its HMAC is kept.
export async function action(args: ActionFunctionArgs) {
  const registrationId = args.params.id ?? ''
  return formAction(args, {
    permission: 'registration.issueClaimCode',
    back: `/staff/registrations/${registrationId}/receipt`,
    intents: {
      claim_code: intent({
        permission: 'registration.issueClaimCode',
        run: async ({ db, user }) => {
          const issued = await issuePaperCode(db, { actorUserId: user.id, registrationId })
          return issued.ok
            ? json({ ok: true as const, code: issued.value.code, expiresAt: issued.value.expiresAt })
            : issued
        },
      }),
      // The code to set the password of an account created without one: shown once, like the above.
      setup_code: intent({
        permission: 'registration.createAccount',
        run: async ({ db, user }) => {
          const issued = await deskSetupCode(db, { actorUserId: user.id, registrationId })
          return issued.ok ? json({ ok: true as const, setup: issued.value }) : issued
        },
      }),
    },
  })
}

type Issued =
  | { ok: true; code: string; expiresAt: string }
  | { ok: true; setup: { code: string; expiresAt: string; identifier: string } }

export default function Receipt() {
  const { t } = useTranslation('registration')
  const r = useLoaderData<typeof loader>()
  const answer = useActionData() as Issued | ActionFailure | undefined
  const issued = answer?.ok && 'code' in answer ? answer : undefined
  const setup = answer?.ok && 'setup' in answer ? answer.setup : undefined
  const formError = answer && !answer.ok ? answer.fieldErrors.form : undefined
  const tx = r.texts
  return (
    <div className="page">
      <h1 className="visually-hidden">{t('receipt.title')}</h1>
      <p className="notice notice--ok" role="status">
        {t('receipt.saved')}
      </p>
      <section
        className="receipt"
        lang={r.preferred_language}
        dir={directionOf(r.preferred_language)}
        aria-label={tx.title}
      >
        <h2>{tx.heading}</h2>
        <p>
          <bdi>{r.social_name ?? r.full_name}</bdi>
        </p>
        <p>{tx.protocol}:</p>
        <p className="protocol mono">
          <bdi dir="ltr">{r.protocol}</bdi>
        </p>
        <p>
          {tx.subprefecture}: {r.subprefecture}
        </p>
        <p>
          <DateTime iso={r.created_at} language={r.preferred_language} dateOnly />
        </p>
        <p>{tx.howToCheck}</p>
        {issued ? (
          <>
            <p>{tx.claimCode}:</p>
            <p className="protocol mono" data-testid="claim-code">
              {issued.code}
            </p>
            <p>
              {tx.howToClaim} (<DateTime iso={issued.expiresAt} language={r.preferred_language} dateOnly />)
            </p>
          </>
        ) : null}
        {setup ? (
          <>
            <p>
              {tx.setupAccount}: <span className="mono">{setup.identifier}</span>
            </p>
            <p>{tx.setupCode}:</p>
            <p className="protocol mono" data-testid="setup-code">
              {setup.code.slice(0, 4)} {setup.code.slice(4)}
            </p>
            <p>
              {tx.setupHowTo} (<DateTime iso={setup.expiresAt} language={r.preferred_language} dateOnly />)
            </p>
          </>
        ) : null}
      </section>
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`claim.errors.${formError}`)}
        </p>
      ) : null}
      {issued || setup ? null : (
        <Form method="post">
          <SubmitButton intent="claim_code" className="secondary">
            {t('claim.printCode')}
          </SubmitButton>
        </Form>
      )}
      {r.setupOption && !issued && !setup ? (
        <Form method="post">
          <p>{t('setup.deskIntro')}</p>
          <SubmitButton intent="setup_code" className="secondary">
            {t(r.setupOption === 'create' ? 'setup.deskCreate' : 'setup.deskReissue')}
          </SubmitButton>
        </Form>
      ) : null}
      <p>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
      </p>
    </div>
  )
}
