import { useId, type InputHTMLAttributes, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldErrors } from '../lib/forms'
import { directionOf } from '../i18n/config'

/** Renders a translation key from the validation namespace, falling back to a generic message. */
export function useErrorText() {
  const { t, i18n } = useTranslation('validation')
  return (key: string | undefined, values?: Record<string, unknown>) => {
    if (!key) return undefined
    return i18n.exists(`validation:${key}`) ? t(key, values) : t('invalid_value')
  }
}

type FieldProps = {
  name: string
  label: string
  hint?: ReactNode
  error?: string
  defaultValue?: string
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'defaultValue'>

/** A labelled input whose error sits beside it and is announced (aria-describedby/invalid). */
/** Ids and the translated error for one field, so every control is described the same way. */
function useFieldIds(hint: ReactNode | undefined, error: string | undefined) {
  const id = useId()
  const errorText = useErrorText()(error)
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = errorText ? `${id}-error` : undefined
  const control = {
    id,
    'aria-invalid': errorText ? true : undefined,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
  }
  return { id, errorText, hintId, errorId, control }
}

/** Label, hint and error above a control: the layout every text-like field shares. */
function LabelledField({
  field,
  label,
  hint,
  children,
}: {
  field: ReturnType<typeof useFieldIds>
  label: string
  hint?: ReactNode
  children: ReactNode
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={field.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {field.errorText ? (
        <p id={field.errorId} className="field-error">
          {field.errorText}
        </p>
      ) : null}
      {children}
    </div>
  )
}

export function TextField({ name, label, hint, error, defaultValue, ...input }: FieldProps) {
  const field = useFieldIds(hint, error)
  return (
    <LabelledField field={field} label={label} hint={hint}>
      <input name={name} defaultValue={defaultValue} {...field.control} {...input} />
    </LabelledField>
  )
}

type SelectProps = {
  name: string
  label: string
  options: { value: string; label: string; lang?: string; dir?: 'ltr' | 'rtl' }[]
  error?: string
  defaultValue?: string
  hint?: ReactNode
  required?: boolean
}

export function SelectField({ name, label, options, error, defaultValue, hint, required }: SelectProps) {
  const field = useFieldIds(hint, error)
  return (
    <LabelledField field={field} label={label} hint={hint}>
      <select name={name} defaultValue={defaultValue} required={required} {...field.control}>
        {options.map((o) => (
          <option
            key={o.value}
            value={o.value}
            lang={o.lang}
            dir={o.dir ?? (o.lang ? directionOf(o.lang) : undefined)}
          >
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  )
}

export function CheckboxField({
  name,
  label,
  error,
  defaultChecked,
  value = 'yes',
}: {
  name: string
  label: ReactNode
  error?: string
  defaultChecked?: boolean
  value?: string
}) {
  const id = useId()
  const errorText = useErrorText()(error)
  const errorId = errorText ? `${id}-error` : undefined
  return (
    <div className="field">
      {errorText ? (
        <p id={errorId} className="field-error">
          {errorText}
        </p>
      ) : null}
      <div className="checkbox">
        <input
          id={id}
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={defaultChecked}
          aria-invalid={errorText ? true : undefined}
          aria-describedby={errorId}
        />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  )
}

/** A summary at the top of a failed form, so screen-reader users learn at once that it failed. */
export function FormErrorSummary({ errors }: { errors?: FieldErrors }) {
  const { t } = useTranslation('validation')
  if (!errors || Object.keys(errors).length === 0) return null
  return (
    <div className="notice notice--error" role="alert">
      <p>{t('summary')}</p>
    </div>
  )
}

/**
 * Radio buttons (or checkboxes, with `multiple`) in a fieldset whose legend is the question; the
 * error sits under the legend.
 */
export function RadioGroup({
  name,
  legend,
  options,
  error,
  defaultValue,
  hint,
  multiple = false,
}: {
  name: string
  legend: ReactNode
  options: { value: string; label: ReactNode }[]
  error?: string
  defaultValue?: string | readonly string[]
  hint?: ReactNode
  multiple?: boolean
}) {
  const checked = (value: string) =>
    Array.isArray(defaultValue) ? defaultValue.includes(value) : defaultValue === value
  const id = useId()
  const errorText = useErrorText()(error)
  return (
    <fieldset
      className="field radio-group"
      aria-describedby={errorText ? `${id}-error` : undefined}
      aria-invalid={errorText ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {errorText ? (
        <p id={`${id}-error`} className="field-error">
          {errorText}
        </p>
      ) : null}
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            type={multiple ? 'checkbox' : 'radio'}
            id={`${id}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={checked(o.value)}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  )
}

/**
 * Fields that are checked together (seats that must add up): a fieldset whose error, about the
 * group as a whole, sits under the legend and describes the group.
 */
export function FieldGroup({
  legend,
  hint,
  error,
  children,
}: {
  legend: ReactNode
  hint?: ReactNode
  error?: string
  children: ReactNode
}) {
  const id = useId()
  const errorText = useErrorText()(error)
  const described = [hint ? `${id}-hint` : '', errorText ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <fieldset
      className="field stack"
      aria-describedby={described || undefined}
      aria-invalid={errorText ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {errorText ? (
        <p id={`${id}-error`} className="field-error">
          {errorText}
        </p>
      ) : null}
      {children}
    </fieldset>
  )
}

export function FileField({
  name,
  label,
  hint,
  error,
  multiple,
}: {
  name: string
  label: string
  hint?: ReactNode
  error?: string
  /** Several files under one name (the server reads them with `getAll`). */
  multiple?: boolean
}) {
  const field = useFieldIds(hint, error)
  return (
    <LabelledField field={field} label={label} hint={hint}>
      <input
        type="file"
        name={name}
        multiple={multiple}
        accept="image/jpeg,image/png,application/pdf"
        {...field.control}
      />
    </LabelledField>
  )
}

export function TextAreaField({
  name,
  label,
  hint,
  error,
  defaultValue,
  rows = 4,
  lang,
  dir,
  maxLength,
}: {
  name: string
  label: string
  hint?: ReactNode
  error?: string
  defaultValue?: string
  rows?: number
  lang?: string
  /** The server's limit for this field (from a non-`.server` module or the loader), never a copy. */
  maxLength?: number
  /** Text typed in another direction than the page's (an Arabic translation on a Portuguese page). */
  dir?: 'ltr' | 'rtl'
}) {
  const field = useFieldIds(hint, error)
  return (
    <LabelledField field={field} label={label} hint={hint}>
      <textarea
        name={name}
        rows={rows}
        lang={lang}
        dir={dir}
        defaultValue={defaultValue}
        maxLength={maxLength}
        {...field.control}
      />
    </LabelledField>
  )
}
