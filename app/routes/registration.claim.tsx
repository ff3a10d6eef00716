import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { NewAccountFields } from '../auth/fields'
import { getActor, requirePermission, sessionCookie } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'
import { formAction, intent, publicIntent, type ActionFailure } from '../lib/form-action.server'
import { clientAddress } from '../lib/request.server'
import { redeemClaimCode, requestClaimCode } from '../registration/claim.server'
import { RegistrationLookupFields } from '../registration/fields'
import {
  completePendingClaim,
  holdClaim,
  pendingClaimCookie,
  pendingClaimOf,
  pendingClaimToken,
} from '../registration/pending-claim.server'
import {
  ClaimCreateSchema,
  ClaimFactsSchema,
  ClaimHoldSchema,
  ClaimLinkSchema,
} from '../registration/schemas.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextField } from '../ui/form'
import { isolate } from '../ui/localised'

export const handle = {
  i18n: ['registration', 'auth', 'privacy'],
  title: 'registration:claim.title',
  hydrate: false,
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.claim')
  const actor = await getActor(request)
  const signedIn = Boolean(actor)
  // A claim verified before logging in (issue #18) waits in this browser for one click, signed in
  // with the e-mail or phone given at the hold.
  const pending = actor
    ? await pendingClaimOf(getDb(), { token: pendingClaimToken(request), userId: actor.id })
    : null
  return json({ signedIn, pending })
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
      // Not signed in, with an account: the code is checked now and the claim waits while the
      // person logs in; the login brings them back here to link it without typing anything again.
      // The claim is bound to the e-mail or phone they say they will sign in with (a shared browser).
      hold: publicIntent({
        permission: 'registration.claim',
        schema: ClaimHoldSchema,
        run: async ({ db, data }) => {
          const held = await holdClaim(db, { ...data, clientAddress: address })
          if (!held.ok) return held
          return redirect(`/login?redirectTo=${encodeURIComponent('/registration/claim')}`, {
            headers: { 'Set-Cookie': pendingClaimCookie(held.value.token) },
          })
        },
      }),
      complete: intent({
        permission: 'registration.linkClaim',
        run: async ({ db, user }) => {
          const done = await completePendingClaim(db, {
            token: pendingClaimToken(args.request),
            userId: user.id,
          })
          if (!done.ok) return done
          return redirect('/registration/claim?done=linked', {
            headers: { 'Set-Cookie': pendingClaimCookie(null) },
          })
        },
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
  const { signedIn, pending } = useLoaderData<typeof loader>()
  const answer = useActionData() as Sent | ActionFailure | undefined
  const failedFor = useActionFailure()
  const [params] = useSearchParams()
  const sent = answer && answer.ok ? answer : undefined
  const failedSend = failedFor('send')
  const failedCode = signedIn ? failedFor('link') : (failedFor('create') ?? failedFor('hold'))
  const failedPending = failedFor('complete')?.fieldErrors.form
  const codeStep = Boolean(sent || failedCode || params.get('step') === 'code')
  return (
    <div className="page">
      <h1>{t('claim.title')}</h1>
      <DoneNotice keys={DONE} message={(done) => t(`claim.done.${done}`)} />
      {failedPending ? (
        <p className="notice notice--error" role="alert">
          {t(`claim.errors.${failedPending}`)}
        </p>
      ) : null}
      {pending && params.get('step') !== 'code' ? (
        <>
          <p className="notice notice--ok" role="status">
            {t('claim.pending', { protocol: isolate(pending.protocol) })}
          </p>
          <Form method="post" className="stack">
            <SubmitButton intent="complete">{t('claim.link')}</SubmitButton>
          </Form>
          <p>
            <Link to="/registration/claim?step=code">{t('claim.startAgain')}</Link>
          </p>
        </>
      ) : codeStep ? (
        <CodeStep signedIn={signedIn} sent={sent} failed={failedCode} />
      ) : (
        <>
          <p>{t('claim.intro')}</p>
          <FactsErrors failed={failedSend} />
          <Form method="post" className="stack" noValidate>
            <RegistrationLookupFields
              values={failedSend?.values ?? {}}
              errors={failedSend?.fieldErrors}
              withDocument
            />
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

function CodeStep({ signedIn, sent, failed }: { signedIn: boolean; sent?: Sent; failed?: ActionFailure }) {
  const { t } = useTranslation(['registration', 'auth', 'privacy'])
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
          <RegistrationLookupFields values={values} errors={errors} withDocument />
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
              {t('claim.haveAccount')} <a href="#existing-account">{t('claim.existingAccount')}</a>
            </p>
            <NewAccountFields values={values} errors={errors} />
            <SubmitButton intent="create">{t('claim.create')}</SubmitButton>
            <h2 id="existing-account">{t('claim.existingAccount')}</h2>
            <p>{t('claim.holdIntro')}</p>
            <TextField
              name="identifier"
              label={t('claim.holdIdentifier')}
              hint={t('claim.holdIdentifierHint')}
              autoComplete="username"
              defaultValue={values.identifier}
              error={errors?.identifier}
              required
            />
            <SubmitButton intent="hold" className="secondary">
              {t('claim.hold')}
            </SubmitButton>
          </>
        )}
      </Form>
      <p>
        <Link to="/registration/claim">{t('claim.startAgain')}</Link>
      </p>
    </>
  )
}
