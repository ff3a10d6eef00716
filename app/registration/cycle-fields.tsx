import { useTranslation } from 'react-i18next'
import type { FieldErrors } from '../lib/forms'
import { CheckboxField, TextField } from '../ui/form'

/** A census cycle's rules as the form posts them (strings, as the user typed them). */
export type CycleRulesValues = {
  name?: string
  electionDay?: string
  minVoterAge?: string
  minCandidateAge?: string
  proofOfResidenceRequired?: string
  documentRetentionDays?: string
}

/** The fields of a cycle's rules: shared by the current cycle's settings and the next cycle's form. */
export function CycleRulesFields({ values: v, errors }: { values: CycleRulesValues; errors?: FieldErrors }) {
  const { t } = useTranslation('registration')
  return (
    <>
      <TextField name="name" label={t('cycle.name')} defaultValue={v.name} error={errors?.name} required />
      <TextField
        name="electionDay"
        type="date"
        label={t('cycle.electionDay')}
        hint={t('cycle.electionDayHint')}
        defaultValue={v.electionDay}
        error={errors?.electionDay}
        required
      />
      <TextField
        name="minVoterAge"
        type="number"
        inputMode="numeric"
        label={t('cycle.minVoterAge')}
        defaultValue={v.minVoterAge}
        error={errors?.minVoterAge}
        required
      />
      <TextField
        name="minCandidateAge"
        type="number"
        inputMode="numeric"
        label={t('cycle.minCandidateAge')}
        defaultValue={v.minCandidateAge}
        error={errors?.minCandidateAge}
        required
      />
      <CheckboxField
        name="proofOfResidenceRequired"
        label={t('cycle.proofRequired')}
        defaultChecked={v.proofOfResidenceRequired === 'yes'}
      />
      <TextField
        name="documentRetentionDays"
        type="number"
        inputMode="numeric"
        label={t('cycle.retentionDays')}
        hint={t('cycle.retentionHint')}
        defaultValue={v.documentRetentionDays}
        error={errors?.documentRetentionDays}
        required
      />
    </>
  )
}
