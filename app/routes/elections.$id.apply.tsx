import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { contestTitle, segmentHelp } from '../elections/ballot-form'
import { applyWithFiles, candidacyForm } from '../elections/candidacies.server'
import { APPLY_KINDS } from '../elections/candidacy-kinds'
import { applyCrossChecks, ApplySchema } from '../elections/schemas.server'
import { OrganisationFields } from '../elections/organisation-fields'
import { BackToElection } from '../elections/view'
import { getLanguage } from '../i18n/i18n.server'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { readMultipartForm } from '../lib/uploads.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import {
  CheckboxField,
  FileField,
  FormErrorSummary,
  RadioGroup,
  SelectField,
  TextAreaField,
} from '../ui/form'

export const handle = { i18n: ['elections', 'registration'], title: 'elections:apply.title', hydrate: false }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'elections.apply')
  const form = await candidacyForm(getDb(), { electionId: params.id ?? '', userId: user.id })
  if (!form) throw new Response('Not found', { status: 404 })
  return json({ ...form, language: await getLanguage(request) })
}

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  return formAction(args, {
    permission: 'elections.apply',
    // Success shows the `applied` banner on the election's page.
    back: `/elections/${electionId}`,
    readBody: readMultipartForm,
    handler: intent({
      permission: 'elections.apply',
      schema: ApplySchema,
      crossChecks: applyCrossChecks,
      run: ({ db, user, data, formData }) =>
        applyWithFiles(db, {
          userId: user.id,
          electionId,
          contestId: data.contestId,
          kind: data.kind,
          organisationName: data.organisationName,
          alternateRepresentative: data.alternateRepresentative,
          representative: data.representative,
          statement: data.statement,
          language: data.statementLanguage,
          photo: formData.get('photo'),
          proofs: formData.getAll('proof'),
        }),
      done: 'applied',
    }),
  })
}

export default function Apply() {
  const { t } = useTranslation(['elections', 'registration', 'common'])
  const { election, contests, isVoter, language } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const values = failed?.values ?? {}
  const formError =
    errors?.form ??
    (errors?.contestId && !['required', 'choose_option'].includes(errors.contestId)
      ? errors.contestId
      : undefined)
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('apply.title')}</h1>
      {election.phase !== 'candidacy_open' ? (
        <p className="notice">{t('errors.wrong_phase')}</p>
      ) : (
        <>
          {!isVoter ? (
            <p className="notice">
              {election.body === 'cmi' ? t('apply.notVoterCmi') : t('apply.notVoter')}{' '}
              <Link to="/registration">{t('apply.register')}</Link>
            </p>
          ) : null}
          <p>{t('apply.intro')}</p>
          <FormErrorSummary errors={errors} />
          {formError ? (
            <p className="notice notice--error" role="alert">
              {t(`errors.${formError}`)}
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="stack">
            <SelectField
              name="contestId"
              label={t('apply.contest')}
              hint={contests
                .filter((c) => segmentHelp(t, c))
                .map((c, i) => (
                  <span key={c.id}>
                    {i > 0 ? <br /> : null}
                    {contestTitle(t, c)}: {segmentHelp(t, c)}
                  </span>
                ))}
              options={[
                { value: '', label: t('apply.choose') },
                ...contests.map((c) => ({ value: c.id, label: contestTitle(t, c) })),
              ]}
              defaultValue={values.contestId ?? (contests.length === 1 ? contests[0].id : '')}
              error={formError ? undefined : errors?.contestId}
            />
            <RadioGroup
              name="kind"
              legend={t('apply.kind')}
              options={APPLY_KINDS.map((k) => ({ value: k, label: t(`apply.kinds.${k}`) }))}
              defaultValue={values.kind ?? 'person'}
              error={errors?.kind}
            />
            <OrganisationFields values={values} errors={errors} />
            <SelectField
              name="statementLanguage"
              label={t('apply.statementLanguage')}
              options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
              defaultValue={values.statementLanguage ?? language}
              error={errors?.statementLanguage}
            />
            <TextAreaField
              name="statement"
              label={t('apply.statement')}
              hint={t('apply.statementHint')}
              rows={6}
              defaultValue={values.statement}
              error={errors?.statement}
            />
            <FileField
              name="photo"
              label={t('apply.photo')}
              hint={t('apply.photoHint')}
              error={errors?.photo}
            />
            <fieldset className="stack">
              <legend>{t('apply.checklist')}</legend>
              <CheckboxField
                name="checkEligible"
                label={t('apply.checkEligible')}
                error={errors?.checkEligible}
                defaultChecked={values.checkEligible === 'yes'}
              />
              <CheckboxField
                name="checkRules"
                label={t('apply.checkRules')}
                error={errors?.checkRules}
                defaultChecked={values.checkRules === 'yes'}
              />
              <CheckboxField
                name="checkPublic"
                label={t('apply.checkPublic')}
                error={errors?.checkPublic}
                defaultChecked={values.checkPublic === 'yes'}
              />
            </fieldset>
            <SubmitButton>{t('apply.submit')}</SubmitButton>
          </Form>
        </>
      )}
    </div>
  )
}
