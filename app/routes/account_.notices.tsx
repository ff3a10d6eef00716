import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { NOTICE_GROUP_NAMES } from '../notices/kinds'
import { chooseChannel } from '../notices/notify.server'
import { preferencesOf, savePreferences } from '../notices/preferences.server'
import { NoticePreferencesSchema } from '../notices/schemas'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, RadioGroup } from '../ui/form'
import { isolate } from '../ui/localised'

export const handle = { i18n: ['notices'], title: 'notices:page.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'account.notices')
  const stored = await preferencesOf(getDb(), user.id)
  const contact = { email: user.email, phone: user.phone }
  // A group without a choice shows the channel its notices take by default.
  const fallback = chooseChannel(null, contact).channel
  const choices = Object.fromEntries(
    NOTICE_GROUP_NAMES.map((g) => [g, stored[g] === 'default' ? fallback : stored[g]]),
  )
  return json({ email: user.email, phone: user.phone, choices })
}

const DONE = ['saved'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'account.notices',
    back: '/account/notices',
    done: DONE,
    handler: intent({
      permission: 'account.notices',
      schema: NoticePreferencesSchema,
      run: async ({ db, user, data }) => {
        const saved = await savePreferences(db, {
          userId: user.id,
          choices: data,
          contact: { email: user.email, phone: user.phone },
        })
        if (!saved.ok) return saved
        return redirect('/account/notices?done=saved')
      },
    }),
  })
}

export default function NoticePreferencesPage() {
  const { t } = useTranslation('notices')
  const data = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const failure = failedFor()
  const errors = failure?.fieldErrors
  const values = (failure?.values ?? {}) as Record<string, string>
  const channels = [...(data.email ? ['email'] : []), ...(data.phone ? ['sms'] : []), 'none'] as const
  return (
    <div className="page">
      <h1>{t('page.title')}</h1>
      <p>{t('page.intro')}</p>
      <p>
        {t('page.contacts', {
          email: data.email ? isolate(data.email) : t('page.noContact'),
          phone: data.phone ? isolate(data.phone) : t('page.noContact'),
        })}
      </p>
      {!data.email ? <p>{t('page.noEmail')}</p> : !data.phone ? <p>{t('page.noPhone')}</p> : null}
      {errors ? (
        <FormErrorSummary errors={errors} />
      ) : (
        <DoneNotice keys={DONE} message={() => t('page.saved')} />
      )}
      <Form method="post" className="stack" noValidate>
        {NOTICE_GROUP_NAMES.map((group) => (
          <RadioGroup
            key={group}
            name={group}
            legend={t(`groups.${group}.title`)}
            hint={t(`groups.${group}.hint`)}
            options={channels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
            defaultValue={values[group] ?? data.choices[group]}
            error={errors?.[group]}
          />
        ))}
        <SubmitButton>{t('page.save')}</SubmitButton>
      </Form>
    </div>
  )
}
