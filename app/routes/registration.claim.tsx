import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useRouteLoaderData,
  useSearchParams,
} from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { IdentifierField, NewPasswordFields } from '../auth/fields'
import { getActor, requirePermission, sessionCookie } from '../auth/guards.server'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { publicOrigin } from '../lib/env.server'
import { formAction, intent, publicIntent, type ActionFailure } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { redeemClaimCode, requestClaimCode } from '../registration/claim.server'
import { ClaimCreateSchema, ClaimFactsSchema, ClaimLinkSchema } from '../registration/schemas.server'
import type { RootData } from '../root'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FormErrorSummary, SelectField, TextField } from '../ui/form'

export const handle = { i18n: ['registration', 'auth', 'privacy'], title: 'registration:claim.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.claim')
  return json({ signedIn: Boolean(await getActor(request)) })
}

const DONE = ['linked', 'confirm'] as const

// Protocol, document and birth date travel in the form, never in a URL (they are private).
export async function action(args: ActionFunctionArgs) {
  const address = clientAddress(args.context)
  return formAction(args, {
    permission: 'registration.claim',
    back: '/registration/claim',
    done: DONE,
    intents: {
      send: publicIntent({
        permission: 'registration.claim',
        schema: ClaimFactsSchema,
        run: async ({ db, data }) => {
          const sent = await requestClaimCode(db, { ...data, clientAddress: address })
          return sent.ok
            ? json({ ok: true as const, step: 'code' as const, sentTo: sent.value.sentTo, facts: data })
            : sent
        },
      }),
      link: intent({
        permission: 'registration.linkClaim',
        schema: ClaimLinkSchema,
        run: ({ db, user, data }) =>
          redeemClaimCode(db, {
            ...data,
            clientAddress: address,
            account: { kind: 'existing', userId: user.id },
          }),
        redirectTo: () => '/registration/claim?done=linked',
      }),
      create: publicIntent({
        permission: 'account.signUp',
        schema: ClaimCreateSchema,
        run: async ({ db, data }) => {
          const redeemed = await redeemClaimCode(db, {
            ...data,
            clientAddress: address,
            account: {
              kind: 'new',
              identifier: data.email,
              displayName: data.displayName,
              password: data.password,
              preferredLanguage: data.preferredLanguage,
              origin: publicOrigin(),
            },
          })
          if (!redeemed.ok) return redeemed
          if (redeemed.value.outcome === 'confirm') return redirect('/registration/claim?done=confirm')
          const headers = new Headers()
          const session = redeemed.value.session
          if (session) headers.append('Set-Cookie', sessionCookie(session.token, session.expiresAt))
          return redirect('/registration/claim?done=linked', { headers })
        },
      }),
    },
  })
}

type Sent = {
  ok: true
  step: 'code'
  sentTo: string
  facts: { protocol: string; documentNumber: string; birthDate: string }
}

export default function ClaimPage() {
  const { t } = useTranslation(['registration', 'auth', 'privacy'])
  const { signedIn } = useLoaderData<typeof loader>()
  const answer = useActionData() as Sent | ActionFailure | undefined
  const failedFor = useActionFailure()
  const [params] = useSearchParams()
  const sent = answer && answer.ok ? answer : undefined
  const failedSend = failedFor('send')
  const failedCode = failedFor(signedIn ? 'link' : 'create')
  const codeStep = Boolean(sent || failedCode || params.get('step') === 'code')
  return (
    <div className="page">
      <h1>{t('claim.title')}</h1>
      <DoneNotice keys={DONE} message={(done) => t(`claim.done.${done}`)} />
      {codeStep ? (
        <CodeStep signedIn={signedIn} sent={sent} failed={failedCode} />
      ) : (
        <>
          <p>{t('claim.intro')}</p>
          <FactsErrors failed={failedSend} />
          <Form method="post" className="stack" noValidate>
            <FactFields values={failedSend?.values ?? {}} errors={failedSend?.fieldErrors} />
            <SubmitButton intent="send">{t('claim.send')}</SubmitButton>
          </Form>
          <p>
            <Link to="/registration/claim?step=code">{t('claim.havePaperCode')}</Link>
          </p>
        </>
      )}
    </div>
  )
}

