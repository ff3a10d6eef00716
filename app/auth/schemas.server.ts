import { z } from 'zod'
import { stripControlCharacters } from '../lib/fields.server'
import { LANGUAGES } from '../i18n/config'
import { MAX_EMAIL_LENGTH, parseIdentifier } from './identifier'

// Messages are translation keys (validation namespace); the server is the source of truth.
const password = z.string({ required_error: 'required' }).min(8, 'password_too_short').max(200, 'too_long')

/** An e-mail or phone as sign-in takes it (checked with parseIdentifier). */
export const SignInIdentifier = z
  .string({ required_error: 'required' })
  .trim()
  .min(1, 'required')
  .max(MAX_EMAIL_LENGTH, 'too_long')
  // zod runs refinements even after .max fails: a value already too long is not parsed again.
  .refine((v) => v.length > MAX_EMAIL_LENGTH || parseIdentifier(v) !== null, 'identifier_invalid')

export const LoginSchema = z.object({
  email: SignInIdentifier,
  password: z.string({ required_error: 'required' }).min(1, 'required').max(200, 'too_long'),
  redirectTo: z.string().optional(),
  /** "This is a shared computer": the session cookie ends with the browser. */
  sharedComputer: z.enum(['yes']).optional(),
})

export const SignUpSchema = z
  .object({
    email: SignInIdentifier,
    displayName: z
      .string({ required_error: 'required' })
      .trim()
      .max(120, 'too_long')
      .transform((v) => stripControlCharacters(v).trim())
      .pipe(z.string().min(1, 'required')),
    password,
    passwordConfirm: z.string({ required_error: 'required' }).min(1, 'required'),
    preferredLanguage: z.enum(LANGUAGES, { errorMap: () => ({ message: 'choose_option' }) }),
    consent: z.literal('yes', { errorMap: () => ({ message: 'consent_required' }) }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'passwords_differ' })

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: 'required' }).min(1, 'required').max(200, 'too_long'),
    newPassword: password,
    newPasswordConfirm: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ['newPasswordConfirm'],
    message: 'passwords_differ',
  })

export const ForgotPasswordSchema = z.object({ email: SignInIdentifier })

/** The code sent by SMS (#18): the phone it went to, its six digits (spaces allowed), a new password. */
export const ResetCodeSchema = z
  .object({
    phone: z
      .string({ required_error: 'required' })
      .trim()
      .min(1, 'required')
      .max(40, 'too_long')
      .refine((v) => v.length > 40 || parseIdentifier(v)?.kind === 'phone', 'phone_invalid'),
    code: z
      .string({ required_error: 'required' })
      .max(20, 'too_long')
      .transform((v) => v.replace(/[\s-]/g, ''))
      .pipe(
        z
          .string()
          .min(1, 'required')
          .regex(/^\d{6}$/, 'reset_code_format'),
      ),
    newPassword: password,
    newPasswordConfirm: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ['newPasswordConfirm'],
    message: 'passwords_differ',
  })

export const ResetPasswordSchema = z
  .object({
    newPassword: password,
    newPasswordConfirm: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ['newPasswordConfirm'],
    message: 'passwords_differ',
  })

/** The desk's code to set the password (#18): the account's e-mail or phone, 8 digits, a password. */
export const SetupPasswordSchema = z
  .object({
    email: SignInIdentifier,
    code: z
      .string({ required_error: 'required' })
      .max(30, 'too_long')
      .transform((v) => v.normalize('NFKC').replace(/[\s-]/g, ''))
      .pipe(
        z
          .string()
          .min(1, 'required')
          .regex(/^\d{8}$/, 'setup_code_format'),
      ),
    password,
    passwordConfirm: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'passwords_differ' })
