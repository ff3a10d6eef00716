import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { preparatoryConferences } from '../conference/delegates.server'
import { getEdition } from '../conference/editions.server'
import { submitProposal } from '../conference/proposals.server'
import { ProposalSchema } from '../conference/schemas.server'
import { BackToEdition, useAxisLabel, useConferenceFailure } from '../conference/view'
import { getLanguage } from '../i18n/i18n.server'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { SubmitButton } from '../ui/action-feedback'
import { FormErrorSummary, SelectField, TextAreaField, TextField } from '../ui/form'

export const handle = { i18n: ['conference', 'reference'], title: 'conference:propose.title', hydrate: false }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'conference.propose')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const onBehalf = can(toActor(user), 'conference.manage')
  return json({
    edition: { id: found.edition.id, title_i18n: found.edition.title_i18n, phase: found.edition.phase },
    axes: found.axes,
    language: await getLanguage(request),
    preparatory: onBehalf
      ? (await preparatoryConferences(db, found.edition.id)).map((p) => ({ id: p.id, name: p.name }))
      : [],
  })
}

export async function action(args: ActionFunctionArgs) {
  const editionId = args.params.id ?? ''
  return formAction(args, {
    permission: 'conference.propose',
    back: `/conference/${editionId}/proposals`,
    handler: intent({
      permission: 'conference.propose',
      schema: ProposalSchema,
      run: ({ db, user, data }) =>
        submitProposal(db, {
          ...data,
          editionId,
          userId: user.id,
          bySecretariat: can(toActor(user), 'conference.manage'),
        }),
      redirectTo: (made) => `/conference/${editionId}/proposals/${made.id}?done=submitted`,
    }),
  })
}

export default function NewProposal() {
  const { t } = useTranslation(['conference', 'reference'])
  const { edition, axes, language, preparatory } = useLoaderData<typeof loader>()
  const failed = useConferenceFailure()()
  const axisLabel = useAxisLabel()
  const errors = failed?.errors
  const v = failed?.values ?? {}
  const formError = failed?.refusal
  return (
    <div className="page">
      <BackToEdition edition={edition} />
      <h1>{t('propose.title')}</h1>
      {edition.phase !== 'proposals_open' ? (
        <p className="notice">{t('errors.wrong_phase')}</p>
      ) : (
        <>
          <p>{t('propose.intro')}</p>
          <FormErrorSummary errors={failed?.all} />
          {formError ? (
            <p className="notice notice--error" role="alert">
              {t(`errors.${formError}`)}
            </p>
          ) : null}
          <Form method="post" className="stack">
            <SelectField
              name="axisId"
              label={t('propose.axis')}
              defaultValue={v.axisId ?? ''}
              error={errors?.axisId}
              options={[
                { value: '', label: t('propose.choose') },
                ...axes.map((a) => ({ value: a.id, label: axisLabel(a) })),
              ]}
            />
            <SelectField
              name="language"
              label={t('propose.language')}
              hint={t('propose.languageHint')}
              defaultValue={v.language ?? language}
              error={errors?.language}
              options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
            />
            <TextField
              name="title"
              label={t('propose.titleField')}
              defaultValue={v.title}
              error={errors?.title}
              maxLength={200}
            />
            <TextAreaField
              name="body"
              label={t('propose.body')}
              hint={t('propose.bodyHint')}
              rows={6}
              defaultValue={v.body}
              error={errors?.body}
            />
            <TextAreaField
              name="justification"
              label={t('propose.justification')}
              rows={4}
              defaultValue={v.justification}
              error={errors?.justification}
            />
            <TextField
              name="coauthors"
              label={t('propose.coauthors')}
              hint={t('propose.coauthorsHint')}
              defaultValue={v.coauthors}
              error={errors?.coauthors}
            />
            {preparatory.length ? (
              <SelectField
                name="preparatoryId"
                label={t('propose.preparatory')}
                defaultValue={v.preparatoryId ?? ''}
                options={[
                  { value: '', label: t('propose.online') },
                  ...preparatory.map((p) => ({ value: p.id, label: p.name })),
                ]}
              />
            ) : null}
            <SubmitButton>{t('propose.submit')}</SubmitButton>
          </Form>
        </>
      )}
    </div>
  )
}