/** A refusal of the whole form (no such registration, already claimed…) above it, translated. */
function FactsErrors({ failed }: { failed?: ActionFailure }) {
  const { t } = useTranslation('registration')
  const formError = failed?.fieldErrors.form
  if (formError)
    return (
      <p className="notice notice--error" role="alert">
        {t(`claim.errors.${formError}`)}
      </p>
    )
  return <FormErrorSummary errors={failed?.fieldErrors} />
}

function FactFields({ values, errors }: { values: Record<string, string>; errors?: Record<string, string> }) {
  const { t } = useTranslation('registration')
  return (
    <>
      <TextField
        name="protocol"
        label={t('check.protocol')}
        hint={t('check.protocolHint')}
        autoComplete="off"
        defaultValue={values.protocol}
        error={errors?.protocol}
        required
      />
      <TextField
        name="documentNumber"
        label={t('fields.documentNumber')}
        hint={t('claim.documentHint')}
        autoComplete="off"
        defaultValue={values.documentNumber}
        error={errors?.documentNumber}
        required
      />
      <TextField
        name="birthDate"
        type="date"
        label={t('fields.birthDate')}
        hint={t('fields.birthDateHint')}
        defaultValue={values.birthDate}
        error={errors?.birthDate}
        required
      />
    </>
  )
}

function CodeStep({ signedIn, sent, failed }: { signedIn: boolean; sent?: Sent; failed?: ActionFailure }) {
  const { t } = useTranslation(['registration', 'auth', 'privacy'])
  const root = useRouteLoaderData<RootData>('root')
  const errors = failed?.fieldErrors
  const values = sent ? { ...sent.facts } : (failed?.values ?? {})
  // Facts already checked (a code was just sent) are carried hidden; otherwise they are typed here.
  const factsHidden = Boolean(sent)
  return (
    <>
      {sent ? (
        <p className="notice notice--ok" role="status">
          {t('claim.sent', { to: sent.sentTo })}
        </p>
      ) : (
        <p>{t('claim.codeIntro')}</p>
      )}
      <FactsErrors failed={failed} />
      <Form method="post" className="stack" noValidate>
        {factsHidden ? (
          <>
            <input type="hidden" name="protocol" value={values.protocol} />
            <input type="hidden" name="documentNumber" value={values.documentNumber} />
            <input type="hidden" name="birthDate" value={values.birthDate} />
          </>
        ) : (
          <FactFields values={values} errors={errors} />
        )}
        <TextField
          name="code"
          label={t('claim.code')}
          hint={t('claim.codeHint')}
          autoComplete="one-time-code"
          inputMode="numeric"
          error={errors?.code}
          required
        />
        {signedIn ? (
          <>
            <p>{t('claim.linkToThisAccount')}</p>
            <SubmitButton intent="link">{t('claim.link')}</SubmitButton>
          </>
        ) : (
          <>
            <h2>{t('claim.newAccount')}</h2>
            <p>
              {t('claim.haveAccount')}{' '}
              <Link to="/login?redirectTo=/registration/claim">{t('auth:signup.loginLink')}</Link>
            </p>
            <TextField
              name="displayName"
              label={t('auth:fields.displayName')}
              hint={t('auth:fields.displayNameHint')}
              autoComplete="name"
              defaultValue={values.displayName}
              error={errors?.displayName}
              required
            />
            <IdentifierField value={values.email} error={errors?.email} />
            <NewPasswordFields name="password" errors={errors} />
            <SelectField
              name="preferredLanguage"
              label={t('auth:fields.preferredLanguage')}
              defaultValue={values.preferredLanguage ?? root?.language}
              error={errors?.preferredLanguage}
              options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
            />
            <section aria-labelledby="consent-heading" className="notice">
              <h2 id="consent-heading">{t('privacy:consent.accountTitle')}</h2>
              <p>{t('privacy:consent.accountPurpose')}</p>
              <p>{t('privacy:consent.accountBasis')}</p>
            </section>
            <CheckboxField
              name="consent"
              label={t('privacy:consent.accountAgree')}
              defaultChecked={values.consent === 'yes'}
              error={errors?.consent}
            />
            <SubmitButton intent="create">{t('claim.create')}</SubmitButton>
          </>
        )}
      </Form>
      <p>
        <Link to="/registration/claim">{t('claim.startAgain')}</Link>
      </p>
    </>
  )
}
