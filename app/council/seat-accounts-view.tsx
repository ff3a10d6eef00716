import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { SelectField, TextField, useErrorText } from '../ui/form'
import type { membersOn } from './bodies.server'
import type { bodyPlanActions } from './followed-actions.server'
import type { seatAccounts } from './seat-accounts.server'
import { isolate, useLocalisedLabel } from '../ui/localised'

// The secretariat's side of the counsellors' workspace on a body's page (issue #18): which account
// holds each serving seat, and which Plan actions the body follows. Plain forms, no JavaScript.

type Member = SerializeFrom<Awaited<ReturnType<typeof membersOn>>[number]>
type Accounts = SerializeFrom<Awaited<ReturnType<typeof seatAccounts>>>
type PlanActions = SerializeFrom<Awaited<ReturnType<typeof bodyPlanActions>>>

/** A refusal: the council's wording when it has one, else the shared validation messages. */
function useRefusalText() {
  const { t, i18n } = useTranslation('council')
  const fieldText = useErrorText()
  return (code?: string) =>
    code ? (i18n.exists(`council:errors.${code}`) ? t(`errors.${code}`) : fieldText(code)) : undefined
}

function Refusal({ code }: { code?: string }) {
  const text = useRefusalText()(code)
  return text ? (
    <p className="notice notice--error" role="alert">
      {text}
    </p>
  ) : null
}

export function SeatAccounts({
  bodyId,
  members,
  accounts,
}: {
  bodyId: string
  members: Member[]
  accounts: Accounts
}) {
  const { t } = useTranslation('council')
  const failure = useActionFailure()
  return (
    <section aria-labelledby="seat-accounts" className="stack card">
      <h2 id="seat-accounts">{t('seats.title')}</h2>
      <p>{t('seats.intro')}</p>
      <ul className="stack">
        {members.map((m) => {
          const account = accounts.linked[m.id]
          const candidate = accounts.candidate?.memberId === m.id ? accounts.candidate : null
          const found = failure('findAccount', m.id)
          const refused = failure('link', m.id) ?? failure('unlink', m.id) ?? found
          return (
            <li key={m.id} id={`seat-${m.id}`} className="stack">
              <p>
                <strong>
                  <bdi>{m.display_name}</bdi>
                </strong>{' '}
                — {t(`roles.${m.role}`)}
                {' · '}
                {account
                  ? t('seats.account', {
                      name: isolate(account.displayName),
                      contact: isolate(account.contact ?? '—'),
                    })
                  : t('seats.noAccount')}
              </p>
              <Refusal code={refused?.fieldErrors.form} />
              {candidate ? (
                <Form method="post" className="inline-form">
                  <p>
                    {t('seats.found', {
                      name: isolate(candidate.displayName),
                      contact: isolate(candidate.contact ?? '—'),
                    })}
                  </p>
                  <input type="hidden" name="memberId" value={m.id} />
                  <input type="hidden" name="userId" value={candidate.userId} />
                  <input type="hidden" name="sig" value={candidate.sig} />
                  <SubmitButton intent="link">{t('seats.confirm')}</SubmitButton>
                  <Link to={`/council/bodies/${bodyId}#seat-${m.id}`}>{t('seats.cancel')}</Link>
                </Form>
              ) : (
                <details open={found ? true : undefined}>
                  <summary>{account ? t('seats.change') : t('seats.link')}</summary>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="memberId" value={m.id} />
                    <TextField
                      name="identifier"
                      label={t('seats.identifier')}
                      autoComplete="off"
                      defaultValue={found?.values.identifier}
                      error={found?.fieldErrors.identifier}
                    />
                    <SubmitButton intent="findAccount" className="secondary">
                      {t('seats.find')}
                    </SubmitButton>
                  </Form>
                </details>
              )}
              {account ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="memberId" value={m.id} />
                  <SubmitButton intent="unlink" className="secondary">
                    {t('seats.unlink')}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

export function FollowedActions({ actions }: { actions: PlanActions }) {
  const { t } = useTranslation('council')
  const failure = useActionFailure()
  const added = failure('follow')
  const label = useLocalisedLabel()
  const title = (a: { code: string; title_i18n: string }) => `${a.code} — ${label(a.title_i18n).label}`
  return (
    <section aria-labelledby="followed-actions" className="stack card">
      <h2 id="followed-actions">{t('followed.title')}</h2>
      <p>{t('followed.intro')}</p>
      <Refusal code={failure('unfollow')?.fieldErrors.form ?? added?.fieldErrors.form} />
      {actions.followed.length === 0 ? <p>{t('workspace.noPlan')}</p> : null}
      <ul className="stack">
        {actions.followed.map((a) => (
          <li key={a.id}>
            <Form method="post" className="inline-form">
              <span>{title(a)}</span>
              <input type="hidden" name="actionId" value={a.id} />
              <SubmitButton intent="unfollow" className="secondary">
                {t('followed.remove')}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      {actions.available.length ? (
        <Form method="post" className="inline-form">
          <SelectField
            name="actionId"
            label={t('followed.action')}
            defaultValue={added?.values.actionId}
            error={added?.fieldErrors.actionId}
            options={actions.available.map((a) => ({ value: a.id, label: title(a) }))}
          />
          <SubmitButton intent="follow">{t('followed.add')}</SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}
